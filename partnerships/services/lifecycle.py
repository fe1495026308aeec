"""The partnership lifecycle. Each transition is a named service; the states each may start
from, who may make it and its label are in partnerships.lifecycle.TRANSITIONS.

draft → in review → changes requested ↔ in review → agreed → active → concluded,
plus recalled (in review → draft), withdrawn (before agreed), ended early (after agreed, with a
reason) and variations of agreed terms (agreed/active → variation proposed → variation in review
→ agreed/active once the governors approve).
"""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.system_users import scheduler
from partnerships import lifecycle, notifications, permissions
from partnerships.dates import format_date
from partnerships.lifecycle import ILLEGAL_TRANSITION, TransitionNotAllowed
from partnerships.models import Partnership, ReviewDecision, Variation
from partnerships.selectors import missing_for_review

from .common import REASON_REQUIRED, require_reason, save_with_history

Status = Partnership.Status

NOT_READY_FOR_REVIEW = "The partnership is not ready to send to the governors: {missing}."
NOT_STARTED_YET = "The partnership cannot become active before its start date, {start}."
NOT_ENDED_YET = "The partnership cannot conclude before its end date, {end}, has passed."
NOT_ISSUED_YET = (
    "The partnership cannot become active: no agreement has been issued. Issue the agreement the governors approved."
)
ENDED_ON_REQUIRED = "Enter the date the partnership actually ended."
ENDED_ON_OUT_OF_RANGE = "The actual end date must be between the start date, {start}, and the planned end date, {end}."
ENDED_ON_IN_FUTURE = "The actual end date cannot be in the future. Today is {today}."
NOT_THIS_SCHOOL = "Only the governors of {school} can decide on its agreement."
NOT_AUTHORISED_APPROVER = (
    "Only the chair of governors, or a governor the governing body has authorised, can approve or ask for "
    "changes on the school's behalf."
)
NO_VERSION_TO_APPROVE = (
    "There is no agreement version for the governors to decide on. The trust must send the agreement for review."
)
NOT_THE_LATEST_VERSION = (
    "You read version {read} of the agreement, but version {latest} is now the one in review. "
    "Read version {latest} and decide again."
)
TERMS_DIFFER_FROM_VERSION = (
    "The stored terms are not the ones version {number} records, so it cannot be approved. "
    "The trust must send the agreement for review again."
)
VARIATION_ALREADY_OPEN = "A variation of this partnership is already open."
CHAIR_AUTHORITY = "Chair of governors"
MEETING_DATE_REQUIRED = "Enter the date of the governing body meeting"
MEETING_RESOLUTION_REQUIRED = "Enter the resolution or minute reference"

__all__ = ["ILLEGAL_TRANSITION", "REASON_REQUIRED", "TransitionNotAllowed"]


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update(of=("self",)).select_related("school", "trust").get(pk=partnership.pk)


def _move(partnership: Partnership, *, to: str, by: User | None, reason: str, **fields) -> Partnership:
    partnership.status = to
    for field, value in fields.items():
        setattr(partnership, field, value)
    # Validation ran when the details were set; a status change must not fail on, say, a
    # school that has since converted.
    return save_with_history(partnership, by=by, reason=reason, validate=False)


def decision_authority(user: User, partnership: Partnership) -> str:
    """How the person may decide for the school's governing body; refuses anyone else.

    Checked here, not only in the views: a governor of another school, the clerk or the
    headteacher cannot approve by calling the service (admin, shell, command) either.
    """
    if not permissions.is_governor_of(user, partnership):
        raise ValidationError(NOT_THIS_SCHOOL.format(school=partnership.school.name), code="not_this_school")
    if not permissions.is_approver_of(user, partnership):
        raise ValidationError(NOT_AUTHORISED_APPROVER, code="not_authorised")
    if user.role == user.Role.CHAIR:
        return CHAIR_AUTHORITY
    authorisation = permissions.governor_authorisation(user, partnership.school_id)
    assert authorisation is not None  # is_approver_of has just found it
    return authorisation.description


def version_under_review(partnership: Partnership):
    """The agreement version the governors are reading: the draft attached when it was sent."""
    version = partnership.agreement_versions.order_by("-number").first()
    if version is None or version.was_issued:
        return None
    return version


def _bound_version(partnership: Partnership, read_version):
    """The version decided on: the one under review, which must be the one the person read and
    must record exactly the terms stored now."""
    from agreements.snapshot import agreed_terms_fingerprint, build_terms

    version = version_under_review(partnership)
    if version is None:
        raise ValidationError(NO_VERSION_TO_APPROVE, code="no_version")
    if read_version is not None and read_version.pk != version.pk:
        raise ValidationError(
            NOT_THE_LATEST_VERSION.format(read=read_version.number, latest=version.number), code="stale_version"
        )
    fingerprint = agreed_terms_fingerprint(build_terms(partnership))
    if version.agreed_fingerprint != fingerprint:
        raise ValidationError(TERMS_DIFFER_FROM_VERSION.format(number=version.number), code="terms_changed")
    return version, fingerprint


def _check_meeting(meeting_date: datetime.date | None, resolution: str, *, required: bool) -> None:
    """Both the meeting's date and its resolution, or (where not required) neither."""
    if not (required or meeting_date or resolution):
        return
    errors = {}
    if meeting_date is None:
        errors["meeting_date"] = MEETING_DATE_REQUIRED
    if not resolution:
        errors["meeting_resolution"] = MEETING_RESOLUTION_REQUIRED
    if errors:
        raise ValidationError(errors)


def _record_decision(
    partnership: Partnership,
    *,
    decision: str,
    by: User,
    reason: str = "",
    version=None,
    fingerprint: str = "",
    meeting_date: datetime.date | None = None,
    meeting_resolution: str = "",
) -> ReviewDecision:
    authority = decision_authority(by, partnership)
    record = ReviewDecision(
        partnership=partnership,
        decision=decision,
        reason=reason,
        decided_by=by,
        decided_by_name=by.get_full_name() or by.username,
        decided_by_role=by.job_title,
        decided_at=timezone.now(),
        agreement_version=version,
        terms_sha256=fingerprint,
        variation=open_variation(partnership),
        authority=authority,
        meeting_date=meeting_date,
        meeting_resolution=meeting_resolution,
    )
    return save_with_history(record, by=by, reason=f"Governors: {record.get_decision_display().lower()}")


def open_variation(partnership: Partnership) -> Variation | None:
    return partnership.variations.open().first()


def _notify_after_commit(notify, partnership: Partnership, **context) -> None:
    # Email only once the change is committed; a failed send is logged, never undoes the change.
    transaction.on_commit(partial(notify, partnership, **context), robust=True)


@transaction.atomic
def partnership_submit_for_review(*, partnership: Partnership, submitted_by: User) -> Partnership:
    """Send the partnership (or its variation) to the school's governors, with a fresh draft
    agreement. Lists what is missing if it is not ready."""
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "submit_for_review")
    missing = missing_for_review(partnership)
    if missing:
        raise ValidationError(
            NOT_READY_FOR_REVIEW.format(missing="; ".join(missing)), code="not_ready", params={"missing": missing}
        )
    reasons: dict[str, str] = {
        Status.CHANGES_REQUESTED: "Sent to governors again after changes",
        Status.VARIATION_PROPOSED: "Variation sent to governors for approval",
    }
    reason = reasons.get(partnership.status, "Sent to governors for review")
    partnership = _move(partnership, to=to, by=submitted_by, reason=reason, submitted_at=timezone.now())
    # Sending for review attaches the latest draft of the agreement. Imported here: the agreements
    # app builds on partnerships, so a module-level import would be circular.
    from agreements.services import agreement_generate_draft

    agreement_generate_draft(partnership=partnership, generated_by=submitted_by)
    _notify_after_commit(notifications.notify_review_requested, partnership)
    return partnership


@transaction.atomic
def partnership_recall(*, partnership: Partnership, recalled_by: User, reason: str) -> Partnership:
    """Take a partnership (or a variation) back from the governors to change it; they are told why."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "recall")
    partnership = _move(partnership, to=to, by=recalled_by, reason=f"Recalled from review: {reason}")
    _notify_after_commit(notifications.notify_recalled, partnership, reason=reason)
    return partnership


@transaction.atomic
def partnership_request_changes(*, partnership: Partnership, requested_by: User, reason: str) -> Partnership:
    """The governors ask the trust to change the terms before they approve (or decline a variation)."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "request_changes")
    version = version_under_review(partnership)
    decision = _record_decision(
        partnership,
        decision=ReviewDecision.Decision.CHANGES_REQUESTED,
        by=requested_by,
        reason=reason,
        version=version,
        fingerprint=version.agreed_fingerprint if version else "",
    )
    varying = partnership.status == Status.VARIATION_IN_REVIEW
    partnership = _move(
        partnership,
        to=to,
        by=requested_by,
        reason=f"{'Variation declined' if varying else 'Changes requested'}: {reason}",
    )
    _notify_after_commit(
        notifications.notify_changes_requested, partnership, reason=reason, requested_by_name=decision.decided_by_name
    )
    return partnership


@transaction.atomic
def partnership_approve(
    *,
    partnership: Partnership,
    approved_by: User,
    comment: str = "",
    agreement_version=None,
    meeting_date: datetime.date | None = None,
    meeting_resolution: str = "",
) -> Partnership:
    """The governors approve the version in review (or a variation): the partnership is agreed.

    The decision records the version and the fingerprint of the terms it holds, and is the
    school's signature of it (agreements.AgreementSignature). `agreement_version` is the version
    the person read; approving is refused if a later one is in review or the terms differ.

    `meeting_date` and `meeting_resolution` name the governing body meeting that resolved to enter
    the agreement, which the execution page prints. The chair must give them (the chair has no
    authorisation record to print); an authorised governor may, else their authorisation's meeting
    is printed.
    """
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "approve")
    authority = decision_authority(approved_by, partnership)
    meeting_resolution = (meeting_resolution or "").strip()
    _check_meeting(meeting_date, meeting_resolution, required=authority == CHAIR_AUTHORITY)
    version, fingerprint = _bound_version(partnership, agreement_version)
    decision = _record_decision(
        partnership,
        decision=ReviewDecision.Decision.APPROVED,
        by=approved_by,
        reason=comment.strip(),
        version=version,
        fingerprint=fingerprint,
        meeting_date=meeting_date,
        meeting_resolution=meeting_resolution,
    )
    from agreements.services import agreement_sign_for_school

    agreement_sign_for_school(decision=decision)
    variation = decision.variation
    if variation is not None:
        variation.outcome, variation.closed_at = Variation.Outcome.APPROVED, decision.decided_at
        save_with_history(variation, by=approved_by, reason="Variation approved by the governing body")
        reason = "Variation approved by the governing body"
        fields = {}
    else:
        reason, fields = "Approved by the governing body", {"agreed_at": timezone.now()}
    partnership = _move(partnership, to=to, by=approved_by, reason=reason, **fields)
    _notify_after_commit(notifications.notify_approved, partnership, approved_by_name=decision.decided_by_name)
    return partnership


@transaction.atomic
def partnership_propose_variation(*, partnership: Partnership, proposed_by: User, reason: str) -> Variation:
    """Open a variation of agreed terms: the terms become editable until it goes to the governors.

    The agreement in force stays the last issued version until the governors approve the
    variation and the trust issues the next one.
    """
    reason = require_reason(reason)
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "propose_variation")
    variation = _open_variation(partnership, proposed_by=proposed_by, reason=reason)
    _move(partnership, to=to, by=proposed_by, reason=f"Variation proposed: {reason}")
    _notify_after_commit(notifications.notify_variation_proposed, partnership, reason=reason)
    return variation


def _open_variation(partnership: Partnership, *, proposed_by: User, reason: str) -> Variation:
    from agreements.snapshot import build_terms

    if open_variation(partnership) is not None:
        raise ValidationError(VARIATION_ALREADY_OPEN)
    variation = Variation(
        partnership=partnership,
        reason=reason,
        proposed_by=proposed_by,
        proposed_at=timezone.now(),
        in_force_version=partnership.agreement_versions.in_force().first(),
        before_terms=build_terms(partnership),
        resumes_as=partnership.status,
    )
    return save_with_history(variation, by=proposed_by, reason=f"Variation proposed: {reason}")


@transaction.atomic
def partnership_withdraw_variation(*, partnership: Partnership, withdrawn_by: User, reason: str) -> Partnership:
    """Abandon a variation before the governors approve it: the terms go back to those in force."""
    from .variations import restore_terms

    reason = require_reason(reason)
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "withdraw_variation")
    variation = open_variation(partnership)
    if variation is not None:
        restore_terms(partnership, as_of=variation.proposed_at, by=withdrawn_by)
        variation.outcome, variation.closed_at = Variation.Outcome.WITHDRAWN, timezone.now()
        save_with_history(variation, by=withdrawn_by, reason=f"Variation withdrawn: {reason}")
    partnership.refresh_from_db()
    partnership = _move(partnership, to=to, by=withdrawn_by, reason=f"Variation withdrawn: {reason}")
    _notify_after_commit(notifications.notify_variation_withdrawn, partnership, reason=reason)
    return partnership


@transaction.atomic
def partnership_activate(
    *, partnership: Partnership, activated_by: User | None = None, today: datetime.date | None = None
) -> Partnership:
    """An agreed partnership becomes active from its start date, once its agreement is issued."""
    today = today or timezone.localdate()
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "activate")
    if partnership.start_date > today:
        raise TransitionNotAllowed(NOT_STARTED_YET.format(start=format_date(partnership.start_date)))
    if not partnership.agreement_versions.in_force().exists():
        raise TransitionNotAllowed(NOT_ISSUED_YET, code="not_issued")
    return _move(partnership, to=to, by=activated_by, reason="Start date reached", activated_at=timezone.now())


@transaction.atomic
def partnership_conclude(
    *, partnership: Partnership, concluded_by: User | None = None, today: datetime.date | None = None
) -> Partnership:
    """An active partnership concludes once its end date has passed."""
    today = today or timezone.localdate()
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "conclude")
    if partnership.end_date >= today:
        raise TransitionNotAllowed(NOT_ENDED_YET.format(end=format_date(partnership.end_date)))
    # The end-of-partnership review comes first. Imported here: delivery builds on partnerships.
    from delivery.services.end_review import END_REVIEW_REQUIRED, end_review_missing

    if end_review_missing(partnership):
        raise TransitionNotAllowed(END_REVIEW_REQUIRED, code="end_review_required")
    return _move(
        partnership,
        to=to,
        by=concluded_by,
        reason="End date passed",
        closed_at=timezone.now(),
        ended_on=partnership.end_date,
    )


@transaction.atomic
def partnership_withdraw(*, partnership: Partnership, withdrawn_by: User, reason: str) -> Partnership:
    """Stop a partnership before it is agreed. The governors are told."""
    reason = require_reason(reason)
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "withdraw")
    partnership = _move(
        partnership,
        to=to,
        by=withdrawn_by,
        reason=f"Withdrawn: {reason}",
        closure_reason=reason,
        closed_at=timezone.now(),
    )
    _notify_after_commit(notifications.notify_closed, partnership, reason=reason)
    return partnership


@transaction.atomic
def partnership_end_early(
    *,
    partnership: Partnership,
    ended_by,
    reason: str,
    ended_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Partnership:
    """End an agreed or active partnership before its planned end date, on the actual end date
    (not before the start, not in the future). The governors are told."""
    reason = require_reason(reason)
    today = today or timezone.localdate()
    partnership = _locked(partnership)
    to = lifecycle.target(partnership, "end_early")
    _check_ended_on(partnership, ended_on, today=today)
    partnership = _move(
        partnership,
        to=to,
        by=ended_by,
        reason=f"Ended early: {reason}",
        closure_reason=reason,
        closed_at=timezone.now(),
        ended_on=ended_on,
    )
    _notify_after_commit(notifications.notify_closed, partnership, reason=reason)
    return partnership


def _check_ended_on(partnership: Partnership, ended_on: datetime.date | None, *, today: datetime.date) -> None:
    if ended_on is None:
        raise ValidationError({"ended_on": ENDED_ON_REQUIRED})
    if not partnership.start_date <= ended_on <= partnership.end_date:
        raise ValidationError(
            {
                "ended_on": ENDED_ON_OUT_OF_RANGE.format(
                    start=format_date(partnership.start_date), end=format_date(partnership.end_date)
                )
            }
        )
    if ended_on > today:
        raise ValidationError({"ended_on": ENDED_ON_IN_FUTURE.format(today=format_date(today))})


def partnerships_advance_by_date(*, today: datetime.date | None = None) -> dict[str, int]:
    """Activate agreed partnerships whose start date has come (if their agreement is issued;
    otherwise they are counted as started without one) and conclude those past their end that
    have their end-of-partnership review (the daily job asks for the others' reviews)."""
    today = today or timezone.localdate()
    by = scheduler()  # history names the scheduler, never no one
    activated = concluded = unissued = 0
    for partnership in Partnership.objects.filter(status=Status.AGREED, start_date__lte=today):
        if not partnership.agreement_versions.in_force().exists():
            unissued += 1  # flagged on the dashboard: "started without an issued agreement"
            continue
        partnership_activate(partnership=partnership, activated_by=by, today=today)
        activated += 1
    for partnership in Partnership.objects.filter(status=Status.ACTIVE, end_date__lt=today, end_review__isnull=False):
        partnership_conclude(partnership=partnership, concluded_by=by, today=today)
        concluded += 1
    return {"activated": activated, "concluded": concluded, "started_without_issued_agreement": unissued}
