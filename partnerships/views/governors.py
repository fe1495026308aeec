"""The school governors' pages: read the agreement, comment, approve or ask for changes, and
record the governing body's academisation consideration.

Every page starts from `visible_to(user)` (another school's partnership is a 404), then the
permission predicate (a trust's staff or oversight get 403 on the governors' actions).
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import selectors as agreement_selectors
from agreements.variations import variation_summary
from partnerships import permissions, services
from partnerships.forms import AcademisationForm, ApproveForm, RequestChangesForm
from partnerships.models import AcademisationConsideration
from partnerships.oversight.record import partnership_record
from partnerships.services import lifecycle as lifecycle_services
from partnerships.services.lifecycle import version_under_review
from schools.conversions import conversion_into

from . import staff
from .mixins import ConfirmationView, PartnershipMixin, PartnershipPageView, ServiceFormView

Outcome = AcademisationConsideration.Outcome


# --- Pages ----------------------------------------------------------------------------------------


class GovernorPartnershipView(PartnershipPageView):
    """The governors' page for a partnership: the agreement to review, decisions, comments and
    the academisation consideration, with the actions the signed-in person may take now."""

    template_name = "partnerships/governor/partnership_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, user = self.partnership, self.request.user
        context.update(partnership_record(partnership, with_history=False))
        can_comment = permissions.can_comment(user, partnership)
        can_record_academisation = permissions.can_record_academisation(user, partnership)
        can_review = permissions.can_review(user, partnership)
        context.update(
            can_review=can_review,
            variation=variation_summary(partnership),
            # What changed since the version they asked changes to, while it is theirs to review.
            changes=agreement_selectors.changes_since_review(partnership) if can_review else None,
            review_version=agreement_selectors.latest_version(partnership) if can_review else None,
            can_record_academisation=can_record_academisation,
            # The shared record templates show "comment" and "record" links when these are set.
            comment_url=_url("partnerships:governor-comment-create", partnership) if can_comment else "",
            academisation_url=_url("partnerships:academisation", partnership) if can_record_academisation else "",
            **_agreement_links(partnership),
        )
        return context


def _agreement_links(partnership) -> dict:
    """Links to the agreement as a web page, its PDF (issued if there is one, else the latest
    draft) and every version."""
    version = agreement_selectors.version_in_force(partnership) or agreement_selectors.latest_version(partnership)
    pdf_url = ""
    if version is not None and version.is_rendered:
        pdf_url = reverse("agreements:version-download", args=[partnership.pk, version.number])
    return {
        "agreement_url": _url("agreements:agreement-detail", partnership),
        "agreement_versions_url": _url("agreements:version-list", partnership),
        "agreement_pdf_url": pdf_url,
        "agreement_pdf_version": version,
    }


def _url(name: str, partnership) -> str:
    return reverse(name, args=[partnership.pk])


class GovernorPageMixin(PartnershipMixin):
    """Back to, and after success on to, the governors' page for the partnership."""

    def detail_url(self) -> str:
        return _url("partnerships:governor-partnership-detail", self.partnership)


class ApproveView(GovernorPageMixin, ConfirmationView):
    """Approve the version in review, named with its number, date and fingerprint (or a variation,
    with what it changes)."""

    template_name = "partnerships/governor/approve.html"
    permission = staticmethod(permissions.can_approve)
    form_class = ApproveForm
    button_class = ""

    @property
    def version(self):
        if not hasattr(self, "_version"):
            self._version = version_under_review(self.partnership)
        return self._version

    @property
    def varying(self) -> bool:
        return self.partnership.status == self.partnership.Status.VARIATION_IN_REVIEW

    def get_heading(self) -> str:
        return "Approve the variation" if self.varying else "Approve the partnership agreement"

    @property
    def button_label(self) -> str:  # type: ignore[override]
        return "Approve the variation" if self.varying else "Approve the agreement"

    def get_initial(self):
        return {"agreement_version": self.version.number if self.version else None}

    def get_form_kwargs(self):
        authority = lifecycle_services.decision_authority(self.request.user, self.partnership)
        authorised_by = "" if authority == lifecycle_services.CHAIR_AUTHORITY else authority
        return {**super().get_form_kwargs(), "authorised_by": authorised_by}

    def get_explanation(self):
        partnership, user = self.partnership, self.request.user
        if self.varying:
            what = "a variation of the agreement"
        elif self.version is not None:
            what = f"version {self.version.number} of the agreement"
        else:
            what = "the agreement"
        return [
            f"You are approving {what} between {partnership.school.name} and {partnership.trust.name} "
            f"on behalf of the school's governing body.",
            f"The agreement will show that you ({user.display_name}) approved this version today. "
            "The trust can then issue it.",
        ]

    def get_context_data(self, **kwargs):
        from agreements.variations import variation_summary

        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["variation"] = variation_summary(self.partnership) if self.varying else None
        if self.version is None:
            context["can_confirm"] = False
            context["errors"] = [lifecycle_services.NO_VERSION_TO_APPROVE]
        return context

    def perform(self, form):
        read = self.partnership.agreement_versions.filter(number=form.cleaned_data["agreement_version"]).first()
        if read is None:
            raise ValidationError(lifecycle_services.NO_VERSION_TO_APPROVE)
        return services.partnership_approve(
            partnership=self.partnership,
            approved_by=self.request.user,
            comment=form.cleaned_data["comment"],
            agreement_version=read,
            meeting_date=form.cleaned_data["meeting_date"],
            meeting_resolution=form.cleaned_data["meeting_resolution"],
        )

    def get_success_message(self, result) -> str:
        return f"You approved version {self.version.number}. We have emailed the trust."


class RequestChangesView(GovernorPageMixin, ServiceFormView):
    template_name = "partnerships/governor/request_changes.html"
    permission = staticmethod(permissions.can_review)
    form_class = RequestChangesForm
    heading = "Ask the trust for changes"

    def perform(self, form):
        return services.partnership_request_changes(
            partnership=self.partnership, requested_by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, result) -> str:
        return "You asked the trust for changes. We have emailed them your reasons."


class GovernorCommentCreateView(GovernorPageMixin, staff.CommentCreateView):
    """The staff's comment page (same form and template), returning to the governors' page."""

    def clause(self, clause_id):
        try:
            return super().clause(clause_id)
        except ValidationError as error:
            # The clause is a hidden field: put the message where the error summary shows it.
            raise ValidationError(error.messages) from error

    def get_success_url(self) -> str:
        return self.detail_url()  # the success banner is at the top of the page


class AcademisationView(GovernorPageMixin, ServiceFormView):
    template_name = "partnerships/governor/academisation.html"
    permission = staticmethod(permissions.can_record_academisation)
    form_class = AcademisationForm
    heading = "Academisation consideration"
    success_message = "Academisation consideration saved"

    def get_initial(self):
        record = AcademisationConsideration.objects.filter(partnership=self.partnership).first()
        if record is None:
            # GIAS already shows the school reopened as an academy in this trust: offer that outcome.
            conversion = conversion_into(self.partnership.school, self.partnership.trust)
            return {"outcome": Outcome.JOIN_THIS_TRUST} if conversion else {}
        return {name: getattr(record, name) for name in AcademisationForm.base_fields}

    def perform(self, form):
        return services.academisation_record(
            partnership=self.partnership, recorded_by=self.request.user, **form.cleaned_data
        )
