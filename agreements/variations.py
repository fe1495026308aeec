"""What a variation changes: the terms in force (before) against the terms proposed (after).

Both sides are snapshots' terms (agreements.snapshot.build_terms), so what the governors see is
what the documents say. Dates and money are listed line by line, before → after; clauses,
objectives and activities are listed when added, removed or changed.
"""

from dataclasses import dataclass
from decimal import Decimal

from partnerships.models import Partnership

from .snapshot import build_terms


@dataclass(frozen=True)
class Change:
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class VariationSummary:
    variation: object
    in_force_number: int | None
    changes: list[Change]

    @property
    def money_changes(self) -> list[Change]:
        return [change for change in self.changes if change.what.startswith(("Service charge", "Cost line"))]


def _money(value: str) -> str:
    return f"£{Decimal(value):,.2f}"


def _date(value: str) -> str:
    import datetime

    day = datetime.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def _keyed(items: list[dict], key) -> dict:
    return {key(item): item for item in items}


def _clauses(terms: dict) -> dict:
    return {clause["heading"]: clause["body"] for section in terms.get("sections", []) for clause in section["clauses"]}


def _listed(what: str, before: dict, after: dict, describe) -> list[Change]:
    changes = []
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        changes.append(
            Change(f"{what}: {key}", describe(old) if old is not None else "—", describe(new) if new else "Removed")
        )
    return sorted(changes, key=lambda change: change.what)


def compare_terms(before: dict, after: dict) -> list[Change]:
    """Every difference that matters to the parties, money and dates first."""
    changes: list[Change] = []
    for field, label in (("start_date", "Start date"), ("end_date", "End date")):
        old, new = before["dates"][field], after["dates"][field]
        if old != new:
            changes.append(Change(label, _date(old), _date(new)))
    if before["dates"]["term"] != after["dates"]["term"]:
        changes.append(Change("Length", before["dates"]["term"], after["dates"]["term"]))
    for key, label in (("net", "before VAT"), ("vat", "VAT"), ("gross", "total including VAT")):
        old, new = before["costs"]["totals"][key], after["costs"]["totals"][key]
        if old != new:
            changes.append(Change(f"Service charge {label}", _money(old), _money(new)))

    def cost(line):
        return f"{_money(line['amount'])} {line['frequency'].lower()} × {line['occurrences']} = {_money(line['gross'])}"

    changes += _listed(
        "Cost line",
        _keyed(before["costs"]["lines"], lambda line: line["description"]),
        _keyed(after["costs"]["lines"], lambda line: line["description"]),
        cost,
    )
    if before["purpose"] != after["purpose"]:
        changes.append(Change("Purpose", before["purpose"], after["purpose"]))
    if before["payment"] != after["payment"]:
        changes.append(Change("Payment terms", before["payment"]["payment_terms"], after["payment"]["payment_terms"]))
    changes += _listed("Clause", _clauses(before), _clauses(after), str)
    changes += _listed(
        "Objective",
        _keyed(before["objectives"], lambda item: item["description"]),
        _keyed(after["objectives"], lambda item: item["description"]),
        lambda item: f"{item['measure_of_success']} (by {_date(item['target_date'])})",
    )
    changes += _listed(
        "Activity",
        _keyed(before["activities"], lambda item: item["title"]),
        _keyed(after["activities"], lambda item: item["title"]),
        lambda item: f"{_date(item['starts_on'])} to {_date(item['ends_on'])}, led by {item['lead']}",
    )
    return changes


def variation_summary(partnership: Partnership) -> VariationSummary | None:
    """The open variation (or the latest one awaiting issue) with what it changes, else None."""
    variation = partnership.variations.order_by("-proposed_at", "-id").select_related("in_force_version").first()
    if variation is None or variation.outcome == variation.Outcome.WITHDRAWN:
        return None
    in_force = partnership.agreement_versions.in_force().first()
    if (
        not variation.is_open
        and in_force is not None
        and in_force.issued_at > (variation.closed_at or in_force.issued_at)
    ):
        return None  # approved and issued since: nothing pending
    number = variation.in_force_version.number if variation.in_force_version else None
    return VariationSummary(variation, number, compare_terms(variation.before_terms, build_terms(partnership)))
