"""Named predicates: who may do what to a partnership. Views, templates and services share them.

Reading is scoped by `Partnership.objects.visible_to(user)`: these predicates assume the user can
already see the partnership and answer whether they may act on it. Lifecycle predicates are
derived from partnerships.lifecycle.TRANSITIONS: the transition's actor (below) and its source
states.
"""

from accounts.models import User

from . import lifecycle
from .models import GovernorAuthorisation, Partnership

Status = Partnership.Status


def is_trust_staff_of(user, partnership: Partnership) -> bool:
    return user.is_authenticated and user.is_trust_staff and user.trust_id == partnership.trust_id


def is_governor_of(user, partnership: Partnership) -> bool:
    """Any of the school's people (they read and comment; approving is narrower)."""
    return user.is_authenticated and user.is_governor and user.school_id == partnership.school_id


def is_trust_signatory_of(user, partnership: Partnership) -> bool:
    """Someone the trust has authorised to sign for it (`can_sign_for_trust`), of this trust."""
    return is_trust_staff_of(user, partnership) and user.can_sign_for_trust


def governor_authorisation(user, school_id: int) -> GovernorAuthorisation | None:
    """The governing body's current authorisation of this person to approve and sign, if any."""
    if not getattr(user, "pk", None):
        return None
    return GovernorAuthorisation.objects.current().filter(governor_id=user.pk, school_id=school_id).first()


def is_approver_of(user, partnership: Partnership) -> bool:
    """The school's chair of governors, or a governor the governing body authorised. Never the
    clerk or the headteacher, whatever a record says."""
    if not is_governor_of(user, partnership):
        return False
    if user.role == User.Role.CHAIR:
        return True
    if user.role not in (User.Role.VICE_CHAIR, User.Role.GOVERNOR):
        return False
    return governor_authorisation(user, partnership.school_id) is not None


def is_scheduler(user, partnership: Partnership | None = None) -> bool:
    """The date-driven transitions: the daily job's system account, or a superuser in the admin."""
    return user.is_authenticated and user.is_superuser


# Who makes each transition (Transition.actor in partnerships.lifecycle).
ACTORS = {
    "trust_staff": is_trust_staff_of,
    "trust_signatory": is_trust_signatory_of,
    "approver": is_approver_of,
    "scheduler": is_scheduler,
}


def may(user, partnership: Partnership, transition: str) -> bool:
    """The person is the transition's actor for this partnership and its state allows it."""
    spec = lifecycle.TRANSITIONS[transition]
    return lifecycle.allows(partnership, transition) and ACTORS[spec.actor](user, partnership)


def can_edit_terms(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.EDITABLE


def can_submit_for_review(user, partnership: Partnership) -> bool:
    return may(user, partnership, "submit_for_review")


def can_recall(user, partnership: Partnership) -> bool:
    return may(user, partnership, "recall")


def can_withdraw(user, partnership: Partnership) -> bool:
    return may(user, partnership, "withdraw")


def can_end_early(user, partnership: Partnership) -> bool:
    return may(user, partnership, "end_early")


def can_extend(user, partnership: Partnership) -> bool:
    return may(user, partnership, "extend") and partnership.can_be_extended


def can_propose_variation(user, partnership: Partnership) -> bool:
    return may(user, partnership, "propose_variation")


def can_withdraw_variation(user, partnership: Partnership) -> bool:
    return may(user, partnership, "withdraw_variation")


def can_advance_by_date(user, partnership: Partnership) -> bool:
    return may(user, partnership, "activate") or may(user, partnership, "conclude")


def can_record_progress(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in Status.BINDING


def can_approve(user, partnership: Partnership) -> bool:
    """Approve for the governing body: its chair or an authorised governor, while in review."""
    return may(user, partnership, "approve")


def can_review(user, partnership: Partnership) -> bool:
    """Approve or ask for changes: the governing body's decision, so the same people as approving."""
    return may(user, partnership, "request_changes")


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
        *Status.BINDING,
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
    """Issue (the trust's signature): a signatory of the partnership's trust, once agreed."""
    return may(user, partnership, "issue")


def can_download_agreement(user, partnership: Partnership) -> bool:
    return (
        is_trust_staff_of(user, partnership)
        or is_governor_of(user, partnership)
        or (user.is_authenticated and user.is_oversight)
    )


def can_use_oversight(user) -> bool:
    """The oversight pages: every partnership, read only."""
    return user.is_authenticated and user.is_oversight
