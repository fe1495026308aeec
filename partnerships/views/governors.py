"""The school governors' pages: read the agreement, comment, approve or ask for changes, and
record the governing body's academisation consideration.

Every page starts from `visible_to(user)` (another school's partnership is a 404), then the
permission predicate (a trust's staff or oversight get 403 on the governors' actions).
"""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import selectors as agreement_selectors
from partnerships import permissions, services
from partnerships.forms import GovukDateField, GovukForm, example_date, gds_helper, textarea
from partnerships.models import AcademisationConsideration
from partnerships.oversight.record import partnership_record
from partnerships.services import review as review_services

from . import staff
from .mixins import ConfirmationView, PartnershipMixin, PartnershipPageView, ServiceFormView

Outcome = AcademisationConsideration.Outcome


# --- Forms ----------------------------------------------------------------------------------------


class ApproveForm(GovukForm):
    comment = forms.CharField(
        label="Anything to add? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, the date of the governing body meeting that agreed it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("comment", rows=3, label_size=Size.SMALL), submit=None, form_tag=False)


class RequestChangesForm(GovukForm):
    reason = forms.CharField(
        label="What does the trust need to change?",
        max_length=5000,
        widget=forms.Textarea,
        help_text="Say which sections or clauses, and what the governing body wants instead. The trust will see this.",
        error_messages={"required": "Enter what the trust needs to change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(textarea("reason", rows=6, label_size=Size.MEDIUM), submit="Send to the trust")


class AcademisationForm(GovukForm):
    consultation_started_on = GovukDateField(
        what="date the consultation started",
        label="When did the formal consultation start? (optional)",
        required=False,
        help_text=example_date("Leave blank if there has not been a formal consultation.", months_ahead=1, day=14),
    )
    outcome = forms.ChoiceField(
        label="What has the governing body decided?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the governing body has decided"},
    )
    decided_on = GovukDateField(
        what="decision date",
        label="Date of the decision",
        required=False,
        help_text=example_date("Leave blank if the governing body has not decided yet.", months_ahead=3, day=20),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, the consultation's findings or the next steps.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("consultation_started_on"),
            Field.radios("outcome"),
            Field("decided_on"),
            textarea("notes", rows=4),
            submit="Save",
        )
        self.helper.label_size = self.helper.legend_size = Size.SMALL

    def clean(self):
        # The service has the last word; checking here too shows every problem at once.
        cleaned = super().clean()
        decided = cleaned.get("outcome") in Outcome.DECIDED
        if decided and cleaned.get("decided_on") is None and "decided_on" not in self.errors:
            self.add_error("decided_on", review_services.DECISION_DATE_REQUIRED)
        if cleaned.get("outcome") == Outcome.UNDECIDED and cleaned.get("decided_on") is not None:
            self.add_error("decided_on", review_services.DECISION_DATE_NOT_ALLOWED)
        return cleaned

    def clean_consultation_started_on(self):
        return self._complete_date("consultation_started_on")

    def clean_decided_on(self):
        return self._complete_date("decided_on")

    def _complete_date(self, name):
        # A date with only some of day, month and year typed is an error, not a blank.
        value = self.cleaned_data.get(name)
        typed = [self.data.get(f"{name}_{part}", "").strip() for part in range(3)]
        if value is None and any(typed):
            raise forms.ValidationError(f"Enter the {self.fields[name].what}, including a day, month and year")
        return value


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
    permission = staticmethod(permissions.can_review)
    form_class = ApproveForm
    heading = "Approve the partnership agreement"
    button_label = "Approve the agreement"
    button_class = ""

    def get_explanation(self):
        partnership, user = self.partnership, self.request.user
        version = agreement_selectors.latest_version(partnership)
        named = "" if version is None else f"version {version.number} of "
        fingerprint = (
            []
            if version is None
            else [f"Version {version.number}'s fingerprint (SHA-256 of its terms) is {version.terms_sha256}."]
        )
        return [
            f"You are approving {named}the agreement between {partnership.school.name} and {partnership.trust.name} "
            f"on behalf of the school's governing body.",
            *fingerprint,
            f"The agreement will show that you ({user.display_name}) approved it today. The trust can then issue it.",
        ]

    def perform(self, form):
        return services.partnership_approve(
            partnership=self.partnership, approved_by=self.request.user, comment=form.cleaned_data["comment"]
        )

    def get_success_message(self, result) -> str:
        return "You approved the agreement. We have emailed the trust."


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
            return {}
        return {
            "consultation_started_on": record.consultation_started_on,
            "outcome": record.outcome,
            "decided_on": record.decided_on,
            "notes": record.notes,
        }

    def perform(self, form):
        return services.academisation_record(
            partnership=self.partnership, recorded_by=self.request.user, **form.cleaned_data
        )
