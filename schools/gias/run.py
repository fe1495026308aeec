"""One import run: any combination of the five files, in the right order, all or nothing.

    import_gias(establishments, groups, group_links=…, links=…, ofsted=…, user=…, force=…, dry_run=…)

Order: groups (trusts) → establishments (schools, linked to trusts) → group links (when each school
joined its trust) → links (predecessors and successors) → Ofsted management information. Every
header is checked before anything is written. The whole run is one transaction; a dry run (the
admin's preview) rolls it back and returns what would have changed.

Each real run is recorded as a GiasImport row, which is also the lock: the database holds at
most one row in "importing". A file older than the last one of its kind imported is refused unless
force: its date is the one in its name (edubasealldata20261101.csv), else the newest date inside
it (LastChangedDate, inspection dates).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.system_users import system_actor
from schools.gias import establishments as est
from schools.gias import groups as grp
from schools.gias import links as lnk
from schools.gias import ofsted as ofs
from schools.gias.importer import import_schools, import_trusts
from schools.gias.progress import ProgressBar
from schools.gias.reader import GiasFile, GiasFormatError
from schools.gias.summary import FileSummary, ImportSummary
from schools.models import SUMMARY_MAX_LENGTH, GiasImport

SYSTEM_USERNAME = "gias-import"
KINDS = ("groups", "establishments", "group_links", "links", "ofsted")
KIND_NAMES = {
    "groups": "groups",
    "establishments": "establishments",
    "group_links": "group links",
    "links": "links",
    "ofsted": "Ofsted management information",
}
FILE_DATE = re.compile(r"(?<!\d)(20\d{6})(?!\d)")
STALE_LOCK = datetime.timedelta(hours=6)  # an "importing" row this old was abandoned (a worker died)

NOTHING_TO_IMPORT = "Choose an establishments file, a groups file or both."
OLDER_FILE = (
    "{file} is dated {date}, older than the {kind} file imported last ({last_date}, {last_file}). "
    "Nothing was imported. To import it anyway, use --force (in the admin, tick “Import even if older”)."
)
BUSY = "Another GIAS import is running (started {started} by {by}). Nothing was imported; try again when it ends."


class ImportBusy(GiasFormatError):
    """Another import holds the lock."""


def _open(kind: str, source) -> GiasFile:
    if kind == "groups":
        return GiasFile(
            source, kind="groups", expected="allgroupsdata", columns=grp.TRUST_COLUMNS, not_this=grp.NOT_GROUPS
        )
    if kind == "establishments":
        not_this = {"Group UID": "the group links file"}
        return GiasFile(
            source, kind="establishments", expected="edubasealldata", columns=est.SCHOOL_COLUMNS, not_this=not_this
        )
    if kind == "group_links":
        return GiasFile(source, kind="group links", expected="the group links download", columns=lnk.GROUP_LINK_COLUMNS)
    if kind == "links":
        return GiasFile(
            source,
            kind="links",
            expected="links_edubasealldata",
            columns=lnk.LINK_COLUMNS,
            not_this={"EstablishmentName": "the establishments file"},
        )
    return GiasFile(
        source, kind="Ofsted management information", expected="Management_information", columns=ofs.OFSTED_COLUMNS
    )


@dataclass
class ImportRun:
    """Who and when every history row of one import is attributed to, and where progress goes."""

    user: object
    reason: str
    when: datetime.datetime
    stdout: object = None
    progress: Callable[[str], None] | None = None

    def history(self) -> dict:
        return {"user": self.user, "reason": self.reason, "when": self.when}

    def records(self, source: GiasFile, summary: FileSummary) -> Iterator[tuple[int, list[str]]]:
        """The file's records, drawing a progress bar on a terminal and reporting to `progress`."""
        bar = ProgressBar(self.stdout, summary.label, source.size)
        for line, values in source.records():
            summary.rows += 1
            if summary.rows % 500 == 0:
                bar.update(source.position, summary.rows)
                if self.progress is not None:
                    share = min(source.position / max(source.size, 1), 1.0)
                    self.progress(f"{summary.label}: {summary.rows:,} rows read ({share:.0%} of the file)")
            yield line, values
        bar.finish(summary.rows)


def import_gias(
    establishments=None,
    groups=None,
    *,
    group_links=None,
    links=None,
    ofsted=None,
    stdout=None,
    close_missing: bool = True,
    force: bool = False,
    user=None,
    dry_run: bool = False,
    record: GiasImport | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import any combination of the GIAS files (paths or open binary files) and Ofsted's
    management information, in order, all or nothing. Raises GiasFormatError (a missing column,
    a file of the wrong kind, an older file without force, another import running) before or
    instead of writing anything. History names `user` (default: the gias-import account)."""
    given = dict(groups=groups, establishments=establishments, group_links=group_links, links=links, ofsted=ofsted)
    sources = {kind: given[kind] for kind in KINDS if given[kind] is not None}
    if not sources:
        raise ValueError(NOTHING_TO_IMPORT)
    started = time.perf_counter()
    with ExitStack() as stack:
        files = {kind: stack.enter_context(_open(kind, source)) for kind, source in sources.items()}
        named = {kind: name_date(kind, source.name) for kind, source in files.items()}
        if not force:
            refuse_older(files, named)
        reason_day = next((day for day in named.values() if day), None) or timezone.localdate()
        summary = ImportSummary(change_reason=f"GIAS import {reason_day.isoformat()}")
        # An upload's row is marked "importing" before the transaction, so its page can follow the
        # import; a run from the command takes the lock inside it, so a failure leaves no trace.
        upload = (
            None
            if dry_run or record is None
            else _acquire(record, user or record.requested_by, files, force=force, partial=False)
        )
        try:
            with transaction.atomic():
                actor = user or system_user()
                lock = upload
                if lock is None and not dry_run:
                    lock = _acquire(None, actor, files, force=force, partial=not close_missing)
                run = ImportRun(actor, summary.change_reason, timezone.now(), stdout, progress)
                _run_files(files, run, summary, close_missing=close_missing)
                dates = {kind: named[kind] or _newest(summary.by_kind(kind)) for kind in files}
                if not force:
                    refuse_older(files, dates)  # dates found inside the files
                summary.seconds = time.perf_counter() - started
                if dry_run:
                    transaction.set_rollback(True)
                elif lock is not None and lock is not upload:
                    _release(lock, summary=summary, dates=dates)
        except Exception as error:
            if upload is not None:
                _release(upload, error=error)
            raise
    if upload is not None:
        _release(upload, summary=summary, dates=dates)
    if stdout is not None:
        stdout.write(f"{summary}\n")
    return summary


def _run_files(files: dict[str, GiasFile], run: ImportRun, summary: ImportSummary, *, close_missing: bool) -> None:
    if "groups" in files:
        summary.trusts = import_trusts(files["groups"], run)
    if "establishments" in files:
        summary.schools = import_schools(files["establishments"], run, close_missing=close_missing)
    if "group_links" in files:
        summary.group_links = lnk.import_group_links(files["group_links"], run)
    if "links" in files:
        summary.links = lnk.import_links(files["links"], run)
    if "ofsted" in files:
        summary.ofsted = ofs.import_ofsted(files["ofsted"], run)


def _newest(summary: FileSummary | None) -> datetime.date | None:
    return summary.newest if summary is not None else None


def name_date(kind: str, name: str) -> datetime.date | None:
    """The date in a file's name: edubasealldata20261101.csv, or Ofsted's "as_at_31_Jan_2026"."""
    if kind == "ofsted":
        return ofs.file_date(name)
    for match in FILE_DATE.finditer(name):
        try:
            return datetime.datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            continue
    return None


def last_imported(kind: str) -> tuple[datetime.date, str] | None:
    """The newest date (and file name) of this kind of file among finished imports."""
    newest = None
    for dates, names in GiasImport.objects.imported().values_list("file_dates", "file_names"):
        if dates.get(kind):
            day = datetime.date.fromisoformat(dates[kind])
            if newest is None or day > newest[0]:
                newest = (day, names.get(kind, ""))
    return newest


def refuse_older(files: dict[str, GiasFile], dates: dict) -> None:
    for kind, day in dates.items():
        last = last_imported(kind) if day else None
        if last and day < last[0]:
            raise GiasFormatError(
                OLDER_FILE.format(
                    file=files[kind].name,
                    date=_long(day),
                    kind=KIND_NAMES[kind],
                    last_date=_long(last[0]),
                    last_file=last[1] or "name not recorded",
                )
            )


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def system_user():
    """The user GIAS imports from the command line are attributed to: it never signs in."""
    return system_actor(SYSTEM_USERNAME, first_name="GIAS", last_name="import")


# ---- the lock -------------------------------------------------------------------------------


def _acquire(record: GiasImport | None, actor, files: dict[str, GiasFile], *, force: bool, partial: bool) -> GiasImport:
    """Mark the import as running; the database refuses a second running import."""
    abandoned = GiasImport.objects.running().filter(created_at__lt=timezone.now() - STALE_LOCK)
    for stale in abandoned:
        stale.status, stale.error = GiasImport.Status.FAILED, "Abandoned: it was still importing after 6 hours."
        stale.mark(by=actor, reason="Import abandoned")
        stale.save()
    if record is None:
        record = GiasImport(requested_by=actor, force=force, partial=partial)
        record.file_names = {kind: source.name for kind, source in files.items()}
    record.status = GiasImport.Status.IMPORTING
    record.mark(by=actor, reason="Import started")
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        running = GiasImport.objects.running().select_related("requested_by").first()
        started = timezone.localtime(running.created_at).strftime("%d %B %Y %H:%M") if running else "just now"
        by = running.requested_by.display_name if running else "someone"
        raise ImportBusy(BUSY.format(started=started, by=by)) from None
    return record


def _storable(text: str) -> str:
    """Summaries and errors quote the file's own values; a NUL byte among them is dropped
    (PostgreSQL refuses it in text) and the text cut to the column."""
    return text.replace("\x00", "")[:SUMMARY_MAX_LENGTH]


def _release(record: GiasImport, *, summary: ImportSummary | None = None, dates=None, error=None) -> None:
    record.finished_at = timezone.now()
    if summary is not None:
        record.status = GiasImport.Status.IMPORTED
        record.summary = _storable(str(summary))
        record.file_dates = {kind: day.isoformat() for kind, day in (dates or {}).items() if day}
        record.mark(by=record.requested_by, reason=summary.change_reason)
    else:
        record.status = GiasImport.Status.FAILED
        message = str(error) if isinstance(error, (GiasFormatError, ValueError)) else "The import failed."
        record.error = _storable(message)
        record.mark(by=record.requested_by, reason="Import failed")
    record.progress = ""
    record.save()
