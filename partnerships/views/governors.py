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
from agreements.variations import variation_summary
from partnerships import permissions, services
from partnerships.forms import GovukDateField, GovukForm, example_date, gds_helper, text, textarea
from partnerships.models import AcademisationConsideration
from partnerships.oversight.record import partnership_record
from partnerships.services import lifecycle as lifecycle_services
from partnerships.services import review as review_services
from partnerships.services.lifecycle import version_under_review
from schools.conversions import conversion_into

from . import staff
from .mixins import ConfirmationView, PartnershipMixin, PartnershipPageView, ServiceFormView

Outcome = AcademisationConsideration.Outcome


# --- Forms ----------------------------------------------------------------------------------------


class ApproveForm(GovukForm):
    # The version the person read: approving is refused if another is now in review.
    agreement_version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value"), "Reload the page and read the agreement again."
        ),
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, the date of the governing body meeting that agreed it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("agreement_version"), textarea("comment", rows=3, label_size=Size.SMALL), submit=None, form_tag=False
        )


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


def _step_date(what: str, label: str, hint: str = "") -> GovukDateField:
    return GovukDateField(what=what, label=f"{label} (optional)", required=False, help_text=hint)


class AcademisationForm(GovukForm):
    """The academisation record: the steps the governing body has taken so far, and its decision."""

    resolution_on = _step_date(
        "date of the governing body resolution",
        "Governing body resolution",
        "The meeting that resolved to apply for an academy order.",
    )
    consultation_started_on = GovukDateField(
        what="date the consultation started",
        label="When did the formal consultation start? (optional)",
        required=False,
        help_text=example_date("Leave blank if there has not been a formal consultation.", months_ahead=1, day=14),
    )
    consultation_ended_on = _step_date("date the consultation ended", "When did the consultation end?")
    consultees = forms.CharField(
        label="Who was consulted (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        help_text="For example, parents and carers, staff, the local authority and the diocese.",
    )
    consultation_outcome = forms.CharField(
        label="Outcome of the consultation (optional)", max_length=2000, required=False, widget=forms.Textarea
    )
    academy_order_applied_on = _step_date("date the academy order was applied for", "Academy order applied for")
    academy_order_made_on = _step_date("date the academy order was made", "Academy order made")
    foundation_consent_on = _step_date(
        "date of the diocese or foundation consent",
        "Diocese or foundation consent",
        "Church and other foundation schools need it before they convert.",
    )
    regional_director_informed_on = _step_date("date the regional director was informed", "Regional director informed")
    local_authority_informed_on = _step_date("date the local authority was informed", "Local authority informed")
    intended_conversion_on = _step_date(
        "intended conversion date", "Intended conversion date", "The only date that may be in the future."
    )
    conversion_project_url = forms.URLField(
        label="Link to the DfE conversion project (optional)", max_length=500, required=False, assume_scheme="https"
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
    DATE_FIELDS = (
        "resolution_on",
        "consultation_started_on",
        "consultation_ended_on",
        "academy_order_applied_on",
        "academy_order_made_on",
        "foundation_consent_on",
        "regional_director_informed_on",
        "local_authority_informed_on",
        "intended_conversion_on",
        "decided_on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("resolution_on"),
            Field("consultation_started_on"),
            Field("consultation_ended_on"),
            textarea("consultees", rows=2),
            textarea("consultation_outcome", rows=3),
            Field("academy_order_applied_on"),
            Field("academy_order_made_on"),
            Field("foundation_consent_on"),
            Field("regional_director_informed_on"),
            Field("local_authority_informed_on"),
            Field("intended_conversion_on"),
            text("conversion_project_url"),
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

    def _clean_fields(self):
        # A date with only some of day, month and year typed is an error, not a blank.
        super()._clean_fields()
        for name in self.DATE_FIELDS:
            if name in self.cleaned_data:
                try:
                    self.cleaned_data[name] = self._complete_date(name)
                except forms.ValidationError as error:
                    self.add_error(name, error)

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
