"""Ofsted's monthly management information for state-funded schools (optional, by URN).

"Management information - state-funded schools - latest inspections as at DD Mon YYYY" (CSV,
Windows-1252 or UTF-8, DD/MM/YYYY dates, "NULL" for none). Columns are read by header name and
every one but `URN` is optional, since Ofsted changes them with its frameworks:

- the latest inspection: the newest of `Inspection start date` (with `Inspection type`), `Inspection
  start date of latest OEIF graded inspection` and `Date of latest ungraded inspection`;
- report card grades (from November 2025): `Inclusion`, `Curriculum and teaching`, `Achievement`,
  `Attendance and behaviour`, `Personal development and wellbeing`, `Early years (where
  applicable)`, `Post-16 provision (where applicable)`, `Leadership and governance`, and
  `Safeguarding standards`;
- the previous overall grade: `Latest OEIF overall effectiveness` (1 to 4) of a graded inspection
  before September 2024, with its date. A later "Not judged" leaves no grade.

Schools the service does not hold are counted, not created.
"""

from __future__ import annotations

import datetime
import re
import time
from typing import TYPE_CHECKING

from schools.gias.parsing import KEEP, BadValue, FieldSpec, RowError, parse_date, parse_record, parse_urn, plan_for
from schools.gias.reader import Column
from schools.gias.summary import FileSummary
from schools.gias.writes import update_with_history
from schools.models import School

if TYPE_CHECKING:
    from schools.gias.reader import GiasFile
    from schools.gias.run import ImportRun

GRADES_ENDED = datetime.date(2024, 9, 1)
EMPTY = ("", "NULL", "Not applicable", "9")
GRADES = {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}
WORDS = {grade.casefold(): grade for grade in GRADES.values()}
REPORT_CARD_AREAS = (
    ("Inclusion", "Inclusion"),
    ("Curriculum and teaching", "Curriculum and teaching"),
    ("Achievement", "Achievement"),
    ("Attendance and behaviour", "Attendance and behaviour"),
    ("Personal development and wellbeing", "Personal development and wellbeing"),
    ("Early years", "Early years (where applicable)"),
    ("Post-16 provision", "Post-16 provision (where applicable)"),
    ("Leadership and governance", "Leadership and governance"),
    ("Safeguarding", "Safeguarding standards"),
)
OFSTED_FIELDS = (
    "ofsted_last_inspection",
    "ofsted_last_inspection_type",
    "ofsted_report_card",
    "previous_ofsted_grade",
    "previous_ofsted_grade_on",
)
NOT_STORED = "URN {urn} is not a stored school"
AS_AT = re.compile(r"as[_ ]at[_ ](\d{1,2})[_ ]([A-Za-z]+)[_ ](\d{4})", re.IGNORECASE)


def _date(text: str) -> datetime.date | None:
    return None if text in EMPTY else parse_date(text)


def _text(text: str) -> str:
    if len(text) > 100:
        raise BadValue("is longer than 100 characters")
    return "" if text in EMPTY else text


def _grade(text: str) -> str:
    if text in EMPTY or text.casefold() == "not judged":
        return ""
    if grade := GRADES.get(text) or WORDS.get(text.casefold()):
        return grade
    raise BadValue("is not an overall effectiveness grade (1 to 4)")


OFSTED_SPECS = (
    FieldSpec("urn", Column("URN"), parse_urn, essential=True),
    FieldSpec("_latest_on", Column("Inspection start date", required=False), _date),
    FieldSpec("_latest_type", Column("Inspection type", required=False), _text),
    FieldSpec("_graded_on", Column("Inspection start date of latest OEIF graded inspection", required=False), _date),
    FieldSpec(
        "_overall",
        Column("Latest OEIF overall effectiveness", aliases=("Overall effectiveness",), required=False),
        _grade,
    ),
    FieldSpec("_ungraded_on", Column("Date of latest ungraded inspection", required=False), _date),
    *(FieldSpec(f"_card_{area}", Column(column, required=False), _text) for area, column in REPORT_CARD_AREAS),
)
OFSTED_COLUMNS = tuple(spec.column for spec in OFSTED_SPECS)


def file_date(name: str) -> datetime.date | None:
    """The date in a file name such as "…latest_inspections_as_at_31_Jan_2026.csv"."""
    if match := AS_AT.search(name):
        day, month, year = match.groups()
        try:
            return datetime.datetime.strptime(f"{day} {month[:3]} {year}", "%d %b %Y").date()
        except ValueError:
            return None
    return None


def ofsted_values(parsed: dict, *, has_card: bool = True) -> dict:
    """The School fields one MI row sets (fields whose cells could not be read are left out)."""
    dates = {
        "report": parsed.get("_latest_on"),
        "graded": parsed.get("_graded_on"),
        "ungraded": parsed.get("_ungraded_on"),
    }
    known = {kind: day for kind, day in dates.items() if day and day is not KEEP}
    values = {}
    if known:
        kind, latest = max(known.items(), key=lambda item: item[1])
        values["ofsted_last_inspection"] = latest
        kinds = {"graded": "Graded inspection", "ungraded": "Ungraded inspection"}
        latest_type = parsed.get("_latest_type")
        values["ofsted_last_inspection_type"] = (
            latest_type if kind == "report" and latest_type and latest_type is not KEEP else kinds.get(kind, "")
        )
    card = {
        area: parsed[f"_card_{area}"]
        for area, _ in REPORT_CARD_AREAS
        if parsed.get(f"_card_{area}") not in (None, "", KEEP)
    }
    if has_card:  # a file from before report cards leaves the stored card alone
        values["ofsted_report_card"] = card
    overall, graded_on = parsed.get("_overall"), dates["graded"]
    if overall is not None and overall is not KEEP and graded_on is not KEEP:
        before = bool(overall and graded_on and graded_on < GRADES_ENDED)
        values["previous_ofsted_grade"] = overall if before else ""
        values["previous_ofsted_grade_on"] = graded_on if before else None
    return values


def import_ofsted(source: GiasFile, run: ImportRun) -> FileSummary:
    """Update the Ofsted fields of every stored school the management information lists."""
    started = time.perf_counter()
    summary = FileSummary("Ofsted", source.name, source.encoding)
    plan = plan_for(OFSTED_SPECS, source.index, source.width)
    has_card = any(name.startswith("_card_") for name in plan.names)
    wanted: dict[str, tuple[dict, int]] = {}
    for line, values in run.records(source, summary):
        try:
            parsed = parse_record(values, plan, line, summary.warnings)
        except RowError as error:
            summary.skip(line, error.reason)
            continue
        if parsed["urn"] in wanted:
            summary.skip(line, f"URN {parsed['urn']} appears again (first on line {wanted[parsed['urn']][1]})")
            continue
        wanted[parsed["urn"]] = (ofsted_values(parsed, has_card=has_card), line)
        summary.note_date(wanted[parsed["urn"]][0].get("ofsted_last_inspection"))
    changes, fields, found = [], set(), set()
    for school in School.objects.filter(urn__in=list(wanted)).iterator(chunk_size=2000):
        found.add(school.urn)
        new = wanted[school.urn][0]
        differing = [name for name, value in new.items() if getattr(school, name) != value]
        if not differing:
            summary.unchanged += 1
            continue
        for name in differing:
            setattr(school, name, new[name])
        changes.append(school)
        fields.update(differing)
    summary.not_stored = len(set(wanted) - found)
    update_with_history(School, changes, fields, **run.history())
    summary.updated = len(changes)
    summary.seconds = time.perf_counter() - started
    return summary
