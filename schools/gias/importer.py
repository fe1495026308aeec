"""Import trusts and schools from the GIAS downloads: batched, idempotent, history-aware.

Records are streamed and handled in chunks: one query reads the stored rows of a chunk, unchanged
rows are left alone (no write, no history), new rows go in with writes.insert_with_history (rows
and their history rows, one executemany each) and changed rows with simple-history's
bulk_update_with_history, all attributed to the "gias-import" user with the change reason
"GIAS import YYYY-MM-DD". Everything happens in one transaction, so a failure part-way
leaves the database as it was. Schools are never deleted: one that disappears from a full
establishments file is marked closed.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Container, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import batched

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from schools.gias import establishments as est
from schools.gias import groups as grp
from schools.gias.establishments import NOT_CREATED
from schools.gias.parsing import KEEP, RowError
from schools.gias.progress import ProgressBar
from schools.gias.reader import GiasFile, GiasFormatError
from schools.gias.summary import FileSummary, ImportSummary
from schools.gias.writes import insert_with_history, update_with_history
from schools.models import School, Trust

SYSTEM_USERNAME = "gias-import"
CHUNK_SIZE = 2000  # records per read query and per write
FILE_DATE = re.compile(r"(?:edubasealldata|allgroupsdata)(\d{8})", re.IGNORECASE)

NOTHING_TO_IMPORT = "Choose an establishments file, a groups file or both."
NO_GROUP_TYPE = "{file} has neither a “Group Type” nor a “Group Type (code)” column, so nothing was imported."
DUPLICATE = "{column} {key} appears again (first on line {first_line}); this row was skipped"


@dataclass
class ImportRun:
    """Who and when every history row of one import is attributed to."""

    user: object
    reason: str
    when: datetime.datetime
    stdout: object = None

    def history(self) -> dict:
        return {"user": self.user, "reason": self.reason, "when": self.when}

    def records(self, source: GiasFile, summary: FileSummary) -> Iterator[tuple[int, list[str]]]:
        """The file's records, drawing a progress bar when stdout is a terminal."""
        progress = ProgressBar(self.stdout, summary.label, source.size)
        for line, values in source.records():
            summary.rows += 1
            if summary.rows % 500 == 0:
                progress.update(source.position, summary.rows)
            yield line, values
        progress.finish(summary.rows)


def import_gias(establishments=None, groups=None, *, stdout=None, close_missing: bool = True) -> ImportSummary:
    """Import a GIAS groups file (trusts) and/or establishments file (schools).

    Each argument is a path or an open binary file (an upload). Both headers are checked before
    anything is written (GiasFormatError names a missing column). Groups go first so schools can
    link to their trust. With close_missing, open schools absent from the establishments file are
    closed. Writes the summary to stdout when given, and returns it.
    """
    if establishments is None and groups is None:
        raise ValueError(NOTHING_TO_IMPORT)
    started = time.perf_counter()
    with ExitStack() as files:
        groups_file = files.enter_context(_groups_file(groups)) if groups is not None else None
        schools_file = files.enter_context(_establishments_file(establishments)) if establishments is not None else None
        reason = f"GIAS import {import_date(establishments, groups).isoformat()}"
        summary = ImportSummary(change_reason=reason)
        with transaction.atomic():
            run = ImportRun(user=system_user(), reason=reason, when=timezone.now(), stdout=stdout)
            if groups_file is not None:
                summary.trusts = import_trusts(groups_file, run)
            if schools_file is not None:
                summary.schools = import_schools(schools_file, run, close_missing=close_missing)
    summary.seconds = time.perf_counter() - started
    if stdout is not None:
        stdout.write(f"{summary}\n")
    return summary


def _groups_file(source) -> GiasFile:
    return GiasFile(source, kind="groups", expected="allgroupsdata", columns=grp.TRUST_COLUMNS, not_this=grp.NOT_GROUPS)


def _establishments_file(source) -> GiasFile:
    return GiasFile(
        source,
        kind="establishments",
        expected="edubasealldata",
        columns=est.SCHOOL_COLUMNS,
        not_this={"Group UID": "the group links file"},
    )


def import_date(*sources) -> datetime.date:
    """The date in a GIAS file name (edubasealldata20261101.csv), else today."""
    for source in sources:
        name = str(getattr(source, "name", None) or source or "")
        if match := FILE_DATE.search(name):
            try:
                return datetime.datetime.strptime(match.group(1), "%Y%m%d").date()
            except ValueError:
                continue
    return timezone.localdate()


def system_user():
    """The user GIAS imports are attributed to: no role, no usable password, never signs in."""
    user, _ = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "GIAS", "last_name": "import", "role": "", "password": make_password(None)},
    )
    return user


# ---- trusts --------------------------------------------------------------------------------


def import_trusts(source: GiasFile, run: ImportRun) -> FileSummary:
    """Create or update a Trust for every academy trust in a groups file."""
    started = time.perf_counter()
    if grp.GROUP_TYPE not in source.index and grp.GROUP_TYPE_CODE not in source.index:
        raise GiasFormatError(NO_GROUP_TYPE.format(file=source.name))
    summary = FileSummary("Trusts", source.name, source.encoding)
    plan = grp.trust_plan(source.index, source.width)
    summary.not_updated = list(plan.absent)
    fields = grp.trust_fields(plan)
    stored = {trust.group_uid: trust for trust in Trust.objects.all()}  # thousands, not millions
    first_lines: dict[str, int] = {}
    creates, changes, changed_fields = [], [], set()
    for line, values in run.records(source, summary):
        label, trust_type = grp.group_type(values, source.index)
        if trust_type is None:
            summary.not_trusts[label or "(no group type)"] += 1
            continue
        try:
            parsed = grp.parse_trust(values, plan, trust_type, line, summary.warnings)
        except RowError as error:
            summary.skip(line, error.reason)
            continue
        uid = parsed["group_uid"]
        if uid in first_lines:
            summary.skip(line, DUPLICATE.format(column="Group UID", key=uid, first_line=first_lines[uid]))
            continue
        first_lines[uid] = line
        trust = stored.get(uid)
        if trust is None:
            creates.append(_known(parsed))
            continue
        differing = _differing(fields, trust.__dict__, parsed)
        _count_change(
            summary,
            differing,
            was_closed=trust.status == Trust.Status.CLOSED,
            now_closed=parsed.get("status") == Trust.Status.CLOSED,
        )
        if differing:
            _assign(trust, parsed, differing)
            changes.append(trust)
            changed_fields.update(differing)
    insert_with_history(Trust, creates, key="group_uid", **run.history())
    update_with_history(Trust, changes, changed_fields, **run.history())
    summary.created = len(creates)
    summary.seconds = time.perf_counter() - started
    return summary


# ---- schools -------------------------------------------------------------------------------


def import_schools(source: GiasFile, run: ImportRun, *, close_missing: bool = True) -> FileSummary:
    """Create or update a School for every establishment; close open schools a whole download
    leaves out (a custom extract closes none)."""
    started = time.perf_counter()
    summary = FileSummary("Schools", source.name, source.encoding)
    summary.layout = est.layout_name(source.header)
    plan = est.school_plan(source.index, source.width)
    summary.not_updated = list(plan.absent)
    fields = est.school_fields(plan)
    trust_ids = dict(Trust.objects.values_list("group_uid", "id"))
    first_lines: dict[str, int] = {}  # every URN in the file, so absent schools can be found
    pending: list[dict] = []
    for line, values in run.records(source, summary):
        try:
            parsed = est.parse_school(values, plan, trust_ids, line, summary.warnings)
        except RowError as error:
            summary.skip(line, error.reason)
            if error.key:  # a school GIAS still lists is not "missing", even if this row was bad
                first_lines.setdefault(error.key, line)
            continue
        urn = parsed["urn"]
        if urn in first_lines:
            summary.skip(line, DUPLICATE.format(column="URN", key=urn, first_line=first_lines[urn]))
            continue
        first_lines[urn] = line
        summary.without_trust += not parsed.pop("_trust_found")
        parsed["_line"] = line
        pending.append(parsed)
        if len(pending) >= CHUNK_SIZE:
            _save_schools(pending, fields, summary, run)
            pending = []
    _save_schools(pending, fields, summary, run)
    if close_missing and not est.is_full_layout(summary.layout):
        summary.notes.append("A custom extract does not list every school, so no school was closed for missing.")
    elif close_missing and first_lines:
        _close_missing_schools(first_lines, summary, run)
    summary.seconds = time.perf_counter() - started
    return summary


def _save_schools(chunk: list[dict], fields: list[str], summary: FileSummary, run: ImportRun) -> None:
    """One read for the chunk's stored rows, then bulk writes of only what is new or changed."""
    if not chunk:
        return
    stored = {
        row[0]: row
        for row in School.objects.filter(urn__in=[parsed["urn"] for parsed in chunk]).values_list("urn", "id", *fields)
    }
    creates, differences = [], {}
    for parsed in chunk:
        row = stored.get(parsed["urn"])
        if row is None:
            if "status" not in parsed:
                summary.skip(parsed.pop("_line"), NOT_CREATED.format(urn=parsed["urn"]))
                continue
            parsed.pop("_line")
            creates.append(_known(parsed))
            continue
        parsed.pop("_line")
        stored_values = row[2:]
        if stored_values == tuple(map(parsed.__getitem__, fields)):  # the usual case: nothing changed
            summary.unchanged += 1
            continue
        current = dict(zip(fields, stored_values))
        differing = _differing(fields, current, parsed)
        _count_change(
            summary,
            differing,
            was_closed=current.get("status") == School.Status.CLOSED,
            now_closed=parsed.get("status", current.get("status")) == School.Status.CLOSED,
        )
        if differing:
            differences[row[1]] = (parsed, differing)
    changes, changed_fields = [], set()
    for school in School.objects.filter(pk__in=list(differences)):
        parsed, differing = differences[school.pk]
        _assign(school, parsed, differing)
        changes.append(school)
        changed_fields.update(differing)
    insert_with_history(School, creates, key="urn", **run.history())
    update_with_history(School, changes, changed_fields, **run.history())
    summary.created += len(creates)


def _close_missing_schools(listed_urns: Container[str], summary: FileSummary, run: ImportRun) -> None:
    """Close every open school the full establishments file no longer lists. Never deletes."""
    still_open = School.objects.exclude(status=School.Status.CLOSED).values_list("id", "urn")
    missing_ids = [pk for pk, urn in still_open.iterator(chunk_size=CHUNK_SIZE) if urn not in listed_urns]
    for ids in batched(missing_ids, CHUNK_SIZE):
        schools = list(School.objects.filter(pk__in=ids))
        for school in schools:
            school.status = School.Status.CLOSED
        update_with_history(School, schools, {"status"}, **run.history())
    summary.closed += len(missing_ids)
    summary.closed_missing = len(missing_ids)


# ---- shared --------------------------------------------------------------------------------


def _count_change(summary: FileSummary, differing: list[str], *, was_closed: bool, now_closed: bool) -> None:
    if not differing:
        summary.unchanged += 1
    elif now_closed and not was_closed:
        summary.closed += 1
    else:
        summary.updated += 1


def _differing(fields: list[str], current: dict, parsed: dict) -> list[str]:
    """The fields whose new value differs from the stored one (a KEEP value never does)."""
    return [name for name in fields if parsed[name] is not KEEP and current[name] != parsed[name]]


def _known(parsed: dict) -> dict:
    """A new row's values without the ones that could not be read (they take the default)."""
    return {name: value for name, value in parsed.items() if value is not KEEP}


def _assign(instance, parsed: dict, names: list[str]) -> None:
    for name in names:
        setattr(instance, name, parsed[name])
