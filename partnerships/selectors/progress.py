"""What needs doing next on each partnership (home page), from one annotated query."""

from typing import Any

from django.db.models import Exists, OuterRef

from partnerships.dates import format_date
from partnerships.models import Partnership

from .tasks import ISSUE_BEFORE_START, ISSUE_NOW, WAIT_FOR_START, agreement_issued, issued_agreement_exists


def with_progress(queryset):
    """Annotate has_clauses/has_cost_lines/has_objectives/has_activities/has_issued_agreement with
    EXISTS subqueries.

    One query for the whole list, whatever its length, so the home page can say what to do next.
    """
    from partnerships.models import Activity, Clause, CostLine, Objective

    def exists(model):
        return Exists(model.objects.filter(partnership_id=OuterRef("pk")))

    return queryset.annotate(
        has_clauses=exists(Clause),
        has_cost_lines=exists(CostLine),
        has_objectives=exists(Objective),
        has_activities=exists(Activity),
        has_issued_agreement=issued_agreement_exists(),
    )


def next_step(partnership: Any) -> str:
    """What the trust needs to do next, from a partnership annotated by with_progress() (has_clauses...)."""
    Status = Partnership.Status
    if partnership.status in Status.EDITABLE:
        gaps = [
            (not partnership.has_clauses, "Add the terms and conditions"),
            (not (partnership.no_charge or partnership.has_cost_lines), "Set the service charge"),
            (not partnership.has_objectives, "Add objectives"),
            (not partnership.has_activities, "Plan the activities"),
        ]
        first_gap = next((text for missing, text in gaps if missing), None)
        if first_gap:
            return first_gap
        if partnership.status == Status.CHANGES_REQUESTED:
            return "Make the changes the governors asked for, then send it again"
        return "Send it to the governors for review"
    if partnership.status in Status.BINDING and not agreement_issued(partnership):
        return ISSUE_BEFORE_START if partnership.status == Status.AGREED else ISSUE_NOW
    if partnership.status == Status.AGREED:
        return WAIT_FOR_START.format(start=format_date(partnership.start_date))
    waiting: dict[str, str] = {
        Status.IN_REVIEW: "Wait for the governors to review it",
        Status.ACTIVE: "Record activity progress and impact",
    }
    return waiting.get(partnership.status, "Nothing to do")
