"""The groups download (allgroupsdataYYYYMMDD.csv): which Trust field each column fills.

Only academy trusts become trusts: multi-academy, single-academy and secure single-academy trusts
(federations, foundation trusts and sponsors are counted and skipped). A trust's open date is
`Incorporated on (open date)` (real files leave `Open date` empty for trusts); dates may be written
DD/MM/YYYY; addresses may be spelt `Group Contact Street` or `Group Street`; type codes `06` or `6`.
"""

from __future__ import annotations

from collections.abc import Callable

from schools.gias.parsing import (
    FieldSpec,
    RecordPlan,
    RowError,
    check_dates,
    choice,
    parse_date,
    parse_group_uid,
    parse_record,
    pattern,
    plan_for,
    text_for,
)
from schools.gias.reader import Column
from schools.models import Trust

GROUP_UID = Column("Group UID")
GROUP_TYPE = Column("Group Type", required=False)
GROUP_TYPE_CODE = Column("Group Type (code)", required=False)
GROUP_OPEN_DATE = Column("Incorporated on (open date)", required=False)
GROUP_OTHER_OPEN_DATE = Column("Open date", required=False)
GROUP_CLOSED_DATE = Column("Closed Date", required=False)
# Columns that mean the file is another download, with the download they mean.
NOT_GROUPS = {"URN": "an establishments or group links file", "Joined date": "the group links file"}

TRUST_TYPES = {
    "Multi-academy trust": Trust.TrustType.MULTI_ACADEMY_TRUST,
    "Single-academy trust": Trust.TrustType.SINGLE_ACADEMY_TRUST,
    "Secure single-academy trust": Trust.TrustType.SECURE_SINGLE_ACADEMY_TRUST,
}
TRUST_TYPE_CODES = {"6": Trust.TrustType.MULTI_ACADEMY_TRUST, "10": Trust.TrustType.SINGLE_ACADEMY_TRUST}
TRUST_STATUSES = {
    "Open": Trust.Status.OPEN,
    "Proposed to be created": Trust.Status.OPEN,
    "Proposed to open": Trust.Status.OPEN,
    "Closed": Trust.Status.CLOSED,
    "Created in error": Trust.Status.CLOSED,
}


def _text(field: str) -> Callable[[str], str]:
    return text_for(Trust, field)


TRUST_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("group_uid", GROUP_UID, parse_group_uid, essential=True),
    FieldSpec("name", Column("Group Name"), _text("name"), essential=True),
    FieldSpec("status", Column("Group Status"), choice(TRUST_STATUSES, "a group status GIAS uses")),
    FieldSpec("group_id", Column("Group ID", required=False), pattern(r"TR\d{5}", "TR02343"), label="trust reference"),
    FieldSpec(
        "companies_house_number",
        Column("Companies House Number", required=False),
        pattern(r"[A-Z0-9]{8}", "07654321", pad_digits_to=8),
    ),
    FieldSpec("ukprn", Column("UKPRN", required=False), pattern(r"1\d{7}", "10079319"), label="UKPRN"),
    FieldSpec("opened_on", GROUP_OPEN_DATE, parse_date, label="open date"),
    FieldSpec("_other_open_date", GROUP_OTHER_OPEN_DATE, parse_date),
    FieldSpec("closed_on", GROUP_CLOSED_DATE, parse_date, label="closed date"),
    FieldSpec("street", Column("Group Contact Street", aliases=("Group Street",), required=False), _text("street")),
    FieldSpec("town", Column("Group Contact Town", aliases=("Group Town",), required=False), _text("town")),
    FieldSpec(
        "postcode", Column("Group Contact Postcode", aliases=("Group Postcode",), required=False), _text("postcode")
    ),
)
TRUST_COLUMNS = (*(spec.column for spec in TRUST_SPECS), GROUP_TYPE, GROUP_TYPE_CODE)


def trust_plan(index: dict[Column, int], width: int) -> RecordPlan:
    return plan_for(TRUST_SPECS, index, width)


def trust_fields(plan: RecordPlan) -> list[str]:
    """The Trust fields a groups file sets (the open date from either date column)."""
    names = [name for name in plan.field_names if not name.startswith("_")]
    if "_other_open_date" in plan.names and "opened_on" not in names:
        names.append("opened_on")
    return [*names, "trust_type"]


def _normal(label: str) -> str:
    return " ".join(label.split()).casefold()


_TYPES_BY_LABEL = {_normal(label): value for label, value in TRUST_TYPES.items()}


def group_type(values: list[str], index: dict[Column, int]) -> tuple[str, str | None]:
    """(the published Group Type, the trust type it means or None) for one record."""
    label = _cell(values, index, GROUP_TYPE)
    if label:
        return label, _TYPES_BY_LABEL.get(_normal(label))
    code = _cell(values, index, GROUP_TYPE_CODE)
    code = code.lstrip("0") if code.isascii() and code.isdigit() else code
    return (f"Group Type (code) {code}" if code else ""), TRUST_TYPE_CODES.get(code)


def _cell(values: list[str], index: dict[Column, int], column: Column) -> str:
    position = index.get(column)
    return values[position].strip() if position is not None and position < len(values) else ""


def parse_trust(values: list[str], plan: RecordPlan, trust_type: str, line: int, warnings: list) -> dict:
    """Trust field values for one groups record of an academy trust."""
    parsed = parse_record(values, plan, line, warnings)
    if not parsed["name"]:
        raise RowError("Group Name is empty", key=parsed["group_uid"])
    other = parsed.pop("_other_open_date", None)
    if other and not parsed.get("opened_on") or "opened_on" not in parsed and "_other_open_date" in plan.names:
        parsed["opened_on"] = other
    parsed["trust_type"] = trust_type
    if "opened_on" in parsed and "closed_on" in parsed and "closed_on" in plan.names:
        check_dates(parsed, GROUP_OPEN_DATE, GROUP_CLOSED_DATE, line, warnings, plan)
    return parsed
