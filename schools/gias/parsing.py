"""Turn one GIAS record (a list of strings) into the values of a School or Trust row.

Each field the importer stores has a FieldSpec: the column it comes from and a converter. A
converter returns the stored value or raises BadValue with a short problem ("is not a real date").
For an essential field (the URN or Group UID, the name) parse_record turns that into a RowError and
the importer skips the row; any other bad value becomes a warning naming the column, and the
field is set to KEEP: the row is imported without it (a stored value stays as it was).

The field lists live with their files: establishments.py, groups.py, links.py, ofsted.py.
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
from schools.models import Trust

ROW_WIDTH = "has {found} values but the header has {expected}"
CLOSES_BEFORE_OPENING = "“{closed_on}” is before {open} “{opened_on}”"


MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds on every database


def is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits."""
    return text.isascii() and text.isdigit()


class BadValue(ValueError):
    """A value that cannot be stored; the message says why ("is not a number")."""


class _Keep:
    """The value of a field whose cell could not be read: leave what is stored (or the default)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()
WITHOUT_IT = "; imported without it"


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
    essential: bool = False  # a bad value skips the whole row (only keys and names)
    label: str = ""  # how the summary names the field when a file leaves it out

    @property
    def description(self) -> str:
        return self.label or self.field.lstrip("_").replace("_", " ")


@dataclass(frozen=True)
class RowWarning:
    """A value that could not be stored; the rest of its row was imported."""

    line: int
    column_number: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column_number} “{self.column}”: {self.problem}{WITHOUT_IT}"


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
    essential: tuple[bool, ...] = ()
    numbers: tuple[int, ...] = ()  # 1-based column numbers, for warnings
    absent: tuple[str, ...] = ()  # descriptions of the fields this file has no column for

    @property
    def field_names(self) -> list[str]:
        return [self.key[0], *self.names]

    def number_of(self, field: str) -> int:
        """The 1-based column number a field is read from."""
        return self.numbers[self.names.index(field)]


def plan_for(specs: tuple[FieldSpec, ...], index: dict[Column, int], width: int) -> RecordPlan:
    """The plan for a file: specs[0] is the key (URN or Group UID); absent optional columns are
    left out, so those fields are never touched."""
    key_spec, *others = [spec for spec in specs if spec.column in index]
    positions = [index[spec.column] for spec in others]
    absent = [spec.description for spec in specs if spec.column not in index and not spec.field.startswith("_")]
    return RecordPlan(
        key=(key_spec.field, index[key_spec.column], key_spec.convert, key_spec.column.name),
        names=tuple(spec.field for spec in others),
        converters=tuple(spec.convert for spec in others),
        columns=tuple(spec.column.name for spec in others),
        pick=_picker(positions),
        width=width,
        essential=tuple(spec.essential for spec in others),
        numbers=tuple(position + 1 for position in positions),
        absent=tuple(dict.fromkeys(absent)),
    )


def _picker(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function returning the values at positions as a tuple (itemgetter, in C, for speed)."""
    if not positions:
        return lambda values: ()
    if len(positions) == 1:
        (position,) = positions
        return lambda values: (values[position],)
    return operator.itemgetter(*positions)


def parse_record(values: list[str], plan: RecordPlan, line: int = 0, warnings: list | None = None) -> dict:
    """The stored values of one record. A bad essential value raises RowError naming the column,
    the value and the problem; any other bad value is appended to warnings and set to KEEP."""
    key_field, key_position, convert_key, key_column = plan.key
    raw_key = values[key_position].strip() if key_position < len(values) else ""
    try:
        key = convert_key(raw_key)
    except BadValue as problem:
        raise RowError(f"{key_column} “{raw_key}” {problem}") from None
    if len(values) != plan.width:
        raise RowError(ROW_WIDTH.format(found=len(values), expected=plan.width), key=key)
    parsed: dict[str, Any] = {key_field: key}
    for position, (field, convert, raw) in enumerate(
        zip(plan.names, plan.converters, map(str.strip, plan.pick(values)))
    ):
        try:
            parsed[field] = convert(raw)
        except BadValue as problem:
            column = plan.columns[position]
            if plan.essential[position] or warnings is None:
                raise RowError(f"{column} “{raw}” {problem}", key=key) from None
            warnings.append(RowWarning(line, plan.numbers[position], column, f"“{raw}” {problem}"))
            parsed[field] = KEEP
    return parsed


def check_dates(parsed: dict, opened: Column, closed: Column, line: int, warnings: list, plan: RecordPlan) -> None:
    """A row may not close before it opens (the tables refuse it): the close date is left out."""
    opened_on, closed_on = parsed.get("opened_on"), parsed.get("closed_on")
    if opened_on and closed_on and opened_on is not KEEP and closed_on is not KEEP and closed_on < opened_on:
        problem = CLOSES_BEFORE_OPENING.format(
            closed_on=closed_on.strftime("%d-%m-%Y"), open=opened.name, opened_on=opened_on.strftime("%d-%m-%Y")
        )
        warnings.append(RowWarning(line, plan.number_of("closed_on"), closed.name, problem))
        parsed["closed_on"] = KEEP
