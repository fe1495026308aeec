"""Feedback people send from the phase banner's link. Oversight users read it."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Feedback(models.Model):
    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", "Very satisfied"
        SATISFIED = "satisfied", "Satisfied"
        NEUTRAL = "neutral", "Neither satisfied nor dissatisfied"
        DISSATISFIED = "dissatisfied", "Dissatisfied"
        VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"

    satisfaction = models.CharField("how satisfied", max_length=20, choices=Satisfaction.choices)
    message = models.TextField("how we could improve the service", max_length=1200, blank=True)
    page = models.CharField("page it was sent from", max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_satisfaction_display()} ({self.submitted_at:%d %b %Y})" if self.submitted_at else "Feedback"
