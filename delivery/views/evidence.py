"""Evidence for an activity: links and small files. Files are served only through this view, to
people who can see the partnership (anyone else gets a 404), as downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from delivery import services
from delivery.forms import EvidenceForm
from delivery.models import ActivityEvidence
from partnerships import permissions as partnership_permissions
from partnerships.views.mixins import (
    ConfirmationView,
    PartnershipChildMixin,
    PartnershipMixin,
    PartnershipPageView,
    ServiceFormView,
)

from .reviews import DeliveryPageMixin


class ActivityMixin(DeliveryPageMixin, PartnershipChildMixin):
    child_relation = "activities"

    def detail_url(self) -> str:
        return reverse("delivery:activity-evidence", args=[self.partnership.pk, self.object.pk])


class ActivityEvidenceView(ActivityMixin, PartnershipPageView):
    template_name = "delivery/activity_evidence.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            activity=self.object,
            evidence=self.object.evidence.all(),
            can_add=partnership_permissions.can_record_progress(self.request.user, self.partnership),
        )
        return context


class EvidenceCreateView(ActivityMixin, PartnershipMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = EvidenceForm
    permission = staticmethod(partnership_permissions.can_record_progress)
    heading = "Add evidence"
    success_message = "Evidence added"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["caption"] = f"{self.partnership.reference} · {self.object.title}"
        return context

    def perform(self, form):
        return services.evidence_add(activity=self.object, added_by=self.request.user, **form.cleaned_data)


class EvidenceMixin(DeliveryPageMixin, PartnershipMixin):
    """`self.evidence`: evidence for an activity of this partnership (404 otherwise)."""

    @property
    def evidence(self) -> ActivityEvidence:
        if not hasattr(self, "_evidence"):
            self._evidence = get_object_or_404(
                ActivityEvidence.objects.select_related("activity").filter(activity__partnership=self.partnership),
                pk=self.kwargs["item_pk"],
            )
        return self._evidence

    def detail_url(self) -> str:
        return reverse("delivery:activity-evidence", args=[self.partnership.pk, self.evidence.activity_id])


class EvidenceDownloadView(EvidenceMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        evidence = self.evidence
        if not evidence.is_file:
            raise Http404("This evidence is a link, not a file.")
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The file is missing.") from error
        response = FileResponse(
            handle, as_attachment=True, filename=evidence.filename or evidence.file.name.rsplit("/", 1)[-1]
        )
        response["Content-Type"] = evidence.content_type or "application/octet-stream"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EvidenceDeleteView(EvidenceMixin, ConfirmationView):
    button_label = "Remove evidence"

    def permission(self, user, partnership) -> bool:
        self.evidence  # noqa: B018 - another partnership's evidence is a 404 first
        return partnership_permissions.can_record_progress(user, partnership)

    def get_heading(self):
        return f"Are you sure you want to remove ‘{self.evidence.title}’?"

    get_cancel_url = EvidenceMixin.detail_url

    def get_success_url(self):
        return self.detail_url()

    def perform(self, form):
        services.evidence_delete(evidence=self.evidence, deleted_by=self.request.user)

    def get_success_message(self, result):
        return "Evidence removed"
