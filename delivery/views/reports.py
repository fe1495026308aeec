"""The impact report: read the latest version (web page), every version, the PDF; trust staff
generate a version with their narrative and share it with the governors and oversight.

Versions are read through `ImpactReport.objects.visible_to(user)`: a draft is a 404 for anyone
but the trust's staff, another partnership's report a 404 for everyone.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from delivery import permissions, services
from delivery.forms import ImpactReportForm
from delivery.models import ImpactReport
from delivery.report import report_context
from partnerships.views.mixins import ConfirmationView, PartnershipMixin, PartnershipPageView, ServiceFormView

from .reviews import DeliveryPageMixin


class ReportMixin(DeliveryPageMixin):
    def reports(self):
        return ImpactReport.objects.visible_to(self.request.user).filter(partnership=self.partnership)

    def report_url(self) -> str:
        return reverse("delivery:impact-report", args=[self.partnership.pk])

    detail_url = report_url

    @property
    def report(self) -> ImpactReport:
        if not hasattr(self, "_report"):
            self._report = get_object_or_404(self.reports().select_related("generated_by"), pk=self.kwargs["item_pk"])
        return self._report


def _report_context(report: ImpactReport) -> dict:
    return report_context(
        report.snapshot, narratives=report.narratives(), version=services.reports.version_facts(report)
    )


class ImpactReportView(ReportMixin, PartnershipPageView):
    """The latest version this person can read, and the list of versions."""

    template_name = "delivery/impact_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = list(self.reports().select_related("generated_by"))
        shown = versions[0] if versions else None
        context.update(
            versions=versions,
            shown=shown,
            can_generate=permissions.can_generate_impact_report(self.request.user, self.partnership),
            **(_report_context(shown) if shown else {}),
        )
        return context


class ImpactReportVersionView(ReportMixin, PartnershipPageView):
    template_name = "delivery/impact_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            versions=list(self.reports().select_related("generated_by")),
            shown=self.report,
            can_generate=permissions.can_generate_impact_report(self.request.user, self.partnership),
            **_report_context(self.report),
        )
        return context


class ImpactReportGenerateView(ReportMixin, PartnershipMixin, ServiceFormView):
    template_name = "delivery/impact_report_form.html"
    form_class = ImpactReportForm
    permission = staticmethod(permissions.can_generate_impact_report)
    heading = "Generate the impact report"

    def get_initial(self):
        latest = self.partnership.impact_reports.first()
        return {f"{part}_narrative": text for part, text in latest.narratives().items()} if latest else {}

    def perform(self, form):
        self.saved = services.impact_report_generate(
            partnership=self.partnership, generated_by=self.request.user, **form.cleaned_data
        )
        return self.saved

    def get_success_message(self, report):
        if report.is_rendered:
            return f"Version {report.number} of the impact report has been generated. Share it when it is ready."
        return f"Version {report.number} of the impact report is being prepared. Its PDF will be ready in a minute."

    def get_success_url(self):
        return reverse("delivery:impact-report-version", args=[self.partnership.pk, self.saved.pk])


class ImpactReportShareView(ReportMixin, PartnershipMixin, ConfirmationView):
    button_label = "Share the report"
    button_class = ""

    def permission(self, user, partnership) -> bool:
        report = self.report  # a draft is a 404 to anyone but the trust's staff
        return permissions.can_share_impact_report(user, partnership) and not report.is_shared

    def get_heading(self):
        return f"Share version {self.report.number} of the impact report?"

    def get_explanation(self):
        return [
            "The school's governors and headteacher, and oversight, will be able to read it and download its PDF.",
            "A shared version cannot be changed. To change the report later, generate a new version.",
        ]

    def get_cancel_url(self):
        return reverse("delivery:impact-report-version", args=[self.partnership.pk, self.report.pk])

    get_success_url = get_cancel_url

    def perform(self, form):
        return services.impact_report_share(report=self.report, shared_by=self.request.user)

    def get_success_message(self, report):
        return f"Version {report.number} of the impact report is shared with the governors and oversight."


class ImpactReportDownloadView(ReportMixin, PartnershipMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        try:
            content = services.impact_report_pdf(self.report)
        except services.reports.ImpactReportPdfUnavailable as error:
            raise Http404(error.messages[0]) from error
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{self.report.download_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
