"""Review meetings: the partnership's termly reviews (recorded by the trust's staff) and the
governing body's own reviews (recorded by the clerk), each rating every objective."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

# A scheduled review this many days past its date, and still not held, is overdue.
OVERDUE_AFTER_DAYS = 14


class Rating(models.TextChoices):
    """How an objective is going. Shown as a GOV.UK tag with its words: colour is never the only cue."""

    ON_TRACK = "on_track", "On track"
    SOME_CONCERNS = "some_concerns", "Some concerns"
    OFF_TRACK = "off_track", "Off track"
    TAG_COLOURS: ClassVar[dict[str, str]]
    SCORES: ClassVar[dict[str, int]]


Rating.TAG_COLOURS = {
    Rating.ON_TRACK: "govuk-tag--green",
    Rating.SOME_CONCERNS: "govuk-tag--yellow",
    Rating.OFF_TRACK: "govuk-tag--red",
}
# A number per rating for the chart (higher is better).
Rating.SCORES = {Rating.OFF_TRACK: 1, Rating.SOME_CONCERNS: 2, Rating.ON_TRACK: 3}


class ReviewMeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of the partnerships the user can read."""
        from partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def held(self):
        return self.filter(status=ReviewMeeting.Status.HELD)

    def scheduled(self):
        return self.filter(status=ReviewMeeting.Status.SCHEDULED)

    def overdue(self, *, today: datetime.date | None = None):
        """Scheduled reviews more than two weeks past their date, of partnerships still running."""
        from partnerships.models import Partnership

        today = today or timezone.localdate()
        return self.scheduled().filter(
            scheduled_for__lt=today - datetime.timedelta(days=OVERDUE_AFTER_DAYS),
            partnership__status__in=Partnership.Status.BINDING,
        )


class ReviewMeeting(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", "Partnership review"
        GOVERNING_BODY = "governing_body", "Governing body review"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        TAG_COLOURS: ClassVar[dict[str, str]]

    Status.TAG_COLOURS = {Status.SCHEDULED: "govuk-tag--blue", Status.HELD: "govuk-tag--green"}

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="review_meetings"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PARTNERSHIP)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    scheduled_for = models.DateField("date it is scheduled for", null=True, blank=True)
    held_on = models.DateField("date of the meeting", null=True, blank=True)
    trust_attendees = models.TextField("who attended for the trust", max_length=2000, blank=True)
    school_attendees = models.TextField("who attended for the school", max_length=2000, blank=True)
    notes = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ReviewMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", models.F("held_on").asc(nulls_last=True), "scheduled_for", "id"]
        indexes = [models.Index(fields=["status", "scheduled_for"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False), name="held_review_has_a_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_for__isnull=False),
                name="scheduled_review_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%-d %B %Y}" if self.date else self.get_kind_display()

    @property
    def date(self) -> datetime.date | None:
        return self.held_on or self.scheduled_for

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.SCHEDULED
            and self.scheduled_for is not None
            and self.scheduled_for < today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
        )


class ObjectiveRating(models.Model):
    """One objective's rating at one review, with the evidence for it and the next steps."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="ratings")
    objective = models.ForeignKey("partnerships.Objective", on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    evidence = models.TextField(max_length=2000, blank=True)
    next_steps = models.TextField(max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "objective__position", "objective_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "objective"], name="one_rating_per_objective_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.get_rating_display()}"

    @property
    def tag_class(self) -> str:
        return Rating.TAG_COLOURS[self.rating]

    def get_status_display(self) -> str:  # for the {% status_tag %} template tag
        return self.get_rating_display()


class ReviewAction(models.Model):
    """Something a review agreed someone will do, by when."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("action", max_length=500)
    owner = models.CharField("who will do it", max_length=150)
    due_on = models.DateField("due date")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class ReviewComment(models.Model):
    """A governor's, headteacher's or trust member's comment on a review meeting."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField("comment", max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name}"
