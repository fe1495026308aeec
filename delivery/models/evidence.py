"""Evidence for an activity: a link, or a small uploaded file (PDF, image or Office document)
stored through Django's default storage and served only to people who can see the partnership."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def _evidence_path(evidence: "ActivityEvidence", filename: str) -> str:
    # Never the uploader's file name in the path: a random name with the checked extension.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"evidence/{evidence.activity.partnership_id}/{uuid.uuid4().hex}.{extension}"


class ActivityEvidence(models.Model):
    activity = models.ForeignKey("partnerships.Activity", on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("what it shows", max_length=200)
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(upload_to=_evidence_path, blank=True, max_length=255)
    filename = models.CharField("file name", max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField("size in bytes", null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "activity evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")), name="evidence_is_a_link_or_a_file"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)
