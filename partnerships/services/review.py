"""Writes by the school's governors: comments and the academisation consideration."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from partnerships.models import AcademisationConsideration, Comment, Partnership
from partnerships.models.review import clause_words

from .common import delete_with_history, save_with_history

CLAUSE_NOT_IN_PARTNERSHIP = "Choose a clause of this partnership."
REPLY_NOT_IN_PARTNERSHIP = "Choose a comment on this partnership to reply to."
THREAD_RESOLVED = "This comment thread is resolved. Reopen it to reply."
NOT_YOUR_COMMENT = "You can only change or delete a comment you wrote."
ALREADY_REPLIED = "Someone has replied to this comment, so it can no longer be changed or deleted."
ONLY_THREADS_RESOLVE = "Resolve or reopen the thread's first comment, not a reply."
ALREADY_RESOLVED = "This comment thread is already resolved."
NOT_RESOLVED = "This comment thread is not resolved."
COMMENTS_CLOSED = "Comments are closed: this partnership is {status}."
ACADEMISATION_NOT_ALLOWED = (
    "You can record the academisation decision once the partnership is agreed. This one is {status}."
)
DECISION_DATE_REQUIRED = "Enter the date the governing body made its decision."
DECISION_DATE_NOT_ALLOWED = "Leave the decision date blank until the governing body has decided."
ACADEMISATION_STATES = (
    *Partnership.Status.BINDING,
    Partnership.Status.CONCLUDED,
    Partnership.Status.ENDED_EARLY,
)


@transaction.atomic
def comment_create(
    *, partnership: Partnership, author, body: str, section=None, clause=None, parent: Comment | None = None
) -> Comment:
    """A comment on the whole agreement, one section, or one clause; or a reply in a thread (it
    takes the thread's subject). Records the agreement version and the clause's words now."""
    _ensure_open_for_comments(partnership)
    if parent is not None:
        if parent.partnership_id != partnership.pk:
            raise ValidationError(REPLY_NOT_IN_PARTNERSHIP)
        # One level of replies: a reply to a reply joins the thread. Locked, so a thread resolved
        # meanwhile is seen as resolved.
        parent = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("clause")
            .get(pk=parent.parent_id or parent.pk)
        )
        if parent.is_resolved:
            raise ValidationError(THREAD_RESOLVED)
        section, clause = parent.section, parent.clause
    if clause is not None and clause.partnership_id != partnership.pk:
        raise ValidationError({"clause": CLAUSE_NOT_IN_PARTNERSHIP})
    comment = Comment(
        partnership=partnership,
        author=author,
        author_name=author.display_name,
        body=body,
        section=clause.section if clause is not None else section,
        clause=clause,
        parent=parent,
        agreement_version=partnership.agreement_versions.order_by("-number").values_list("number", flat=True).first(),
        clause_text=clause_words(clause) if clause is not None else "",
    )
    return save_with_history(comment, by=author, reason="Reply added" if parent else "Comment added")


@transaction.atomic
def comment_update(*, comment: Comment, edited_by, body: str) -> Comment:
    """The author changes their comment's words, until someone replies."""
    comment = _locked_comment(comment)
    _ensure_changeable(comment, by=edited_by)
    comment.body, comment.edited_at = body, timezone.now()
    return save_with_history(comment, by=edited_by, reason="Comment changed")


@transaction.atomic
def comment_delete(*, comment: Comment, deleted_by) -> None:
    """The author deletes their comment, until someone replies."""
    comment = _locked_comment(comment)
    _ensure_changeable(comment, by=deleted_by)
    delete_with_history(comment, by=deleted_by, reason="Comment deleted")


@transaction.atomic
def comment_resolve(*, comment: Comment, resolved_by) -> Comment:
    """Mark a thread resolved: the discussion is settled (it can be reopened)."""
    comment = _locked_comment(comment)
    _ensure_thread(comment)
    if comment.is_resolved:
        raise ValidationError(ALREADY_RESOLVED)
    comment.resolved_at, comment.resolved_by = timezone.now(), resolved_by
    return save_with_history(comment, by=resolved_by, reason="Comment thread resolved")


@transaction.atomic
def comment_reopen(*, comment: Comment, reopened_by) -> Comment:
    """Reopen a resolved thread, to carry on the discussion."""
    comment = _locked_comment(comment)
    _ensure_thread(comment)
    if not comment.is_resolved:
        raise ValidationError(NOT_RESOLVED)
    comment.resolved_at, comment.resolved_by = None, None
    return save_with_history(comment, by=reopened_by, reason="Comment thread reopened")


def _locked_comment(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).select_related("partnership", "clause").get(pk=comment.pk)


def _ensure_open_for_comments(partnership: Partnership) -> None:
    if partnership.status not in Partnership.Status.LIVE:
        raise ValidationError(COMMENTS_CLOSED.format(status=partnership.get_status_display().lower()))


def _ensure_changeable(comment: Comment, *, by) -> None:
    _ensure_open_for_comments(comment.partnership)
    if comment.author_id != by.pk:
        raise ValidationError(NOT_YOUR_COMMENT)
    if comment.replies.exists():
        raise ValidationError(ALREADY_REPLIED)


def _ensure_thread(comment: Comment) -> None:
    _ensure_open_for_comments(comment.partnership)
    if comment.parent_id is not None:
        raise ValidationError(ONLY_THREADS_RESOLVE)


ACADEMISATION_STEP_FIELDS = (
    "resolution_on",
    "consultation_started_on",
    "consultation_ended_on",
    "consultees",
    "consultation_outcome",
    "academy_order_applied_on",
    "academy_order_made_on",
    "foundation_consent_on",
    "regional_director_informed_on",
    "local_authority_informed_on",
    "intended_conversion_on",
    "conversion_project_url",
)


@transaction.atomic
def academisation_record(
    *,
    partnership: Partnership,
    recorded_by: User,
    outcome: str = AcademisationConsideration.Outcome.UNDECIDED,
    decided_on: datetime.date | None = None,
    notes: str = "",
    **steps: datetime.date | str | None,
) -> AcademisationConsideration:
    """Record where the governing body has got to in considering academisation: the steps taken
    (ACADEMISATION_STEP_FIELDS, dates validated in order) and the outcome.

    Steps not passed keep their recorded values.
    """
    unknown = set(steps) - set(ACADEMISATION_STEP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown academisation fields: {sorted(unknown)}")
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
    for name, value in steps.items():
        setattr(record, name, value)
    record.outcome, record.decided_on, record.notes, record.recorded_by = outcome, decided_on, notes, recorded_by
    return save_with_history(record, by=recorded_by, reason=f"Academisation: {record.get_outcome_display().lower()}")
