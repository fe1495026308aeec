"""Schedule 2: what the partnership aims for (objectives) and what it does (activities)."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Objective(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="objectives")
    description = models.CharField("objective", max_length=500)
    measure_of_success = models.CharField(max_length=1000)
    target_date = models.DateField()
    position = models.PositiveIntegerField(default=0)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class Activity(models.Model):
    class Category(models.TextChoices):
        HEADTEACHER_MENTORING = "headteacher_mentoring", "Headteacher mentoring and support"
        TRUST_WIDE_TRAINING = "trust_wide_training", "Trust-wide training"
        DATA_BENCHMARKING = "data_benchmarking", "Cross-trust data benchmarking"
        CURRICULUM_DEVELOPMENT = "curriculum_development", "Curriculum development"
        SUBJECT_LEADERSHIP = "subject_leadership", "Subject leadership"
        SENIOR_LEADERSHIP = "senior_leadership", "Senior leadership support"
        MIDDLE_LEADERSHIP = "middle_leadership", "Middle leadership support"
        OPERATIONAL_FINANCE = "operational_finance", "Operational leadership: finance"
        OPERATIONAL_ESTATES = "operational_estates", "Operational leadership: estates"
        OPERATIONAL_HR = "operational_hr", "Operational leadership: HR"
        OTHER = "other", "Other"
        TEACHING_AND_LEADERSHIP: ClassVar[tuple[str, ...]]

    # The DfE says activity should focus on teaching and leadership: everything but "other".
    Category.TEACHING_AND_LEADERSHIP = tuple(value for value in Category.values if value != "other")

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"
        TAG_COLOURS: ClassVar[dict[str, str]]

    Status.TAG_COLOURS = {
        Status.PLANNED: "govuk-tag--grey",
        Status.IN_PROGRESS: "govuk-tag--blue",
        Status.DONE: "govuk-tag--green",
        Status.CANCELLED: "govuk-tag--red",
    }

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="activities")
    category = models.CharField(max_length=32, choices=Category.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    lead = models.CharField("who leads it", max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    impact_notes = models.TextField(max_length=5000, blank=True)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message="The activity's end date must be on or after its start date.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_teaching_or_leadership(self) -> bool:
        return self.category in self.Category.TEACHING_AND_LEADERSHIP

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]
