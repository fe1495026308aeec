"""The admin page where oversight admins upload the GIAS downloads and see what the import did.

Wired into the School admin (schools/admin.py) by adding the URL in front of the admin's own:

    from schools.gias.admin_views import gias_import_urls

    class SchoolAdmin(...):
        change_list_template = "admin/schools/school/change_list.html"  # optional "Import from GIAS" link

        def get_urls(self):
            return gias_import_urls(self) + super().get_urls()

which serves admin/schools/school/import-gias/ as "admin:schools_school_import_gias".
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from schools.gias.importer import import_gias
from schools.gias.permissions import can_import_gias
from schools.gias.reader import GiasFormatError

logger = logging.getLogger(__name__)

TEMPLATE = "admin/schools/gias_import.html"
URL_NAME = "schools_school_import_gias"
NO_FILE = "Choose the establishments file, the groups file or both."
WRONG_EXTENSION = "Choose a CSV file (the GIAS download ends in .csv)."


def _csv_only(upload) -> None:
    if upload and not upload.name.lower().endswith(".csv"):
        raise forms.ValidationError(WRONG_EXTENSION)


class GiasImportForm(forms.Form):
    groups = forms.FileField(
        required=False,
        label="Groups file (trusts)",
        help_text=(
            "allgroupsdataYYYYMMDD.csv from the GIAS downloads. Imported first, so schools can link to their trust."
        ),
        validators=[_csv_only],
    )
    establishments = forms.FileField(
        required=False,
        label="Establishments file (schools)",
        help_text="edubasealldataYYYYMMDD.csv from the GIAS downloads (all establishments, open and closed).",
        validators=[_csv_only],
    )
    partial = forms.BooleanField(
        required=False,
        label="The establishments file is an extract",
        help_text="Tick this if the file is not the full download: schools it leaves out are then not closed.",
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("groups") or cleaned.get("establishments")):
            raise forms.ValidationError(NO_FILE)
        return cleaned


def gias_import_view(request, *, model_admin):
    """GET: the upload form. POST: import the files (all or nothing) and show the summary."""
    if not can_import_gias(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = GiasImportForm(request.POST, request.FILES) if posted else GiasImportForm()
    summary = None
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            summary = import_gias(data["establishments"], data["groups"], close_missing=not data["partial"])
        except GiasFormatError as error:
            form.add_error(None, str(error))
        else:
            logger.info("GIAS import by %s: %s", request.user.username, " | ".join(summary.lines()))
            form = GiasImportForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import schools and trusts from GIAS",
        "form": form,
        "summary": summary,
    }
    return TemplateResponse(request, TEMPLATE, context)


def gias_import_urls(model_admin) -> list:
    """The import page's URL, for SchoolAdmin.get_urls()."""

    def view(request):
        return gias_import_view(request, model_admin=model_admin)

    return [path("import-gias/", model_admin.admin_site.admin_view(view), name=URL_NAME)]
