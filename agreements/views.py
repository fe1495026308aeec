"""Pages for the formal agreement: read it, list its versions, download a PDF, generate a draft,
issue it, and (for anyone, signed in or not) check whether a PDF is a genuine issued agreement.

Each partnership page starts from `Partnership.objects.visible_to(user)` (404 out of scope), then
the predicate from partnerships.permissions (403 in scope but not allowed), then one service call.
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from partnerships import permissions
from partnerships.views.mixins import ConfirmationView, PartnershipMixin

from . import selectors, services
from .document import heading_context, web_document
from .forms import VerifyForm
from .snapshot import build_terms, terms_fingerprint

logger = logging.getLogger(__name__)

DRAFT_GENERATED = "Draft version {number} of the agreement has been generated."
DRAFT_QUEUED = "Draft version {number} of the agreement is being prepared. Its PDF will be ready in a minute."
ISSUED = "Version {number} of the agreement has been issued. Both parties can now download it."
ISSUED_QUEUED = "Version {number} of the agreement has been issued. Its PDF will be ready in a minute."


def partnership_page_url(user, partnership) -> str:
    """Where this person reads the partnership: the agreement pages' back link."""
    if user.is_trust_staff:
        return reverse("partnerships:partnership-detail", args=[partnership.pk])
    if user.is_governor:
        return reverse("partnerships:governor-partnership-detail", args=[partnership.pk])
    if user.is_oversight:
        return reverse("oversight:partnership-detail", args=[partnership.pk])
    return reverse("partnerships:home")


class AgreementPageMixin(PartnershipMixin):
    """A partnership page of the agreements app: anyone who may download the agreement may read it."""

    permission = staticmethod(permissions.can_download_agreement)

    def versions_url(self) -> str:
        return reverse("agreements:version-list", args=[self.partnership.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partnership_url"] = partnership_page_url(self.request.user, self.partnership)
        return context


class VersionListView(AgreementPageMixin, TemplateView):
    template_name = "agreements/agreementversion_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, partnership = self.request.user, self.partnership
        in_force = selectors.version_in_force(partnership)
        terms = build_terms(partnership)
        # Once the issued version records the terms as they stand, neither a draft nor a new issue
        # would say anything new: the buttons come back when the terms change (an extension, say).
        up_to_date = in_force is not None and in_force.terms_sha256 == terms_fingerprint(terms)
        context.update(
            versions=selectors.versions_for(partnership),
            in_force=in_force,
            up_to_date=up_to_date,
            can_issue=permissions.can_issue_agreement(user, partnership),
            can_generate=permissions.can_generate_agreement(user, partnership) and not up_to_date,
            # The button shows only when issuing would work: not before approval, not twice.
            can_issue_now=permissions.can_issue_agreement(user, partnership)
            and not services.issue_refusal(partnership, terms=terms),
        )
        return context


class AgreementDetailView(AgreementPageMixin, TemplateView):
    """The agreement as a web page: the version in force, or a preview of the stored terms."""

    template_name = "agreements/agreement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_force = selectors.version_in_force(self.partnership)
        snapshot = in_force.snapshot if in_force else selectors.preview_snapshot(self.partnership)
        context.update(
            heading_context(snapshot),
            document=web_document(snapshot),
            version=in_force,
            is_preview=in_force is None,
            versions_url=self.versions_url(),
        )
        return context


class VersionDetailView(AgreementPageMixin, TemplateView):
    """One saved version as a web page, from its snapshot."""

    template_name = "agreements/agreement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = get_object_or_404(self.partnership.agreement_versions, number=self.kwargs["number"])
        context.update(
            heading_context(version.snapshot),
            document=web_document(version.snapshot),
            version=version,
            is_preview=False,
            versions_url=self.versions_url(),
        )
        return context


@method_decorator(never_cache, name="dispatch")
class VersionDownloadView(AgreementPageMixin, View):
    """The stored PDF, only if its bytes still match the SHA-256 recorded when it was made."""

    def get(self, request, *args, **kwargs):
        version = get_object_or_404(self.partnership.agreement_versions, number=kwargs["number"])
        try:
            content = services.agreement_pdf_for_download(version)
        except services.AgreementPdfTampered as error:
            return self._refused(version, error, status=409)
        except services.AgreementPdfUnavailable as error:
            return self._refused(version, error, status=404)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{version.download_name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def _refused(self, version, error, *, status: int):
        context = {
            "partnership": self.partnership,
            "version": version,
            "message": error.messages[0],
            "tampered": isinstance(error, services.AgreementPdfTampered),
            "versions_url": self.versions_url(),
        }
        return render(self.request, "agreements/agreementversion_download_refused.html", context, status=status)


class DraftGenerateView(PartnershipMixin, View):
    """POST only: a new draft version from the stored terms (trust staff of the partnership)."""

    permission = staticmethod(permissions.can_generate_agreement)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            version = services.agreement_generate_draft(partnership=self.partnership, generated_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            message = DRAFT_GENERATED if version.is_rendered or version.render_error else DRAFT_QUEUED
            messages.success(request, message.format(number=version.number))
        return redirect("agreements:version-list", self.partnership.pk)


class IssueView(PartnershipMixin, ConfirmationView):
    """Confirm, then issue the final agreement (trust staff, once the governors have approved)."""

    permission = staticmethod(permissions.can_issue_agreement)
    button_label = "Issue the agreement"
    button_class = ""
    warning = (
        "Once issued, this version can never be changed or deleted. Any later change to the terms needs a new version."
    )

    def get_heading(self) -> str:
        return "Issue the agreement"

    def get_explanation(self):
        partnership = self.partnership
        return [
            f"You are about to issue the trust partnership agreement {partnership.reference} between "
            f"{partnership.trust.name} and the governing body of {partnership.school.name}.",
            "The agreement is made from the terms as they are stored now, with the governing body's approval and "
            "your name as the person who issued it for the trust. Both parties will be able to download the PDF.",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = services.issue_refusal(self.partnership)
        if refusal and self.request.method == "GET":
            context["errors"] = [refusal]
        context["can_confirm"] = refusal is None
        return context

    def get_cancel_url(self) -> str:
        return reverse("agreements:version-list", args=[self.partnership.pk])

    def perform(self, form):
        return services.agreement_issue(partnership=self.partnership, issued_by=self.request.user)

    def get_success_message(self, version) -> str:
        return (ISSUED if version.is_rendered else ISSUED_QUEUED).format(number=version.number)

    def get_success_url(self) -> str:
        return self.get_cancel_url()


class VerifyView(FormView):
    """Public: upload a PDF and learn whether it is a genuine issued agreement, and of which partnership."""

    template_name = "agreements/agreement_verify.html"
    form_class = VerifyForm

    def form_valid(self, form):
        from .seal import check_seal  # pyHanko is imported on first use (see agreements.services)

        version = services.agreement_verify(form.content)
        seal = check_seal(form.content)
        logger.info("Agreement check: %s, seal %s", f"matched {version}" if version else "no match", seal.state)
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                checked=True,
                match=version,
                seal=seal,
                checked_name=form.cleaned_data["pdf"].name,
            )
        )
