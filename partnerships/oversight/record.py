"""A partnership's whole record, read only: its terms, plan, review and full change history.

Queries are fixed in number: one per kind of related row and one per kind of history.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.utils import timezone

from partnerships.models import (
    AcademisationConsideration,
    Activity,
    Clause,
    Comment,
    CostLine,
    Objective,
    Partnership,
    ReviewDecision,
)
from partnerships.models.terms import service_charge_totals
from partnerships.selectors import plan_warnings
from partnerships.validation import format_date

# What each kind of history row is called, and how to find the partnership's rows.
HISTORY_SOURCES = [
    (Partnership, "Partnership", "id"),
    (Clause, "Clause", "partnership_id"),
    (CostLine, "Cost line", "partnership_id"),
    (Objective, "Objective", "partnership_id"),
    (Activity, "Activity", "partnership_id"),
    (ReviewDecision, "Governors' decision", "partnership_id"),
    (Comment, "Comment", "partnership_id"),
    (AcademisationConsideration, "Academisation", "partnership_id"),
]
# Bookkeeping that changes on every save and means nothing to a reader.
NOT_SHOWN = {
    "id", "version", "created_at", "updated_at", "partnership", "library_clause", "created_by", "author", "recorded_by", "decided_by",
}
ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}
BLANK = "(blank)"


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def partnership_history(partnership: Partnership) -> list[HistoryEntry]:
    """Every change to the partnership and its parts, newest first: who, when, what, old → new."""
    entries = []
    for model, label, key in HISTORY_SOURCES:
        records = model.history.filter(**{key: partnership.pk}).select_related("history_user").order_by("id", "history_date", "history_id")
        for _object_id, versions in groupby(records, key=lambda record: record.id):
            previous = None
            for record in versions:
                entries.append(_entry(label, record, previous))
                previous = record
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entry(label: str, record, previous) -> HistoryEntry:
    user = record.history_user
    who = (user.get_full_name() or user.username) if user else "The service (automatic)"
    changes = _changes(record, previous) if record.history_type == "~" else []
    subject = label if label == "Partnership" else f"{label}: {_title(record)}"
    reason = record.history_change_reason or ""
    if reason.lower().endswith((" added", " removed")):
        reason = ""  # "Clause added" says no more than the action and subject already do
    return HistoryEntry(
        when=record.history_date, who=who, subject=subject, action=ACTIONS.get(record.history_type, record.history_type),
        reason=reason, changes=changes,
    )


def _changes(record, previous) -> list[Change]:
    if previous is None:
        return []
    changes = []
    for model_field in record.instance_type._meta.concrete_fields:
        if model_field.name in NOT_SHOWN or isinstance(model_field, models.ForeignKey):
            continue
        old, new = getattr(previous, model_field.attname), getattr(record, model_field.attname)
        if old != new:
            changes.append(Change(str(model_field.verbose_name).capitalize(), _show(model_field, old), _show(model_field, new)))
    return changes


def _show(model_field, value) -> str:
    if value in (None, ""):
        return BLANK
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return f"{format_date(local.date())} at {local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


def _title(record) -> str:
    for attribute in ("heading", "description", "title"):
        if getattr(record, attribute, None):
            return getattr(record, attribute)
    if hasattr(record, "get_decision_display"):
        return f"{record.get_decision_display()} by {record.decided_by_name}"
    if hasattr(record, "author_name"):
        return f"by {record.author_name}"
    if hasattr(record, "get_outcome_display"):
        return record.get_outcome_display()
    return ""


def clauses_by_section(clauses) -> list[tuple[str, int, list[Clause]]]:
    """(section name, section number, clauses) in print order."""
    ordered = sorted(clauses, key=lambda clause: (clause.section, clause.position, clause.id))
    return [(items[0].get_section_display(), section, items)
            for section, group in groupby(ordered, key=lambda clause: clause.section) if (items := list(group))]


def partnership_record(partnership: Partnership, *, with_history: bool = True) -> dict:
    """Everything a reader sees about one partnership, for the read-only pages."""
    clauses = list(partnership.clauses.all())
    cost_lines = list(partnership.cost_lines.all())
    activities = list(partnership.activities.all())
    term = partnership.term
    return {
        "partnership": partnership,
        "sections": clauses_by_section(clauses),
        "cost_lines": [(line, line.totals(term)) for line in cost_lines],
        "totals": service_charge_totals(partnership, cost_lines),
        "objectives": list(partnership.objectives.all()),
        "activities": activities,
        "plan_warnings": plan_warnings(partnership, activities),
        "decisions": list(partnership.review_decisions.all()),
        "comments": list(partnership.comments.select_related("clause")),
        "academisation": AcademisationConsideration.objects.filter(partnership=partnership).first(),
        "history": partnership_history(partnership) if with_history else [],
    }
