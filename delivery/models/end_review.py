"""The end-of-partnership review: what was achieved against each objective, the outcome, lessons,
and whether the partnership would be recommended. Required before a partnership concludes."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class EndReview(models.Model):
    class Outcome(models.TextChoices):
        JOINED_THIS_TRUST = "joined_this_trust", "Joined the trust"
        JOINING_ANOTHER_TRUST = "joining_another_trust", "Joining another trust"
        STAYS_AS_IS = "stays_as_is", "Stays as it is"
        EXTENDED_INTO_CONVERSION = "extended_into_conversion", "Extended into conversion"

    partnership = models.OneToOneField("partnerships.Partnership", on_delete=models.CASCADE, related_name="end_review")
    outcome = models.CharField(max_length=32, choices=Outcome.choices, db_index=True)
    lessons = models.TextField("lessons learned", max_length=5000)
    would_recommend = models.BooleanField("would recommend the partnership")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_name = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "end-of-partnership review"

    def __str__(self) -> str:
        return f"End-of-partnership review: {self.get_outcome_display()}"


class ObjectiveAchievement(models.Model):
    class Achievement(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    Achievement.TAG_COLOURS = {
        Achievement.ACHIEVED: "govuk-tag--green",
        Achievement.PARTLY_ACHIEVED: "govuk-tag--yellow",
        Achievement.NOT_ACHIEVED: "govuk-tag--red",
    }

    end_review = models.ForeignKey(EndReview, on_delete=models.CASCADE, related_name="achievements")
    objective = models.ForeignKey("partnerships.Objective", on_delete=models.CASCADE, related_name="achievements")
    achievement = models.CharField(max_length=16, choices=Achievement.choices)
    comment = models.TextField("what was achieved", max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__position", "objective_id"]
        constraints = [
            models.UniqueConstraint(fields=["end_review", "objective"], name="one_achievement_per_objective")
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.get_achievement_display()}"

    @property
    def tag_class(self) -> str:
        return self.Achievement.TAG_COLOURS[self.achievement]

    def get_status_display(self) -> str:  # for the {% status_tag %} template tag
        return self.get_achievement_display()
