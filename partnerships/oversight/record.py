"""A partnership's whole record, read only: its terms, plan, review and full change history.

Queries are fixed in number: one per kind of related row, and the history selector's own
one per kind of history.
"""

from itertools import groupby

from partnerships import selectors
from partnerships.models import AcademisationConsideration, Clause, Partnership
from partnerships.models.terms import service_charge_totals


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
        "plan_warnings": selectors.plan_warnings(partnership, activities),
        "decisions": list(partnership.review_decisions.all()),
        "comments": list(partnership.comments.select_related("clause")),
        "academisation": AcademisationConsideration.objects.filter(partnership=partnership).first(),
        "history": selectors.partnership_history(partnership) if with_history else [],
    }
