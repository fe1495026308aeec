"""Turn one GIAS record (a list of strings) into the values of a School or Trust row.

Each field the importer stores has a FieldSpec: the column it comes from and a converter. A
converter returns the stored value or raises BadValue with a short problem ("is not a real date");
parse_record turns that into a RowError naming the column and the value, which the importer
reports with the line number and skips.
"""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schools.gias.reader import Column
from schools.models import School, Trust

ROW_WIDTH = "has {found} values but the header has {expected}"
CLOSES_BEFORE_OPENING = "{close} “{closed_on}” is before {open} “{opened_on}”"


MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds on every database


def is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits."""
    return text.isascii() and text.isdigit()


class BadValue(ValueError):
    """A value that cannot be stored; the message says why ("is not a number")."""


class RowError(ValueError):
    """A record that is skipped. `key` is its URN or Group UID when that much was readable."""

    def __init__(self, reason: str, key: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.key = key


@dataclass(frozen=True)
class FieldSpec:
    field: str
    column: Column
    convert: Callable[[str], Any]


# ---- converters ------------------------------------------------------------------------------


DATE = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", re.ASCII)


@functools.lru_cache(maxsize=16_384)  # a national file holds a few thousand distinct dates
def parse_date(text: str) -> datetime.date | None:
    """DD-MM-YYYY (or DD/MM/YYYY, as a spreadsheet may re-save it); empty means unknown."""
    if not text:
        return None
    match = DATE.fullmatch(text)
    if match is None:
        raise BadValue("is not a date in the form DD-MM-YYYY")
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise BadValue("is not a real date") from None


def parse_count(text: str) -> int | None:
    """A whole number of pupils or places; empty means unknown."""
    if not text:
        return None
    if not is_number(text):
        raise BadValue("is not a whole number")
    if int(text) > MAX_COUNT:
        raise BadValue("is too large")
    return int(text)


def parse_urn(text: str) -> str:
    if not is_number(text):
        raise BadValue("is not a number")
    if len(text) != 6:
        raise BadValue("is not a 6-digit URN")
    return text


def parse_group_uid(text: str) -> str:
    if not is_number(text):
        raise BadValue("is not a number")
    if len(text) > (Trust._meta.get_field("group_uid").max_length or 0):
        raise BadValue("is too long for a Group UID")
    return text


def pattern(regex: str, example: str, *, pad_digits_to: int = 0) -> Callable[[str], str]:
    """An identifier that must match regex when given (UKPRN, trust reference, company number)."""
    compiled = re.compile(regex, re.ASCII)

    def convert(text: str) -> str:
        if pad_digits_to and is_number(text):
            text = text.zfill(pad_digits_to)
        if text and not compiled.fullmatch(text):
            raise BadValue(f"is not in the expected form (like {example})")
        return text

    return convert


def text_for(model, field: str) -> Callable[[str], str]:
    """Free text that must fit the model field."""
    max_length = model._meta.get_field(field).max_length

    def convert(text: str) -> str:
        if "\x00" in text:  # no place in a name or address, and PostgreSQL refuses it in text
            text = text.replace("\x00", "")
        if len(text) > max_length:
            raise BadValue(f"is longer than {max_length} characters")
        return text

    return convert


def choice(mapping: dict[str, Any], what: str, *, default: Any = None) -> Callable[[str], Any]:
    """A published label mapped to a stored choice, compared without case or extra spaces."""
    lookup = {" ".join(label.split()).casefold(): value for label, value in mapping.items()}
    exact = dict(mapping)  # the published spelling: found without normalising

    def convert(text: str) -> Any:
        if text in exact:
            return exact[text]
        value = lookup.get(" ".join(text.split()).casefold(), default)
        if value is None:
            raise BadValue(f"is not {what}")
        return value

    return convert


# ---- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordPlan:
    """Where each stored field sits in this file's records, worked out once from the header."""

    key: tuple[str, int, Callable, str]
    names: tuple[str, ...]
    converters: tuple[Callable, ...]
    columns: tuple[str, ...]
    pick: Callable[[list[str]], tuple[str, ...]]  # the raw values of the non-key fields, in order
    width: int

    @property
    def field_names(self) -> list[str]:
        return [self.key[0], *self.names]


def plan_for(specs: tuple[FieldSpec, ...], index: dict[Column, int], width: int) -> RecordPlan:
    """The plan for a file: specs[0] is the key (URN or Group UID); absent optional columns are
    left out, so those fields are never touched."""
    key_spec, *others = [spec for spec in specs if spec.column in index]
    positions = [index[spec.column] for spec in others]
    return RecordPlan(
        key=(key_spec.field, index[key_spec.column], key_spec.convert, key_spec.column.name),
        names=tuple(spec.field for spec in others),
        converters=tuple(spec.convert for spec in others),
        columns=tuple(spec.column.name for spec in others),
        pick=_picker(positions),
        width=width,
    )


def _picker(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function returning the values at positions as a tuple (itemgetter, in C, for speed)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda values: (values[position],)
    return operator.itemgetter(*positions)


def parse_record(values: list[str], plan: RecordPlan) -> dict:
    """The stored values of one record, or RowError naming the column, the value and the problem."""
    key_field, key_position, convert_key, key_column = plan.key
    raw_key = values[key_position].strip() if key_position < len(values) else ""
    try:
        key = convert_key(raw_key)
    except BadValue as problem:
        raise RowError(f"{key_column} “{raw_key}” {problem}") from None
    if len(values) != plan.width:
        raise RowError(ROW_WIDTH.format(found=len(values), expected=plan.width), key=key)
    parsed: dict[str, Any] = {key_field: key}
    for field, convert, raw in zip(plan.names, plan.converters, map(str.strip, plan.pick(values))):
        try:
            parsed[field] = convert(raw)
        except BadValue as problem:
            column = plan.columns[plan.names.index(field)]
            raise RowError(f"{column} “{raw}” {problem}", key=key) from None
    return parsed


def check_dates(parsed: dict, opened: Column, closed: Column, key: str) -> None:
    """A row may not close before it opens (the School table refuses it)."""
    opened_on, closed_on = parsed.get("opened_on"), parsed.get("closed_on")
    if opened_on and closed_on and closed_on < opened_on:
        reason = CLOSES_BEFORE_OPENING.format(
            close=closed.name,
            closed_on=closed_on.strftime("%d-%m-%Y"),
            open=opened.name,
            opened_on=opened_on.strftime("%d-%m-%Y"),
        )
        raise RowError(reason, key=key)


# ---- establishments (edubasealldataYYYYMMDD.csv) --------------------------------------------

URN = Column("URN")
ESTABLISHMENT_NAME = Column("EstablishmentName")
LA_CODE = Column("LA (code)")
ESTABLISHMENT_NUMBER = Column("EstablishmentNumber")
OPEN_DATE = Column("OpenDate")
CLOSE_DATE = Column("CloseDate")
TRUST_CODE = Column("Trusts (code)")

SCHOOL_STATUSES = {
    "Open": School.Status.OPEN,
    "Closed": School.Status.CLOSED,
    "Open, but proposed to close": School.Status.OPEN_PROPOSED_TO_CLOSE,
    "Proposed to open": School.Status.PROPOSED_TO_OPEN,
}
# Ratings GIAS no longer gives (or never gave) are stored as "no rating".
OFSTED_RATINGS = {choice_value: choice_value for choice_value in School.OfstedRating.values}


def _school_text(field: str) -> Callable[[str], str]:
    return text_for(School, field)


SCHOOL_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("urn", URN, parse_urn),
    FieldSpec("name", ESTABLISHMENT_NAME, _school_text("name")),
    FieldSpec("la_code", LA_CODE, _school_text("la_code")),
    FieldSpec("_establishment_number", ESTABLISHMENT_NUMBER, pattern(r"\d{1,4}", "2000")),
    FieldSpec("la_name", Column("LA (name)", required=False), _school_text("la_name")),
    FieldSpec("establishment_type", Column("TypeOfEstablishment (name)"), _school_text("establishment_type")),
    FieldSpec(
        "establishment_type_group", Column("EstablishmentTypeGroup (name)"), _school_text("establishment_type_group")
    ),
    FieldSpec("phase", Column("PhaseOfEducation (name)", required=False), _school_text("phase")),
    FieldSpec(
        "status", Column("EstablishmentStatus (name)"), choice(SCHOOL_STATUSES, "an establishment status GIAS uses")
    ),
    FieldSpec("opened_on", OPEN_DATE, parse_date),
    FieldSpec("closed_on", CLOSE_DATE, parse_date),
    FieldSpec("pupils_on_roll", Column("NumberOfPupils", required=False), parse_count),
    FieldSpec("capacity", Column("SchoolCapacity", required=False), parse_count),
    FieldSpec("street", Column("Street", required=False), _school_text("street")),
    FieldSpec("town", Column("Town", required=False), _school_text("town")),
    FieldSpec("postcode", Column("Postcode", required=False), _school_text("postcode")),
    FieldSpec("region", Column("RSCRegion (name)", required=False), _school_text("region")),
    FieldSpec(
        "government_office_region", Column("GOR (name)", required=False), _school_text("government_office_region")
    ),
    FieldSpec("ofsted_rating", Column("OfstedRating (name)", required=False), choice(OFSTED_RATINGS, "", default="")),
    FieldSpec("ofsted_last_inspection", Column("OfstedLastInsp", required=False), parse_date),
    FieldSpec("ukprn", Column("UKPRN", required=False), pattern(r"1\d{7}", "10079319")),
    FieldSpec("_trust_group_uid", TRUST_CODE, pattern(r"\d{1,10}", "16001")),
)
SCHOOL_COLUMNS = tuple(spec.column for spec in SCHOOL_SPECS)


def school_plan(index: dict[Column, int], width: int) -> RecordPlan:
    return plan_for(SCHOOL_SPECS, index, width)


def school_fields(plan: RecordPlan) -> list[str]:
    """The School fields a file sets (laestab and trust are derived from auxiliary columns)."""
    return [*(name for name in plan.field_names if not name.startswith("_")), "laestab", "trust_id"]


def parse_school(values: list[str], plan: RecordPlan, trust_ids: dict[str, int]) -> dict:
    """School field values for one establishments record; '_trust_found' says if its trust exists."""
    parsed = parse_record(values, plan)
    if not parsed["name"]:
        raise RowError("EstablishmentName is empty", key=parsed["urn"])
    check_dates(parsed, OPEN_DATE, CLOSE_DATE, parsed["urn"])
    number = parsed.pop("_establishment_number")
    parsed["laestab"] = f"{parsed['la_code']}{number.zfill(4)}" if number and parsed["la_code"] else ""
    group_uid = parsed.pop("_trust_group_uid")
    parsed["trust_id"] = trust_ids.get(group_uid)
    parsed["_trust_found"] = not group_uid or parsed["trust_id"] is not None
    return parsed


# ---- groups (allgroupsdataYYYYMMDD.csv) -----------------------------------------------------

GROUP_UID = Column("Group UID")
GROUP_TYPE = Column("Group Type")
GROUP_OPEN_DATE = Column("Open date", aliases=("Incorporated on (open date)",), required=False)
GROUP_CLOSED_DATE = Column("Closed Date", required=False)

TRUST_TYPES = {
    "Multi-academy trust": Trust.TrustType.MULTI_ACADEMY_TRUST,
    "Single-academy trust": Trust.TrustType.SINGLE_ACADEMY_TRUST,
}
TRUST_STATUSES = {
    "Open": Trust.Status.OPEN,
    "Proposed to be created": Trust.Status.OPEN,
    "Proposed to open": Trust.Status.OPEN,
    "Closed": Trust.Status.CLOSED,
    "Created in error": Trust.Status.CLOSED,
}


def _trust_text(field: str) -> Callable[[str], str]:
    return text_for(Trust, field)


TRUST_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("group_uid", GROUP_UID, parse_group_uid),
    FieldSpec("name", Column("Group Name"), _trust_text("name")),
    FieldSpec("trust_type", GROUP_TYPE, choice(TRUST_TYPES, "a multi-academy or single-academy trust")),
    FieldSpec("status", Column("Group Status"), choice(TRUST_STATUSES, "a group status GIAS uses")),
    FieldSpec("group_id", Column("Group ID", required=False), pattern(r"TR\d{5}", "TR02343")),
    FieldSpec(
        "companies_house_number",
        Column("Companies House Number", required=False),
        pattern(r"[A-Z0-9]{8}", "07654321", pad_digits_to=8),
    ),
    FieldSpec("ukprn", Column("UKPRN", required=False), pattern(r"1\d{7}", "10079319")),
    FieldSpec("opened_on", GROUP_OPEN_DATE, parse_date),
    FieldSpec("closed_on", GROUP_CLOSED_DATE, parse_date),
    FieldSpec(
        "street", Column("Group Contact Street", aliases=("Group Street",), required=False), _trust_text("street")
    ),
    FieldSpec("town", Column("Group Contact Town", aliases=("Group Town",), required=False), _trust_text("town")),
    FieldSpec(
        "postcode",
        Column("Group Contact Postcode", aliases=("Group Postcode",), required=False),
        _trust_text("postcode"),
    ),
)
TRUST_COLUMNS = tuple(spec.column for spec in TRUST_SPECS)


def trust_plan(index: dict[Column, int], width: int) -> RecordPlan:
    return plan_for(TRUST_SPECS, index, width)


def trust_fields(plan: RecordPlan) -> list[str]:
    """The Trust fields a groups file sets."""
    return plan.field_names


def group_type(values: list[str], index: dict[Column, int]) -> str:
    """The published Group Type of a record ('' if the record is too short to have one)."""
    position = index[GROUP_TYPE]
    return values[position].strip() if position < len(values) else ""


_TRUST_TYPE_LABELS = frozenset(label.casefold() for label in TRUST_TYPES)


def is_trust(label: str) -> bool:
    """Whether a Group Type is one this service stores (multi- and single-academy trusts)."""
    return " ".join(label.split()).casefold() in _TRUST_TYPE_LABELS


def parse_trust(values: list[str], plan: RecordPlan) -> dict:
    """Trust field values for one groups record of a multi- or single-academy trust."""
    parsed = parse_record(values, plan)
    if not parsed["name"]:
        raise RowError("Group Name is empty", key=parsed["group_uid"])
    check_dates(parsed, GROUP_OPEN_DATE, GROUP_CLOSED_DATE, parsed["group_uid"])
    return parsed
