"""The team page: an organisation's people with their role, last sign-in and status; its
administrators invite people, change roles and switch accounts off (never delete them).

Scope first: a person is looked up among `User.objects.in_organisation_of(request.user)`, so
someone of another organisation is a 404; then the predicate in accounts.permissions (403).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from accounts import permissions, services
from accounts.forms import InvitationForm, RoleForm
from accounts.models import Invitation, User
from partnerships.views.mixins import ConfirmationView, ServiceFormView


class TeamMixin(LoginRequiredMixin):
    """Signed in, in an organisation; `predicate(user)` (default: can see the team) or 403."""

    predicate = staticmethod(permissions.can_view_team)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.predicate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("accounts:team")


class TeamView(TeamMixin, TemplateView):
    template_name = "accounts/team.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        people = list(
            User.objects.in_organisation_of(user)
            .people()
            .select_related("trust", "school")
            .order_by("-is_active", "last_name", "first_name")
        )
        grants = permissions.own_organisation_grants(user)
        for person in people:
            # The same rule as permissions.can_manage_person, without a query per person.
            person.manageable = person.pk != user.pk and person.role in grants
        invitations = (
            Invitation.objects.for_organisation_of(user)
            .filter(status=Invitation.Status.PENDING)
            .select_related("invited_by")
        )
        return super().get_context_data(
            people=people,
            invitations=[
                (invitation, permissions.can_revoke_invitation(user, invitation)) for invitation in invitations
            ],
            organisation_name=user.organisation_name,
            can_invite=permissions.can_invite_anyone(user),
            **kwargs,
        )


class InviteView(TeamMixin, ServiceFormView):
    """Invite someone to the administrator's own organisation."""

    predicate = staticmethod(permissions.can_invite_anyone)
    template_name = "components/form_page.html"
    form_class = InvitationForm
    heading = "Invite someone to your team"

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "roles": permissions.own_organisation_grants(user),
            "can_grant_signing": permissions.can_grant_signing(user, user.trust),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=self.request.user.organisation_name, **kwargs)

    def perform(self, form):
        user = self.request.user
        data = form.cleaned_data
        in_trust = data["role"] in User.TRUST_ROLES
        return services.invitation_create(
            invited_by=user,
            email=data["email"],
            role=data["role"],
            trust=user.trust if in_trust else None,
            school=user.school if data["role"] in User.SCHOOL_ROLES else None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            can_sign_for_trust=bool(data.get("can_sign_for_trust")),
        )

    def get_success_message(self, invitation) -> str:
        return f"Invitation sent to {invitation.email}"


class PersonMixin(TeamMixin):
    """Loads `self.person` from the user's organisation (404 otherwise) and checks that the user
    may manage them (403)."""

    predicate = staticmethod(permissions.can_manage_team)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_view_team(request.user):
            self.person = get_object_or_404(
                User.objects.in_organisation_of(request.user).people(), pk=kwargs["person_pk"]
            )
            if not permissions.can_manage_person(request.user, self.person):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(caption=str(self.person), **kwargs)


class RoleChangeView(PersonMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = RoleForm

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "initial": {"role": self.person.role, "can_sign_for_trust": self.person.can_sign_for_trust},
            "roles": permissions.own_organisation_grants(user),
            "can_grant_signing": self.person.trust is not None
            and permissions.can_grant_signing(user, self.person.trust),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Change {self.person}'s role", **kwargs)

    def perform(self, form):
        signing = form.cleaned_data.get("can_sign_for_trust") if "can_sign_for_trust" in form.fields else None
        return services.user_change_role(
            person=self.person, role=form.cleaned_data["role"], changed_by=self.request.user, can_sign_for_trust=signing
        )

    def get_success_message(self, person) -> str:
        return f"{person} is now {person.get_role_display().lower()}"


class DeactivateView(PersonMixin, ConfirmationView):
    button_label = "Deactivate account"

    def get_heading(self) -> str:
        return f"Deactivate {self.person}'s account?"

    def get_explanation(self):
        return (
            f"{self.person} will no longer be able to sign in, and is signed out now. Their name stays on "
            "everything they did. You can reactivate the account later."
        )

    def perform(self, form):
        return services.user_deactivate(person=self.person, deactivated_by=self.request.user)

    def get_success_message(self, person) -> str:
        return f"{person}'s account has been deactivated"


class ReactivateView(PersonMixin, ConfirmationView):
    button_label = "Reactivate account"
    button_class = ""

    def get_heading(self) -> str:
        return f"Reactivate {self.person}'s account?"

    def get_explanation(self):
        return f"{self.person} will be able to sign in again as {self.person.get_role_display().lower()}."

    def perform(self, form):
        return services.user_reactivate(person=self.person, reactivated_by=self.request.user)

    def get_success_message(self, person) -> str:
        return f"{person}'s account has been reactivated"


class InvitationRevokeView(TeamMixin, ConfirmationView):
    button_label = "Withdraw invitation"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_view_team(request.user):
            self.invitation = get_object_or_404(
                Invitation.objects.for_organisation_of(request.user), pk=kwargs["invitation_pk"]
            )
            if not permissions.can_revoke_invitation(request.user, self.invitation):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_heading(self) -> str:
        return f"Withdraw the invitation to {self.invitation.email}?"

    def get_explanation(self):
        return "The link in their email will stop working. You can invite them again later."

    def perform(self, form):
        return services.invitation_revoke(invitation=self.invitation, revoked_by=self.request.user)

    def get_success_message(self, invitation) -> str:
        return f"The invitation to {invitation.email} has been withdrawn"
