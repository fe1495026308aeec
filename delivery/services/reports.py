"""Writes for the impact report: generate a version (snapshot, narratives, PDF), render it, share it."""

import hashlib
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnerships.models import Partnership
from partnerships.services.common import save_with_history

from ..models import ImpactReport
from ..permissions import AFTER_AGREEMENT
from ..report import build_report_snapshot
from ..tasks import render_impact_report

if TYPE_CHECKING:
    from agreements.rendering import RenderedPdf

logger = logging.getLogger(__name__)


def render_report_pdf(snapshot: dict, *, narratives: dict, version: dict) -> "RenderedPdf":
    """The report's PDF (delivery.rendering), imported on first use as agreements.services does
    with the agreement's renderer: WeasyPrint takes most of a second to import."""
    from ..rendering import render_report_pdf as render

    return render(snapshot, narratives=narratives, version=version)


CANNOT_GENERATE = "You can write an impact report once the partnership is agreed. This one is {status}."
ALREADY_SHARED = "Version {number} of the impact report is already shared."
NOT_READY = "The PDF of version {number} is not ready yet. Try again in a minute."
CHANGED = (
    "The stored PDF of version {number} does not match the one made when it was generated, so it has not been served."
)


class ImpactReportPdfUnavailable(ValidationError):
    """The PDF is not ready or failed its integrity check."""


@transaction.atomic
def impact_report_generate(
    *,
    partnership: Partnership,
    generated_by,
    context_narrative: str = "",
    support_narrative: str = "",
    plan_narrative: str = "",
    impact_narrative: str = "",
) -> ImpactReport:
    """A new version of the report from what is stored now, with the staff's narrative for each part."""
    partnership = (
        Partnership.objects.select_for_update(of=("self",)).select_related("school", "trust").get(pk=partnership.pk)
    )
    if partnership.status not in AFTER_AGREEMENT:
        raise ValidationError(CANNOT_GENERATE.format(status=partnership.get_status_display().lower()))
    latest = partnership.impact_reports.aggregate(latest=Max("number"))["latest"] or 0
    report = ImpactReport(
        partnership=partnership,
        number=latest + 1,
        snapshot=build_report_snapshot(partnership),
        context_narrative=context_narrative.strip(),
        support_narrative=support_narrative.strip(),
        plan_narrative=plan_narrative.strip(),
        impact_narrative=impact_narrative.strip(),
        generated_by=generated_by,
        generated_at=timezone.now(),
    )
    save_with_history(report, by=generated_by, reason=f"Impact report version {report.number} generated")
    render_impact_report.enqueue(report.pk)
    report.refresh_from_db()
    return report


def version_facts(report: ImpactReport) -> dict:
    return {
        "number": report.number,
        "status": report.get_status_display(),
        "generated_at": timezone.localtime(report.generated_at),
        "generated_by": report.generated_by.display_name if report.generated_by_id else "",
    }


def impact_report_render(*, report_id: int) -> dict:
    """Render the version's PDF from its snapshot and attach it with its SHA-256, once."""
    report = ImpactReport.objects.select_related("generated_by").get(pk=report_id)
    if not report.is_rendered:
        try:
            rendered = render_report_pdf(report.snapshot, narratives=report.narratives(), version=version_facts(report))
        except Exception as error:
            logger.exception("Rendering %s failed", report)
            ImpactReport.objects.filter(pk=report_id).update(render_error=f"{type(error).__name__}: {error}"[:2000])
            raise
        with transaction.atomic():
            report = ImpactReport.objects.select_for_update().get(pk=report_id)
            if not report.is_rendered:
                report.pdf.save(report.download_name, ContentFile(rendered.content), save=False)
                report.sha256 = hashlib.sha256(rendered.content).hexdigest()
                report.page_count, report.rendered_at, report.render_error = rendered.page_count, timezone.now(), ""
                report.save(update_fields=["pdf", "sha256", "page_count", "rendered_at", "render_error"])
    return {"report_id": report.pk, "number": report.number, "sha256": report.sha256}


@transaction.atomic
def impact_report_share(*, report: ImpactReport, shared_by) -> ImpactReport:
    """Share a version with the school's governors and oversight. Earlier shared versions stay shared."""
    report = ImpactReport.objects.select_for_update().get(pk=report.pk)
    if report.is_shared:
        raise ValidationError(ALREADY_SHARED.format(number=report.number))
    report.status, report.shared_by, report.shared_at = ImpactReport.Status.SHARED, shared_by, timezone.now()
    return save_with_history(report, by=shared_by, reason=f"Impact report version {report.number} shared")


def impact_report_pdf(report: ImpactReport) -> bytes:
    """The stored PDF, checked against its SHA-256."""
    if not report.is_rendered:
        raise ImpactReportPdfUnavailable(NOT_READY.format(number=report.number))
    try:
        with report.pdf.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        content = b""
    if hashlib.sha256(content).hexdigest() != report.sha256:
        logger.error("Impact report PDF failed its integrity check: %s (id %s)", report, report.pk)
        raise ImpactReportPdfUnavailable(CHANGED.format(number=report.number))
    return content
