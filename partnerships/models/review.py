"""The governing body's side: review decisions, comments and the academisation consideration."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .terms import ClauseSection

MEETING_AFTER_DECISION = "The date of the governing body meeting must be today or in the past."


class ReviewDecision(models.Model):
    """A governor's approval or request for changes. Approvals are what the agreement prints."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="review_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField(max_length=5000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Copied at the time so the record survives a later change of name or role.
    decided_by_name = models.CharField(max_length=300)
    decided_by_role = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField()
    # What was decided on: the agreement version the governors read and the fingerprint of the
    # terms it records (agreements.snapshot.agreed_terms_fingerprint). Issuing compares the terms
    # stored then with this fingerprint; rows from before versions were bound have neither.
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    terms_sha256 = models.CharField("fingerprint of the terms decided on", max_length=64, blank=True)
    variation = models.ForeignKey(
        "partnerships.Variation", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    # How the person was entitled to decide for the governing body, as it was at the time.
    authority = models.CharField(max_length=500, blank=True)
    # The governing body meeting that resolved to enter the agreement (or the variation), as the
    # approver recorded it: required of the chair, who has no authorisation record; an authorised
    # governor may leave it to their authorisation's meeting. Approvals from before it was asked
    # have neither, and the execution page says so.
    meeting_date = models.DateField("date of the governing body meeting", null=True, blank=True)
    meeting_resolution = models.CharField("resolution or minute reference", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "id"]
        get_latest_by = "decided_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(reason=""),
                name="changes_requested_has_reason",
                violation_error_message="Enter what the governing body wants the trust to change.",
            ),
            models.CheckConstraint(
                condition=Q(meeting_date__isnull=True, meeting_resolution="")
                | (Q(meeting_date__isnull=False) & ~Q(meeting_resolution="")),
                name="decision_meeting_has_date_and_resolution",
                violation_error_message="Enter both the date of the governing body meeting and its resolution.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.decided_by_name}"

    def clean(self):
        decided_on = timezone.localdate(self.decided_at) if self.decided_at else timezone.localdate()
        if self.meeting_date is not None and self.meeting_date > decided_on:
            raise ValidationError({"meeting_date": MEETING_AFTER_DECISION})


class Comment(models.Model):
    """A remark on the agreement as a whole, on a section, or on one clause.

    A comment without a parent starts a thread; replies point at it (one level: a reply to a
    reply joins the same thread). A thread is resolved or open. Each comment records the agreement
    version current when it was written and, on a clause, the clause's words then, so a page can
    say it was made "on an earlier version" once the clause has changed.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="comments")
    section = models.PositiveSmallIntegerField(choices=ClauseSection.choices, null=True, blank=True)
    clause = models.ForeignKey(
        "partnerships.Clause", on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name="reply to"
    )
    body = models.TextField("comment", max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    agreement_version = models.PositiveIntegerField(
        "agreement version", null=True, blank=True, help_text="The latest version of the agreement when it was written."
    )
    clause_text = models.TextField(
        "clause as it read",
        max_length=10300,  # a clause's heading (200) and body (10,000)
        blank=True,
        help_text="The clause's heading and words when the comment was written.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(parent__isnull=True),
                name="only_threads_are_resolved",
                violation_error_message="Only the first comment of a thread can be resolved.",
            )
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author_name}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def on_earlier_version(self) -> bool:
        """The clause it is about has changed (or gone) since the comment was written."""
        if not self.clause_text:
            return False
        return self.clause is None or clause_words(self.clause) != self.clause_text


def clause_words(clause) -> str:
    """A clause's heading and words, as a comment records them."""
    return f"{clause.heading}\n{clause.body}"


class AcademisationConsideration(models.Model):
    """The governing body's consideration of joining a trust, recorded during the partnership."""

    class Outcome(models.TextChoices):
        UNDECIDED = "undecided", "Not decided yet"
        JOIN_THIS_TRUST = "join_this_trust", "Join this trust"
        JOIN_ANOTHER_TRUST = "join_another_trust", "Join another trust"
        STAY_AS_IS = "stay_as_is", "Stay as it is"
        DECIDED: ClassVar[tuple[str, ...]]

    Outcome.DECIDED = (Outcome.JOIN_THIS_TRUST, Outcome.JOIN_ANOTHER_TRUST, Outcome.STAY_AS_IS)

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="academisation"
    )
    resolution_on = models.DateField("governing body resolution", null=True, blank=True)
    consultation_started_on = models.DateField("consultation began", null=True, blank=True)
    consultation_ended_on = models.DateField("consultation ended", null=True, blank=True)
    consultees = models.TextField("who was consulted", max_length=2000, blank=True)
    consultation_outcome = models.TextField("outcome of the consultation", max_length=2000, blank=True)
    academy_order_applied_on = models.DateField("academy order applied for", null=True, blank=True)
    academy_order_made_on = models.DateField("academy order made", null=True, blank=True)
    foundation_consent_on = models.DateField("diocese or foundation consent", null=True, blank=True)
    regional_director_informed_on = models.DateField("regional director informed", null=True, blank=True)
    local_authority_informed_on = models.DateField("local authority informed", null=True, blank=True)
    intended_conversion_on = models.DateField("intended conversion date", null=True, blank=True)
    conversion_project_url = models.URLField("DfE conversion project link", max_length=500, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.UNDECIDED)
    decided_on = models.DateField("decision date", null=True, blank=True)
    notes = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="undecided", decided_on__isnull=True)
                | (~Q(outcome="undecided") & Q(decided_on__isnull=False)),
                name="academisation_decision_has_date",
                violation_error_message=(
                    "Enter the decision date once the governing body has decided, and leave it blank until then."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_decided(self) -> bool:
        return self.outcome in self.Outcome.DECIDED

    @property
    def recorded_steps(self) -> list[tuple[str, object]]:
        """(label, date) of each step recorded so far, in the order the steps happen."""
        from partnerships.academisation import ACADEMISATION_STEPS

        return [(label, getattr(self, name)) for name, label in ACADEMISATION_STEPS if getattr(self, name)]

    def clean(self):
        from partnerships.academisation import academisation_date_errors

        errors = academisation_date_errors(self)
        if errors:
            raise ValidationError(errors)
