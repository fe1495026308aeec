"""Writes for schools: the GIAS upload, previewed and confirmed, run as background tasks.

    gias_import_upload   a data manager uploads files: stored, then a preview (a dry run) is queued
    gias_import_preview  (task) what the files would change: "this file would close 38 schools"
    gias_import_confirm  the data manager confirms: the import itself is queued
    gias_import_run      (task) the import, all or nothing, holding the one-import-at-a-time lock
    gias_import_cancel   the data manager drops a previewed upload; its files are deleted

History names the person who uploaded the files (GiasImport.requested_by), on the GiasImport rows
and on every school and trust the import changes.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schools.gias.permissions import can_import_gias
from schools.models import SUMMARY_MAX_LENGTH, GiasImport

NOT_PREVIEWED = "This upload is {status}: only a checked upload waiting for confirmation can be imported."
NOT_YOURS = "Only the person who uploaded these files can confirm or cancel their import."
ALREADY_RUNNING = "Another GIAS import is running. Confirm again when it has finished."


def progress_path(gias_import_id: int) -> Path:
    """A small text file with the import's progress: written by the worker outside the import's
    transaction (which other connections cannot see into), read by the status page."""
    return Path(settings.MEDIA_ROOT) / "gias" / f"progress-{gias_import_id}.txt"


def read_progress(gias_import: GiasImport) -> str:
    try:
        return progress_path(gias_import.pk).read_text(encoding="utf-8")
    except OSError:
        return ""


def _progress_writer(gias_import_id: int):
    path = progress_path(gias_import_id)
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(text: str) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _save(gias_import: GiasImport, *, by, reason: str) -> GiasImport:
    gias_import.full_clean()
    gias_import.mark(by=by, reason=reason)
    gias_import.save()
    return gias_import


@transaction.atomic
def gias_import_upload(*, files: dict, partial: bool, force: bool, uploaded_by) -> GiasImport:
    """Store uploaded files (kind -> UploadedFile) and queue their preview."""
    if not can_import_gias(uploaded_by):
        raise PermissionDenied
    gias_import = GiasImport(requested_by=uploaded_by, partial=partial, force=force)
    gias_import.file_names = {kind: upload.name for kind, upload in files.items()}
    for kind, upload in files.items():
        getattr(gias_import, kind).save(upload.name, upload, save=False)
    _save(gias_import, by=uploaded_by, reason="Files uploaded")
    from schools.tasks import preview_gias_import

    preview_gias_import.enqueue(gias_import.pk)
    return gias_import


def _sources(gias_import: GiasImport):
    """The stored files, opened for reading (the caller closes them)."""
    opened = {}
    for kind, stored in gias_import.uploaded_files().items():
        stored.open("rb")
        stored.file.name = gias_import.file_names.get(kind, stored.name)  # the uploaded name carries the date
        opened[kind] = stored.file
    return opened


def gias_import_preview(*, gias_import_id: int) -> GiasImport:
    """The dry run: record what the files would change, or why they cannot be imported."""
    from schools.gias import GiasFormatError, import_gias

    gias_import = GiasImport.objects.get(pk=gias_import_id)
    if gias_import.status != GiasImport.Status.PREVIEWING:
        return gias_import
    sources = _sources(gias_import)
    try:
        summary = import_gias(
            **sources,
            close_missing=not gias_import.partial,
            force=gias_import.force,
            user=gias_import.requested_by,
            dry_run=True,
            progress=_progress_writer(gias_import.pk),
        )
    except (GiasFormatError, ValueError) as error:
        gias_import.status, gias_import.error = GiasImport.Status.FAILED, str(error)[:SUMMARY_MAX_LENGTH]
        gias_import.finished_at = timezone.now()
        return _save(gias_import, by=gias_import.requested_by, reason="Files refused")
    finally:
        for source in sources.values():
            source.close()
    schools = summary.schools
    gias_import.would_create = schools.created if schools else 0
    gias_import.would_update = schools.updated if schools else 0
    gias_import.would_close = schools.closed if schools else 0
    gias_import.preview = str(summary)[:SUMMARY_MAX_LENGTH]
    gias_import.status = GiasImport.Status.PREVIEWED
    return _save(gias_import, by=gias_import.requested_by, reason="Files checked")


@transaction.atomic
def gias_import_confirm(*, gias_import: GiasImport, confirmed_by) -> GiasImport:
    """Queue the import of a previewed upload (by the person who uploaded it)."""
    gias_import = GiasImport.objects.select_for_update().get(pk=gias_import.pk)
    _check_owner(gias_import, confirmed_by)
    if gias_import.status != GiasImport.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED.format(status=gias_import.get_status_display().lower()))
    if GiasImport.objects.running().exists():
        raise ValidationError(ALREADY_RUNNING)
    from schools.tasks import run_gias_import

    run_gias_import.enqueue(gias_import.pk)
    return gias_import


def gias_import_run(*, gias_import_id: int) -> GiasImport:
    """The import itself (import_gias takes the lock and records the outcome on the row)."""
    from schools.gias import GiasFormatError, ImportBusy, import_gias

    gias_import = GiasImport.objects.get(pk=gias_import_id)
    if gias_import.status != GiasImport.Status.PREVIEWED:
        return gias_import
    sources = _sources(gias_import)
    try:
        import_gias(
            **sources,
            close_missing=not gias_import.partial,
            force=gias_import.force,
            user=gias_import.requested_by,
            record=gias_import,
            progress=_progress_writer(gias_import.pk),
        )
    except ImportBusy as error:  # another import holds the lock: this one can be confirmed again later
        gias_import.error = str(error)
        _save(gias_import, by=gias_import.requested_by, reason="Import waiting: another was running")
    except GiasFormatError as error:
        gias_import.refresh_from_db()
        if gias_import.status != GiasImport.Status.FAILED:  # refused before the lock was taken
            gias_import.status, gias_import.error = GiasImport.Status.FAILED, str(error)
            gias_import.finished_at = timezone.now()
            _save(gias_import, by=gias_import.requested_by, reason="Import refused")
    finally:
        for source in sources.values():
            source.close()
        progress_path(gias_import.pk).unlink(missing_ok=True)
    gias_import.refresh_from_db()
    return gias_import


@transaction.atomic
def gias_import_cancel(*, gias_import: GiasImport, cancelled_by) -> GiasImport:
    """Drop an upload that has not been imported; its stored files are deleted."""
    gias_import = GiasImport.objects.select_for_update().get(pk=gias_import.pk)
    _check_owner(gias_import, cancelled_by)
    if gias_import.status not in (GiasImport.Status.PREVIEWED, GiasImport.Status.FAILED):
        raise ValidationError(NOT_PREVIEWED.format(status=gias_import.get_status_display().lower()))
    for stored in gias_import.uploaded_files().values():
        stored.delete(save=False)
    gias_import.status = GiasImport.Status.CANCELLED
    gias_import.finished_at = timezone.now()
    return _save(gias_import, by=cancelled_by, reason="Upload cancelled")


def _check_owner(gias_import: GiasImport, user) -> None:
    if not can_import_gias(user):
        raise PermissionDenied
    if gias_import.requested_by_id != user.pk and not user.is_superuser:
        raise ValidationError(NOT_YOURS)
