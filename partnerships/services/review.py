"""Writes by the school's governors: comments and the academisation consideration."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from partnerships.models import AcademisationConsideration, Clause, Comment, Partnership

from .common import save_with_history

CLAUSE_NOT_IN_PARTNERSHIP = "Choose a clause of this partnership."
ACADEMISATION_NOT_ALLOWED = (
    "You can record the academisation decision once the partnership is agreed. This one is {status}."
)
DECISION_DATE_REQUIRED = "Enter the date the governing body made its decision."
DECISION_DATE_NOT_ALLOWED = "Leave the decision date blank until the governing body has decided."
ACADEMISATION_STATES = (
    Partnership.Status.AGREED,
    Partnership.Status.ACTIVE,
    Partnership.Status.CONCLUDED,
    Partnership.Status.ENDED_EARLY,
)


@transaction.atomic
def comment_create(
    *, partnership: Partnership, author: User, body: str, section: int | None = None, clause: Clause | None = None
) -> Comment:
    """A comment on the whole agreement, one section, or one clause."""
    if clause is not None and clause.partnership_id != partnership.pk:
        raise ValidationError({"clause": CLAUSE_NOT_IN_PARTNERSHIP})
    comment = Comment(
        partnership=partnership,
        author=author,
        author_name=author.display_name,
        body=body,
        section=clause.section if clause is not None else section,
        clause=clause,
    )
    return save_with_history(comment, by=author, reason="Comment added")


@transaction.atomic
def academisation_record(
    *,
    partnership: Partnership,
    recorded_by: User,
    consultation_started_on: datetime.date | None = None,
    outcome: str = AcademisationConsideration.Outcome.UNDECIDED,
    decided_on: datetime.date | None = None,
    notes: str = "",
) -> AcademisationConsideration:
    """Record where the governing body has got to in considering academisation."""
    if partnership.status not in ACADEMISATION_STATES:
        raise ValidationError(ACADEMISATION_NOT_ALLOWED.format(status=partnership.get_status_display().lower()))
    decided = outcome in AcademisationConsideration.Outcome.DECIDED
    if decided and decided_on is None:
        raise ValidationError({"decided_on": DECISION_DATE_REQUIRED})
    if not decided and decided_on is not None:
        raise ValidationError({"decided_on": DECISION_DATE_NOT_ALLOWED})
    record = AcademisationConsideration.objects.filter(partnership=partnership).first() or AcademisationConsideration(
        partnership=partnership
    )
    record.consultation_started_on, record.outcome = consultation_started_on, outcome
    record.decided_on, record.notes, record.recorded_by = decided_on, notes, recorded_by
    return save_with_history(record, by=recorded_by, reason=f"Academisation: {record.get_outcome_display().lower()}")
