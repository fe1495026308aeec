"""The partnership lifecycle. Each transition is a named service with guarded source states.

draft → in review → changes requested ↔ in review → agreed → active → concluded,
plus withdrawn (before agreed) and ended early (after agreed, with a reason).
"""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.system_users import scheduler
from partnerships import notifications
from partnerships.models import Partnership, ReviewDecision
from partnerships.selectors import missing_for_review
from partnerships.validation import format_date

from .common import require_reason, save_with_history

Status = Partnership.Status

ILLEGAL_TRANSITION = "You cannot {action} a partnership that is {status}."
NOT_READY_FOR_REVIEW = "The partnership is not ready to send to the governors: {missing}."
NOT_STARTED_YET = "The partnership cannot become active before its start date, {start}."
NOT_ENDED_YET = "The partnership cannot conclude before its end date, {end}, has passed."
ENDED_ON_OUT_OF_RANGE = "The actual end date must be between the start date, {start}, and the planned end date, {end}."


class TransitionNotAllowed(ValidationError):
    """A lifecycle change from a state that does not allow it. Nothing was changed."""


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().select_related("school", "trust").get(pk=partnership.pk)


def _guard(partnership: Partnership, *, action: str, allowed: tuple) -> None:
    if partnership.status not in allowed:
        raise TransitionNotAllowed(
            ILLEGAL_TRANSITION.format(action=action, status=partnership.get_status_display().lower())
        )


def _move(partnership: Partnership, *, to: str, by: User | None, reason: str, **fields) -> Partnership:
    partnership.status = to
    for field, value in fields.items():
        setattr(partnership, field, value)
    # Validation ran when the details were set; a status change must not fail on, say, a
    # school that has since converted.
    return save_with_history(partnership, by=by, reason=reason, validate=False)


def _record_decision(partnership: Partnership, *, decision: str, by: User, reason: str = "") -> ReviewDecision:
    record = ReviewDecision(
        partnership=partnership,
        decision=decision,
        reason=reason,
        decided_by=by,
        decided_by_name=by.get_full_name() or by.username,
        decided_by_role=by.job_title,
        decided_at=timezone.now(),
    )
    return save_with_history(record, by=by, reason=f"Governors: {record.get_decision_display().lower()}")


def _notify_after_commit(notify, partnership: Partnership, **context) -> None:
    # Email only once the change is committed; a failed send is logged, never undoes the change.
    transaction.on_commit(partial(notify, partnership, **context), robust=True)


@transaction.atomic
def partnership_submit_for_review(*, partnership: Partnership, submitted_by: User) -> Partnership:
    """Send the partnership to the school's governors. Lists what is missing if it is not ready."""
    partnership = _locked(partnership)
    _guard(partnership, action="send for review", allowed=Status.EDITABLE)
    missing = missing_for_review(partnership)
    if missing:
        raise ValidationError(
            NOT_READY_FOR_REVIEW.format(missing="; ".join(missing)), code="not_ready", params={"missing": missing}
        )
    resubmitted = partnership.status == Status.CHANGES_REQUESTED
    partnership = _move(
        partnership,
        to=Status.IN_REVIEW,
        by=submitted_by,
        reason="Sent to governors again after changes" if resubmitted else "Sent to governors for review",
        submitted_at=timezone.now(),
    )
    # Sending for review attaches the latest draft of the agreement. Imported here: the agreements
    # app builds on partnerships, so a module-level import would be circular.
    from agreements.services import agreement_generate_draft

    agreement_generate_draft(partnership=partnership, generated_by=submitted_by)
    _notify_after_commit(notifications.notify_review_requested, partnership)
    return partnership


@transaction.atomic
def partnership_request_changes(*, partnership: Partnership, requested_by: User, reason: str) -> Partnership:
    """The governors ask the trust to change the terms before they approve."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    _guard(partnership, action="request changes to", allowed=(Status.IN_REVIEW,))
    decision = _record_decision(
        partnership, decision=ReviewDecision.Decision.CHANGES_REQUESTED, by=requested_by, reason=reason
    )
    partnership = _move(
        partnership, to=Status.CHANGES_REQUESTED, by=requested_by, reason=f"Changes requested: {reason}"
    )
    _notify_after_commit(
        notifications.notify_changes_requested, partnership, reason=reason, requested_by_name=decision.decided_by_name
    )
    return partnership


@transaction.atomic
def partnership_approve(*, partnership: Partnership, approved_by: User, comment: str = "") -> Partnership:
    """The governors approve the agreement: the partnership is agreed."""
    partnership = _locked(partnership)
    _guard(partnership, action="approve", allowed=(Status.IN_REVIEW,))
    decision = _record_decision(
        partnership, decision=ReviewDecision.Decision.APPROVED, by=approved_by, reason=comment.strip()
    )
    partnership = _move(
        partnership, to=Status.AGREED, by=approved_by, reason="Approved by the governing body", agreed_at=timezone.now()
    )
    _notify_after_commit(notifications.notify_approved, partnership, approved_by_name=decision.decided_by_name)
    return partnership


@transaction.atomic
def partnership_activate(
    *, partnership: Partnership, activated_by: User | None = None, today: datetime.date | None = None
) -> Partnership:
    """An agreed partnership becomes active from its start date."""
    today = today or timezone.localdate()
    partnership = _locked(partnership)
    _guard(partnership, action="activate", allowed=(Status.AGREED,))
    if partnership.start_date > today:
        raise TransitionNotAllowed(NOT_STARTED_YET.format(start=format_date(partnership.start_date)))
    return _move(
        partnership, to=Status.ACTIVE, by=activated_by, reason="Start date reached", activated_at=timezone.now()
    )


@transaction.atomic
def partnership_conclude(
    *, partnership: Partnership, concluded_by: User | None = None, today: datetime.date | None = None
) -> Partnership:
    """An active partnership concludes once its end date has passed."""
    today = today or timezone.localdate()
    partnership = _locked(partnership)
    _guard(partnership, action="conclude", allowed=(Status.ACTIVE,))
    if partnership.end_date >= today:
        raise TransitionNotAllowed(NOT_ENDED_YET.format(end=format_date(partnership.end_date)))
    # The end-of-partnership review comes first. Imported here: delivery builds on partnerships.
    from delivery.services.end_review import END_REVIEW_REQUIRED, end_review_missing

    if end_review_missing(partnership):
        raise TransitionNotAllowed(END_REVIEW_REQUIRED, code="end_review_required")
    return _move(
        partnership,
        to=Status.CONCLUDED,
        by=concluded_by,
        reason="End date passed",
        closed_at=timezone.now(),
        ended_on=partnership.end_date,
    )


@transaction.atomic
def partnership_withdraw(*, partnership: Partnership, withdrawn_by: User, reason: str) -> Partnership:
    """Stop a partnership before it is agreed."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    _guard(partnership, action="withdraw", allowed=(Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED))
    return _move(
        partnership,
        to=Status.WITHDRAWN,
        by=withdrawn_by,
        reason=f"Withdrawn: {reason}",
        closure_reason=reason,
        closed_at=timezone.now(),
    )


@transaction.atomic
def partnership_end_early(
    *, partnership: Partnership, ended_by: User, reason: str, ended_on: datetime.date | None = None
) -> Partnership:
    """End an agreed or active partnership before its planned end date."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    _guard(partnership, action="end early", allowed=Status.BINDING)
    ended_on = ended_on or timezone.localdate()
    if not partnership.start_date <= ended_on <= partnership.end_date:
        raise ValidationError(
            {
                "ended_on": ENDED_ON_OUT_OF_RANGE.format(
                    start=format_date(partnership.start_date), end=format_date(partnership.end_date)
                )
            }
        )
    return _move(
        partnership,
        to=Status.ENDED_EARLY,
        by=ended_by,
        reason=f"Ended early: {reason}",
        closure_reason=reason,
        closed_at=timezone.now(),
        ended_on=ended_on,
    )


def partnerships_advance_by_date(*, today: datetime.date | None = None) -> dict[str, int]:
    """Activate agreed partnerships whose start date has come and conclude those past their end
    that have their end-of-partnership review (the daily job asks for the others' reviews)."""
    today = today or timezone.localdate()
    by = scheduler()  # history names the scheduler, never no one
    activated = concluded = 0
    for partnership in Partnership.objects.filter(status=Status.AGREED, start_date__lte=today):
        partnership_activate(partnership=partnership, activated_by=by, today=today)
        activated += 1
    for partnership in Partnership.objects.filter(status=Status.ACTIVE, end_date__lt=today, end_review__isnull=False):
        partnership_conclude(partnership=partnership, concluded_by=by, today=today)
        concluded += 1
    return {"activated": activated, "concluded": concluded}
