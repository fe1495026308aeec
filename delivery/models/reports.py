"""The impact report, in the shape of the DfE's trust partnership case study: context, support
provided to date, plan for future support and early impact. Each generation is a new version with
a frozen snapshot of the stored facts, the staff's narrative for each part and its PDF."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ImpactReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff of the partnership's trust see every version; the school's people and oversight
        see the versions staff have shared."""
        from partnerships.models import Partnership

        reports = self.filter(partnership__in=Partnership.objects.visible_to(user))
        if getattr(user, "is_trust_staff", False):
            return reports
        return reports.filter(status=ImpactReport.Status.SHARED)


def _pdf_path(report: "ImpactReport", filename: str) -> str:
    return f"impact-reports/{report.snapshot['reference']}/{filename}"


class ImpactReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared"

    Status.TAG_COLOURS = {Status.DRAFT: "govuk-tag--grey", Status.SHARED: "govuk-tag--green"}

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="impact_reports")
    number = models.PositiveIntegerField("version")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(help_text="The stored facts the report was built from, as they were.")
    context_narrative = models.TextField("context", max_length=2000, blank=True)
    support_narrative = models.TextField("support provided to date", max_length=2000, blank=True)
    plan_narrative = models.TextField("plan for future support", max_length=2000, blank=True)
    impact_narrative = models.TextField("early impact", max_length=2000, blank=True)
    pdf = models.FileField("PDF", upload_to=_pdf_path, blank=True, max_length=255)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    render_error = models.TextField(blank=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()
    rendered_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = ImpactReportQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="impact_report_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(shared_at__isnull=False), name="shared_report_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Impact report {self.snapshot.get('reference', '')} version {self.number}"

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256)

    @property
    def is_shared(self) -> bool:
        return self.status == self.Status.SHARED

    @property
    def download_name(self) -> str:
        return f"{self.snapshot['reference']}-impact-report-v{self.number}.pdf"

    def narratives(self) -> dict:
        return {
            "context": self.context_narrative,
            "support": self.support_narrative,
            "plan": self.plan_narrative,
            "impact": self.impact_narrative,
        }
