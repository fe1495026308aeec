"""Variations: a change to agreed terms, proposed by the trust and approved by the governors."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class VariationQuerySet(models.QuerySet):
    def open(self):
        """Variations still being prepared or reviewed."""
        return self.filter(outcome=Variation.Outcome.OPEN)


class Variation(models.Model):
    """One proposed change to an agreed partnership's terms.

    Staff propose it with a reason (the partnership moves to "variation proposed" and its terms
    become editable), send it to the governors, who approve or decline it; once approved staff
    issue the next agreement version. `before_terms` keeps the terms in force when it was
    proposed, so everyone sees exactly what changes (before → after, including the money).
    """

    class Outcome(models.TextChoices):
        OPEN = "open", "Open"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="variations")
    reason = models.TextField("reason for the variation", max_length=2000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    in_force_version = models.ForeignKey(
        "agreements.AgreementVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    before_terms = models.JSONField(help_text="The agreed terms when the variation was proposed.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    # The state the partnership returns to when the variation ends: agreed or active.
    resumes_as = models.CharField(max_length=20, default="agreed")
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = VariationQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(outcome="open"), name="one_open_variation_per_partnership"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="variation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Variation of {self.partnership.reference} proposed {self.proposed_at:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN
