"""A partnership's change history, from its history tables and its agreement versions."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from partnerships.dates import format_date
from partnerships.models import Partnership


@dataclass
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    reason: str
    changes: list[HistoryChange] = field(default_factory=list)
    order: tuple = ()


HISTORY_ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
HISTORY_HIDDEN_FIELDS = ["version", "updated_at"]


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return format_date(timezone.localtime(value).date()) if timezone.is_aware(value) else format_date(value.date())
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _changes(row, previous) -> list[HistoryChange]:
    if previous is None or row.history_type != "~":
        return []
    model_meta = row.instance_type._meta
    # Bookkeeping fields (the edit counter, timestamps) are not changes a person made.
    delta = row.diff_against(previous, excluded_fields=HISTORY_HIDDEN_FIELDS)
    return [
        HistoryChange(
            field=str(model_meta.get_field(change.field).verbose_name).capitalize(),
            old=_display(model_meta.get_field(change.field), change.old),
            new=_display(model_meta.get_field(change.field), change.new),
        )
        for change in delta.changes
        if not model_meta.get_field(change.field).is_relation
    ]


def _who(row) -> str:
    return _person(row.history_user)


def _entries_for(history_queryset, label: str, name_of) -> list[HistoryEntry]:
    """History entries for one model's rows, each diffed against the same object's previous row."""
    rows = history_queryset.select_related("history_user").order_by("id", "history_date", "history_id")
    previous_by_object: dict = {}
    entries = []
    for row in rows:
        previous = previous_by_object.get(row.id)
        previous_by_object[row.id] = row
        name = name_of(row)
        action = f"{label} {HISTORY_ACTIONS.get(row.history_type, 'changed')}"
        reason = row.history_change_reason or ""
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=_who(row),
                what=action + (f": {name}" if name else ""),
                reason="" if reason.lower() == action.lower() else reason,
                changes=_changes(row, previous),
                order=(row.history_date, row.history_id),
            )
        )
    return entries


def _person(user) -> str:
    return "The service" if user is None else user.display_name


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"version {numbers[0]}"
    return f"versions {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _agreement_entries(partnership: Partnership) -> list[HistoryEntry]:
    """Generating and issuing the agreement, from the versions themselves.

    A version is an append-only record of who generated or issued it and when (issued ones can
    never change or be deleted), so it is the history of the agreement: a second copy of every
    snapshot in a history table would add nothing. Superseding happens as the next version is
    made, so it is told on that version's entry.
    """
    versions = list(partnership.agreement_versions.select_related("generated_by", "issued_by").order_by("number"))
    entries = []
    for version in versions:
        replaced = [
            older.number for older in versions if older.superseded_at and older.superseded_at == version.generated_at
        ]
        if version.issued_at:
            what, who, when = (
                f"Agreement version {version.number} issued",
                _person(version.issued_by),
                version.issued_at,
            )
        else:
            what, who, when = (
                f"Agreement version {version.number} generated as a draft",
                _person(version.generated_by),
                version.generated_at,
            )
        entries.append(
            HistoryEntry(
                when=when,
                who=who,
                what=what,
                order=(when, 0),
                reason=f"Replaces {_numbers(replaced)}" if replaced else "",
            )
        )
    return entries


def partnership_history(partnership: Partnership) -> list[HistoryEntry]:
    """Everything that changed on the partnership and its terms, plan, review and agreement,
    newest first.

    A fixed number of queries (one per kind of record), whatever the length of the history.
    """
    from partnerships.models import (
        AcademisationConsideration,
        Activity,
        Clause,
        Comment,
        CostLine,
        Objective,
        ReviewDecision,
    )

    pk = partnership.pk
    sources = [
        (Partnership.history.filter(id=pk), "Partnership", lambda row: ""),
        (Clause.history.filter(partnership_id=pk), "Clause", lambda row: row.heading),
        (CostLine.history.filter(partnership_id=pk), "Cost line", lambda row: row.description),
        (Objective.history.filter(partnership_id=pk), "Objective", lambda row: row.description),
        (Activity.history.filter(partnership_id=pk), "Activity", lambda row: row.title),
        (Comment.history.filter(partnership_id=pk), "Comment", lambda row: row.author_name),
        (
            ReviewDecision.history.filter(partnership_id=pk),
            "Governors' decision",
            lambda row: row.get_decision_display(),
        ),
        (
            AcademisationConsideration.history.filter(partnership_id=pk),
            "Academisation decision",
            lambda row: row.get_outcome_display(),
        ),
    ]
    entries = [entry for queryset, label, name_of in sources for entry in _entries_for(queryset, label, name_of)]
    entries += _agreement_entries(partnership)
    return sorted(entries, key=lambda entry: entry.order, reverse=True)
