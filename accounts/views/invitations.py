"""Accepting an invitation (no sign-in: the signed link is the credential) and trust staff
inviting a partner school's people from the partnership."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.generic import FormView

from accounts import permissions, services
from accounts.forms import AcceptInvitationForm, InvitationForm
from accounts.models import Invitation, User
from partnerships.models import Partnership
from partnerships.permissions import is_trust_staff_of
from partnerships.views.mixins import PartnershipMixin, ServiceFormView, add_service_errors

MODEL_BACKEND = "accounts.backends.EmailOrUsernameBackend"


def _broken_link(request, invitation: Invitation | None):
    """Expired, used, withdrawn or unknown: say so, and who to ask."""
    context = {
        "invitation": invitation,
        "state": invitation.state if invitation else "invalid",
        "contact": settings.SIGN_IN_HELP_CONTACT,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "accounts/invitation_unavailable.html", context, status=200 if invitation else 404)


class AcceptInvitationView(FormView):
    template_name = "accounts/invitation_accept.html"
    form_class = AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        self.invitation = services.invitation_from_token(kwargs["token"])
        if self.invitation is None or self.invitation.state != Invitation.Status.PENDING:
            return _broken_link(request, self.invitation)
        if request.user.is_authenticated:
            # Someone else's session on this browser would otherwise stay signed in as them.
            return render(request, "accounts/invitation_signed_in.html", {"invitation": self.invitation})
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"first_name": self.invitation.first_name, "last_name": self.invitation.last_name}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation, role=User.Role(self.invitation.role).label, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=self.invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) in services.invitations.NO_LONGER_PENDING:
                return _broken_link(self.request, services.invitation_from_token(self.kwargs["token"]))
            add_service_errors(form, error)
            return self.form_invalid(form)
        login(self.request, user, backend=MODEL_BACKEND)
        messages.success(self.request, f"Welcome, {user.first_name}. Your account is ready.")
        return redirect(settings.LOGIN_REDIRECT_URL)


class PartnershipInviteView(PartnershipMixin, ServiceFormView):
    """Trust staff invite the partner school's chair, clerk or headteacher, prefilled from the
    partnership's contacts (?role=chair or ?role=headteacher)."""

    template_name = "components/form_page.html"
    form_class = InvitationForm

    @staticmethod
    def permission(user, partnership: Partnership) -> bool:
        return is_trust_staff_of(user, partnership) and partnership.status in Partnership.Status.LIVE

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["roles"] = permissions.PARTNER_SCHOOL_GRANTS
        kwargs["initial"] = self.prefill(self.request.GET.get("role", ""))
        return kwargs

    def prefill(self, role: str) -> dict:
        partnership = self.partnership
        contacts = {
            User.Role.CHAIR: (partnership.chair_of_governors_name, partnership.chair_of_governors_email),
            User.Role.HEADTEACHER: (partnership.headteacher_name, partnership.headteacher_email),
        }
        if role not in permissions.PARTNER_SCHOOL_GRANTS:
            return {}
        name, email = contacts.get(role, ("", ""))
        first, _, last = (name or "").strip().rpartition(" ")
        return {"role": role, "first_name": first or last, "last_name": last if first else "", "email": email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Invite someone from {self.partnership.school.name}", **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.invitation_create(
            invited_by=self.request.user,
            email=data["email"],
            role=data["role"],
            school=self.partnership.school,
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            purpose=f"to work on the trust partnership {self.partnership.reference} with {self.partnership.trust.name}",
        )

    def get_success_message(self, invitation) -> str:
        return f"Invitation sent to {invitation.email}"
