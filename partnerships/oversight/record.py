"""A partnership's whole record, read only: its terms, plan, review and full change history.

Queries are fixed in number: one per kind of related row, and the history selector's own
one per kind of history.
"""

from agreements.document import NO_DATA_PROTECTION_CLAUSES
from partnerships import selectors
from partnerships.models import AcademisationConsideration, ClauseSection, Partnership
from partnerships.models.terms import service_charge_totals
from partnerships.numbering import NumberedSection, number_clauses


def data_protection_number(sections: list[NumberedSection]) -> int | None:
    """The data protection section's number in print order: the agreement sets it out as Schedule 3."""
    return next((group.number for group in sections if group.is_data_protection), None)


def partnership_record(partnership: Partnership, *, with_history: bool = True) -> dict:
    """Everything a reader sees about one partnership, for the read-only pages."""
    clauses = list(partnership.clauses.all())
    cost_lines = list(partnership.cost_lines.all())
    activities = list(partnership.activities.all())
    term = partnership.term
    sections = number_clauses(clauses)
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
