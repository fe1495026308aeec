"""What a variation changes: the terms in force (before) against the terms proposed (after).

Both sides are snapshots' terms (agreements.snapshot.build_terms), so what the governors see is
what the documents say. The differences come from agreements.comparison (as between two issued
versions), laid out as rows: dates and money line by line, before → after; clauses, objectives and
activities when added, removed or changed.
"""

from dataclasses import dataclass

from partnerships.models import Partnership

from .comparison import ADDED, MOVED, REMOVED, ClauseChange, compare_snapshots
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


# agreements.comparison's labels for the totals, as the governors' table words them.
TOTALS = {"Net": "before VAT", "VAT": "VAT", "Total": "total including VAT"}


def compare_terms(before: dict, after: dict) -> list[Change]:
    """Every difference that matters to the parties, dates and money first, one row each.

    The differences are agreements.comparison's (the same pairing and wording as comparing two
    issued versions); this only lays them out as before → after rows.
    """
    comparison = compare_snapshots(before, after)
    money = comparison.money
    changes = [Change(change.label, change.before, change.after) for change in comparison.dates]
    if money.no_charge:
        changes.append(Change("Service charge: no charge", money.no_charge.before, money.no_charge.after))
    changes += [
        Change(f"Service charge {TOTALS[change.label]}", change.before, change.after) for change in money.totals
    ]
    changes += _items("Cost line", money.lines)
    changes += [Change(change.label, change.before, change.after) for change in comparison.details]
    # A clause that only moved within its section is renumbering, not a change of terms.
    changes += [
        _clause(change) for change in comparison.changed_clauses if change.status != MOVED or change.section_changed
    ]
    changes += _items("Objective", comparison.objectives)
    changes += _items("Activity", comparison.activities)
    return changes


def _described(lines) -> str:
    return "; ".join(f"{label}: {value}" for label, value in lines)


def _items(what: str, items) -> list[Change]:
    rows = []
    for item in items:
        if item.status == ADDED:
            rows.append(Change(f"{what}: {item.name}", "—", _described(item.lines)))
        elif item.status == REMOVED:
            rows.append(Change(f"{what}: {item.name}", _described(item.lines), "Removed"))
        else:
            rows.append(
                Change(
                    f"{what}: {item.name}",
                    _described((change.label, change.before) for change in item.fields),
                    _described((change.label, change.after) for change in item.fields),
                )
            )
    return rows


def _clause(change: ClauseChange) -> Change:
    what = f"Clause: {change.heading}"
    before, after = change.before or {}, change.after or {}
    if change.status == ADDED:
        return Change(what, "—", after["body"])
    if change.status == REMOVED:
        return Change(what, before["body"], "Removed")
    if change.heading_changed:
        return Change(what, f"{before['heading']}: {before['body']}", f"{after['heading']}: {after['body']}")
    if change.wording_changed:
        return Change(what, before["body"], after["body"])
    return Change(what, f"In {before['section']}", f"In {after['section']}")


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
