"""The governing body's side: review decisions, comments and the academisation consideration."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .terms import ClauseSection


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

    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "id"]
        get_latest_by = "decided_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(reason=""), name="changes_requested_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.decided_by_name}"


class Comment(models.Model):
    """A remark on the agreement as a whole, on a section, or on one clause."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="comments")
    section = models.PositiveSmallIntegerField(choices=ClauseSection.choices, null=True, blank=True)
    clause = models.ForeignKey(
        "partnerships.Clause", on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    body = models.TextField("comment", max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name}"


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
    consultation_started_on = models.DateField(null=True, blank=True)
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
            )
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_decided(self) -> bool:
        return self.outcome in self.Outcome.DECIDED
