"""Who may approve and sign for a school's governing body besides its chair."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class GovernorAuthorisationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True)


class GovernorAuthorisation(models.Model):
    """The governing body resolved, at a meeting, that this governor may approve and sign
    partnership agreements on its behalf. The chair of governors needs no record."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="governor_authorisations")
    governor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governor_authorisations"
    )
    meeting_date = models.DateField("date of the governing body meeting")
    resolution = models.CharField("resolution or minute reference", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = GovernorAuthorisationQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "governor"],
                condition=Q(revoked_at__isnull=True),
                name="one_current_authorisation_per_governor",
            ),
            models.CheckConstraint(condition=~Q(resolution=""), name="authorisation_has_resolution"),
        ]

    def __str__(self) -> str:
        return f"{self.governor} authorised by the governing body on {self.meeting_date:%d %B %Y}"

    @property
    def description(self) -> str:
        from partnerships.validation import format_date

        return f"Authorised by the governing body on {format_date(self.meeting_date)} ({self.resolution})"
