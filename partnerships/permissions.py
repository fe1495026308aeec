"""Named predicates: who may do what to a partnership. Views, templates and services share them.

Reading is scoped by `Partnership.objects.visible_to(user)`: these predicates assume the user can
already see the partnership and answer whether they may act on it.
"""

from .models import Partnership

Status = Partnership.Status


def is_trust_staff_of(user, partnership: Partnership) -> bool:
    return user.is_authenticated and user.is_trust_staff and user.trust_id == partnership.trust_id


def is_governor_of(user, partnership: Partnership) -> bool:
    return user.is_authenticated and user.is_governor and user.school_id == partnership.school_id


def can_edit_terms(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.EDITABLE


def can_submit_for_review(user, partnership: Partnership) -> bool:
    return can_edit_terms(user, partnership)


def can_withdraw(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in (
        Status.DRAFT,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
    )


def can_end_early(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.BINDING


def can_extend(user, partnership: Partnership) -> bool:
    return can_end_early(user, partnership) and partnership.can_be_extended


def can_record_progress(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.BINDING


def can_review(user, partnership: Partnership) -> bool:
    """Approve or request changes: the school's governors, while the partnership is in review."""
    return is_governor_of(user, partnership) and partnership.status == Status.IN_REVIEW


def can_comment(user, partnership: Partnership) -> bool:
    return (
        is_governor_of(user, partnership) or is_trust_staff_of(user, partnership)
    ) and partnership.status in Status.LIVE


def can_change_comment(user, comment) -> bool:
    """Edit or delete a comment: its author, while comments are open and no one has replied."""
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and can_comment(user, comment.partnership)
        and not comment.replies.exists()
    )


def can_resolve_comment(user, comment) -> bool:
    """Resolve or reopen a thread: anyone who may comment, on the thread's first comment."""
    return comment.parent_id is None and can_comment(user, comment.partnership)


def can_record_academisation(user, partnership: Partnership) -> bool:
    return is_governor_of(user, partnership) and partnership.status in (
        Status.AGREED,
        Status.ACTIVE,
        Status.CONCLUDED,
        Status.ENDED_EARLY,
    )


def can_manage_clause_library(user) -> bool:
    return user.is_authenticated and user.is_trust_staff


def can_start_partnership(user) -> bool:
    return user.is_authenticated and user.is_trust_staff


def can_generate_agreement(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.LIVE


def can_issue_agreement(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.BINDING


def can_download_agreement(user, partnership: Partnership) -> bool:
    return (
        is_trust_staff_of(user, partnership)
        or is_governor_of(user, partnership)
        or (user.is_authenticated and user.is_oversight)
    )


def can_use_oversight(user) -> bool:
    """The oversight pages: every partnership, read only."""
    return user.is_authenticated and user.is_oversight
