"""A record of each reminder the daily job has sent, so each goes out once."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class DeliveryReminder(models.Model):
    class Kind(models.TextChoices):
        REVIEW_DUE = "review_due", "Review in a week"
        REVIEW_OVERDUE = "review_overdue", "Review overdue"
        END_REVIEW_NEEDED = "end_review_needed", "End-of-partnership review needed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="delivery_reminders"
    )
    meeting = models.ForeignKey(
        "delivery.ReviewMeeting", on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "meeting"], condition=Q(meeting__isnull=False), name="one_reminder_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["kind", "partnership"], condition=Q(meeting__isnull=True), name="one_reminder_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_at:%Y-%m-%d})"
