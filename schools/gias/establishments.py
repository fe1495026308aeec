"""The establishments download (edubasealldataYYYYMMDD.csv): which School field each column fills.

Only `URN` and `EstablishmentName` are required, so a GIAS custom extract with a few columns
imports too; a column a file lacks leaves that field as stored. The DfE region comes from
`GOR (name)` (GIAS dropped `RSCRegion (name)` in July 2024); `OfstedRating (name)` and
`OfstedLastInsp` (dropped in April 2025) fill only the *previous* overall grade and its date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from schools.gias.headers import ESTABLISHMENT_LAYOUTS
from schools.gias.parsing import (
    KEEP,
    BadValue,
    FieldSpec,
    RecordPlan,
    RowError,
    check_dates,
    choice,
    parse_count,
    parse_date,
    parse_record,
    parse_urn,
    pattern,
    plan_for,
    text_for,
)
from schools.gias.reader import Column, normalise_header
from schools.models import School

URN = Column("URN")
ESTABLISHMENT_NAME = Column("EstablishmentName")
LA_CODE = Column("LA (code)", required=False)
ESTABLISHMENT_NUMBER = Column("EstablishmentNumber", required=False)
STATUS = Column("EstablishmentStatus (name)", required=False)
OPEN_DATE = Column("OpenDate", required=False)
CLOSE_DATE = Column("CloseDate", required=False)
TRUST_CODE = Column("Trusts (code)", required=False)
OFSTED_RATING = Column("OfstedRating (name)", required=False)
OFSTED_LAST_INSPECTION = Column("OfstedLastInsp", required=False)
LAST_CHANGED = Column("LastChangedDate", required=False)

# Single-word grades ended for state schools on 1 September 2024.
GRADES_ENDED = datetime.date(2024, 9, 1)
NOT_CREATED = (
    "URN {urn} is not stored yet and this file has no “EstablishmentStatus (name)” column, so it was not created"
)

SCHOOL_STATUSES = {
    "Open": School.Status.OPEN,
    "Closed": School.Status.CLOSED,
    "Open, but proposed to close": School.Status.OPEN_PROPOSED_TO_CLOSE,
    "Proposed to open": School.Status.PROPOSED_TO_OPEN,
}
OFSTED_GRADES = {value: value for value in School.OfstedGrade.values}
NOT_APPLICABLE = ("Not applicable", "Does not apply")


def _text(field: str) -> Callable[[str], str]:
    return text_for(School, field)


def _unless_not_applicable(field: str) -> Callable[[str], str]:
    """Free text where GIAS writes "Not applicable"/"Does not apply" for none (stored as empty)."""
    convert = _text(field)
    return lambda text: "" if text in NOT_APPLICABLE else convert(text)


def _grid(text: str) -> int | None:
    """An Easting or Northing in metres (British National Grid): whole metres, up to 1,300 km."""
    value = parse_count(text)
    if value is not None and value > 1_300_000:
        raise BadValue("is not a British National Grid reference in metres")
    return value


SCHOOL_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("urn", URN, parse_urn, essential=True),
    FieldSpec("name", ESTABLISHMENT_NAME, _text("name"), essential=True),
    FieldSpec("la_code", LA_CODE, _text("la_code"), label="local authority code"),
    FieldSpec("_establishment_number", ESTABLISHMENT_NUMBER, pattern(r"\d{1,4}", "2000")),
    FieldSpec("la_name", Column("LA (name)", required=False), _text("la_name"), label="local authority"),
    FieldSpec("establishment_type", Column("TypeOfEstablishment (name)", required=False), _text("establishment_type")),
    FieldSpec(
        "establishment_type_group",
        Column("EstablishmentTypeGroup (name)", required=False),
        _text("establishment_type_group"),
    ),
    FieldSpec("phase", Column("PhaseOfEducation (name)", required=False), _text("phase")),
    FieldSpec("status", STATUS, choice(SCHOOL_STATUSES, "an establishment status GIAS uses")),
    FieldSpec("opened_on", OPEN_DATE, parse_date, label="open date"),
    FieldSpec("closed_on", CLOSE_DATE, parse_date, label="close date"),
    FieldSpec("pupils_on_roll", Column("NumberOfPupils", required=False), parse_count, label="pupils on roll"),
    FieldSpec("capacity", Column("SchoolCapacity", required=False), parse_count),
    FieldSpec("street", Column("Street", required=False), _text("street")),
    FieldSpec("town", Column("Town", required=False), _text("town")),
    FieldSpec("postcode", Column("Postcode", required=False), _text("postcode")),
    FieldSpec("region", Column("GOR (name)", required=False), _unless_not_applicable("region"), label="DfE region"),
    FieldSpec("diocese", Column("Diocese (name)", required=False), _unless_not_applicable("diocese")),
    FieldSpec(
        "religious_character",
        Column("ReligiousCharacter (name)", required=False),
        _unless_not_applicable("religious_character"),
    ),
    FieldSpec("easting", Column("Easting", required=False), _grid),
    FieldSpec("northing", Column("Northing", required=False), _grid),
    FieldSpec("gias_last_changed_on", LAST_CHANGED, parse_date, label="last changed date"),
    FieldSpec(
        "previous_ofsted_grade",
        OFSTED_RATING,
        choice(OFSTED_GRADES, "", default=""),
        label="previous Ofsted grade",
    ),
    FieldSpec("ofsted_last_inspection", OFSTED_LAST_INSPECTION, parse_date, label="latest Ofsted inspection date"),
    FieldSpec("ukprn", Column("UKPRN", required=False), pattern(r"1\d{7}", "10079319"), label="UKPRN"),
    FieldSpec("_trust_group_uid", TRUST_CODE, pattern(r"\d{1,10}", "16001")),
)
SCHOOL_COLUMNS = tuple(spec.column for spec in SCHOOL_SPECS)
DERIVED = {  # field: the columns it needs
    "laestab": (LA_CODE, ESTABLISHMENT_NUMBER),
    "trust_id": (TRUST_CODE,),
    "previous_ofsted_grade_on": (OFSTED_RATING, OFSTED_LAST_INSPECTION),
}


def layout_name(header: list[str]) -> str:
    """Which published layout a header is: the current one, the older one, or a custom extract."""
    names = [normalise_header(column) for column in header]
    for name, published in ESTABLISHMENT_LAYOUTS.items():
        if names == [normalise_header(column) for column in published]:
            return name
    known = {normalise_header(column) for layout in ESTABLISHMENT_LAYOUTS.values() for column in layout}
    if set(names) >= {normalise_header(column) for column in ESTABLISHMENT_LAYOUTS["the current 135-column layout"]}:
        return f"the current layout with {len(set(names) - known)} more columns"
    return f"a custom extract of {len(header)} columns"


def is_full_layout(name: str) -> bool:
    """A whole download (which lists every establishment), as opposed to a custom extract."""
    return not name.startswith("a custom extract")


def school_plan(index: dict[Column, int], width: int) -> RecordPlan:
    return plan_for(SCHOOL_SPECS, index, width)


def school_fields(plan: RecordPlan) -> list[str]:
    """The School fields a file sets: its columns' fields and those derived from columns it has."""
    read = set(plan.columns) | {plan.key[3]}
    derived = [name for name, columns in DERIVED.items() if all(column.name in read for column in columns)]
    return [*(name for name in plan.field_names if not name.startswith("_")), *derived]


def parse_school(values: list[str], plan: RecordPlan, trust_ids: dict[str, int], line: int, warnings: list) -> dict:
    """School field values for one establishments record; '_trust_found' says if its trust exists."""
    parsed = parse_record(values, plan, line, warnings)
    if not parsed["name"]:
        raise RowError("EstablishmentName is empty", key=parsed["urn"])
    if "closed_on" in parsed and "opened_on" in parsed:
        check_dates(parsed, OPEN_DATE, CLOSE_DATE, line, warnings, plan)
    if "_establishment_number" in parsed and "la_code" in parsed:
        number, la_code = parsed.pop("_establishment_number"), parsed["la_code"]
        if KEEP in (number, la_code):
            parsed["laestab"] = KEEP
        else:
            parsed["laestab"] = f"{la_code}{number.zfill(4)}" if number and la_code else ""
    parsed.pop("_establishment_number", None)
    parsed["_trust_found"] = True
    if "_trust_group_uid" in parsed:
        group_uid = parsed.pop("_trust_group_uid")
        parsed["trust_id"] = KEEP if group_uid is KEEP else trust_ids.get(group_uid)
        parsed["_trust_found"] = group_uid is KEEP or not group_uid or parsed["trust_id"] is not None
    if "previous_ofsted_grade" in parsed and "ofsted_last_inspection" in parsed:
        parsed["previous_ofsted_grade_on"] = _grade_date(
            parsed["previous_ofsted_grade"], parsed["ofsted_last_inspection"]
        )
    return parsed


def _grade_date(grade, inspected):
    """GIAS gives only the latest inspection's date: it dates the grade when it is before grades ended."""
    if KEEP in (grade, inspected):
        return KEEP
    return inspected if grade and inspected and inspected < GRADES_ENDED else None
