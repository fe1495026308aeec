"""A partnership's whole record, read only: its terms, plan, review and full change history.

Queries are fixed in number: one per kind of related row, and the history selector's own
one per kind of history.
"""

from itertools import groupby

from agreements.document import NO_DATA_PROTECTION_CLAUSES
from partnerships import selectors
from partnerships.models import AcademisationConsideration, Clause, ClauseSection, Partnership
from partnerships.models.terms import service_charge_totals


def clauses_by_section(clauses) -> list[tuple[str, int, list[Clause]]]:
    """(section name, section number, clauses) in print order."""
    ordered = sorted(clauses, key=lambda clause: (clause.section, clause.position, clause.id))
    return [
        (items[0].get_section_display(), section, items)
        for section, group in groupby(ordered, key=lambda clause: clause.section)
        if (items := list(group))
    ]


def data_protection_number(sections) -> int | None:
    """The data protection section's number in print order: the agreement sets it out as Schedule 3."""
    numbers = [number for number, (_, section, _) in enumerate(sections, 1) if section == ClauseSection.DATA_PROTECTION]
    return numbers[0] if numbers else None


def partnership_record(partnership: Partnership, *, with_history: bool = True) -> dict:
    """Everything a reader sees about one partnership, for the read-only pages."""
    clauses = list(partnership.clauses.all())
    cost_lines = list(partnership.cost_lines.all())
    activities = list(partnership.activities.all())
    term = partnership.term
    sections = clauses_by_section(clauses)
    return {
        "partnership": partnership,
        "sections": sections,
        "data_protection_number": data_protection_number(sections),
        "data_protection_section": ClauseSection.DATA_PROTECTION.value,
        "no_data_protection_clauses": NO_DATA_PROTECTION_CLAUSES,
        "cost_lines": [(line, line.totals(term)) for line in cost_lines],
        "totals": service_charge_totals(partnership, cost_lines),
        "objectives": list(partnership.objectives.all()),
        "activities": activities,
        "plan_warnings": selectors.plan_warnings(partnership, activities),
        "decisions": list(partnership.review_decisions.all()),
        "comments": list(selectors.comment_threads(partnership)),
        "academisation": AcademisationConsideration.objects.filter(partnership=partnership).first(),
        "history": selectors.partnership_history(partnership) if with_history else [],
    }
