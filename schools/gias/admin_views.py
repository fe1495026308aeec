"""The admin pages where data managers upload GIAS (and Ofsted) files, check what they would
change, confirm, and follow the import as it runs in the background.

Wired into the School admin (schools/admin.py):

    class SchoolAdmin(...):
        def get_urls(self):
            return gias_import_urls(self) + super().get_urls()

    admin/schools/school/import-gias/                upload (and the recent imports)
    admin/schools/school/import-gias/<id>/           progress, preview, outcome (refreshes while working)
    admin/schools/school/import-gias/<id>/confirm/   POST: import the previewed files
    admin/schools/school/import-gias/<id>/cancel/    POST: drop them
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from schools import services
from schools.gias.permissions import can_import_gias
from schools.models import GiasImport

logger = logging.getLogger(__name__)

TEMPLATE = "admin/schools/gias_import.html"
STATUS_TEMPLATE = "admin/schools/gias_import_status.html"
URL_NAME = "schools_school_import_gias"
NO_FILE = "Choose the establishments file, the groups file or both (or one of the others)."
WRONG_EXTENSION = "Choose a CSV file (the GIAS download ends in .csv)."
TOO_LARGE = "{name} is {size}: the largest file this page takes is {limit}."
REQUEST_TOO_LARGE = "The files together are {size}: this page takes at most {limit} in one upload. Nothing was stored."
REFRESH_SECONDS = 3


def max_file_bytes() -> int:
    return settings.GIAS_UPLOAD_MAX_BYTES


def _csv_only(upload) -> None:
    if upload and not upload.name.lower().endswith(".csv"):
        raise forms.ValidationError(WRONG_EXTENSION)


def _not_too_large(upload) -> None:
    if upload and upload.size > max_file_bytes():
        raise forms.ValidationError(
            TOO_LARGE.format(name=upload.name, size=filesizeformat(upload.size), limit=filesizeformat(max_file_bytes()))
        )


def _file(label: str, help_text: str) -> forms.FileField:
    return forms.FileField(required=False, label=label, help_text=help_text, validators=[_csv_only, _not_too_large])


class GiasImportForm(forms.Form):
    groups = _file("Groups file (trusts)", "allgroupsdataYYYYMMDD.csv. Imported first, so schools link to their trust.")
    establishments = _file(
        "Establishments file (schools)",
        "edubasealldataYYYYMMDD.csv (all establishments, open and closed), or a custom extract.",
    )
    group_links = _file("Group links file", "One row per school in a group, with the date it joined.")
    links = _file("Links file", "links_edubasealldataYYYYMMDD.csv: predecessor and successor schools.")
    ofsted = _file(
        "Ofsted management information",
        "Ofsted's monthly “state-funded schools – latest inspections” CSV (optional).",
    )
    partial = forms.BooleanField(
        required=False,
        label="The establishments file is an extract",
        help_text="Tick this if the file is not the full download: schools it leaves out are then not closed.",
    )
    force = forms.BooleanField(
        required=False,
        label="Import even if older",
        help_text="A file older than the last one of its kind imported is refused unless you tick this.",
    )

    KINDS = ("groups", "establishments", "group_links", "links", "ofsted")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(kind) for kind in self.KINDS):
            raise forms.ValidationError(NO_FILE)
        return cleaned

    @property
    def files_given(self) -> dict:
        return {kind: self.cleaned_data[kind] for kind in self.KINDS if self.cleaned_data.get(kind)}


def _context(request, model_admin, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "max_file_size": filesizeformat(max_file_bytes()),
        **extra,
    }


def _request_too_large(request) -> str:
    """Refuse an upload by its declared length before Django reads (and stores) its body."""
    limit = max_file_bytes() * len(GiasImportForm.KINDS)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return REQUEST_TOO_LARGE.format(size=filesizeformat(length), limit=filesizeformat(limit))
    return ""


def gias_import_view(request, *, model_admin):
    """GET: the upload form and the recent imports. POST: store the files, queue the preview."""
    if not can_import_gias(request.user):
        raise PermissionDenied
    refused = _request_too_large(request) if request.method == "POST" else ""
    form = GiasImportForm(request.POST, request.FILES) if request.method == "POST" and not refused else GiasImportForm()
    if request.method == "POST" and not refused and form.is_valid():
        gias_import = services.gias_import_upload(
            files=form.files_given,
            partial=form.cleaned_data["partial"],
            force=form.cleaned_data["force"],
            uploaded_by=request.user,
        )
        return redirect("admin:schools_school_import_gias_status", pk=gias_import.pk)
    recent = GiasImport.objects.select_related("requested_by")[:10]
    context = _context(request, model_admin, title="Import schools and trusts from GIAS", form=form, recent=recent)
    context["refused"] = refused
    return TemplateResponse(request, TEMPLATE, context, status=413 if refused else 200)


def gias_import_status_view(request, pk: int, *, model_admin):
    """The upload's progress (refreshing itself while it works), its preview or its outcome."""
    if not can_import_gias(request.user):
        raise PermissionDenied
    gias_import = get_object_or_404(GiasImport.objects.select_related("requested_by"), pk=pk)
    working = gias_import.status in GiasImport.Status.WORKING
    context = _context(
        request,
        model_admin,
        title=f"GIAS import {gias_import.pk}: {gias_import.get_status_display().lower()}",
        gias_import=gias_import,
        working=working,
        refresh_seconds=REFRESH_SECONDS if working else None,
        progress=services.read_progress(gias_import) if working else "",
        may_decide=gias_import.requested_by_id == request.user.pk or request.user.is_superuser,
    )
    return TemplateResponse(request, STATUS_TEMPLATE, context)


def _decide(request, pk: int, service, done: str):
    if not can_import_gias(request.user):
        raise PermissionDenied
    gias_import = get_object_or_404(GiasImport, pk=pk)
    try:
        gias_import = service(gias_import, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
        logger.info("GIAS import %s: %s by %s", gias_import.pk, done, request.user.username)
    return redirect(reverse("admin:schools_school_import_gias_status", args=[pk]))


@require_POST
def gias_import_confirm_view(request, pk: int, *, model_admin):
    def confirm(gias_import, user):
        return services.gias_import_confirm(gias_import=gias_import, confirmed_by=user)

    return _decide(request, pk, confirm, "Import confirmed")


@require_POST
def gias_import_cancel_view(request, pk: int, *, model_admin):
    def cancel(gias_import, user):
        return services.gias_import_cancel(gias_import=gias_import, cancelled_by=user)

    return _decide(request, pk, cancel, "Upload cancelled: nothing was imported")


def gias_import_urls(model_admin) -> list:
    """The import pages' URLs, for SchoolAdmin.get_urls()."""
    wrap = model_admin.admin_site.admin_view

    def bound(view):
        return wrap(lambda request, **kwargs: view(request, model_admin=model_admin, **kwargs))

    return [
        path("import-gias/", bound(gias_import_view), name=URL_NAME),
        path("import-gias/<int:pk>/", bound(gias_import_status_view), name=f"{URL_NAME}_status"),
        path("import-gias/<int:pk>/confirm/", bound(gias_import_confirm_view), name=f"{URL_NAME}_confirm"),
        path("import-gias/<int:pk>/cancel/", bound(gias_import_cancel_view), name=f"{URL_NAME}_cancel"),
    ]
