"""Who may do what with a partnership's delivery records (reviews, evidence, the impact report, the
end-of-partnership review). Reading is scoped by `Partnership.objects.visible_to(user)`: these
predicates assume the user can already see the partnership.
"""

from accounts.models import User
from partnerships.models import Partnership
from partnerships.permissions import is_governor_of, is_trust_staff_of

from .models import ReviewMeeting

Status = Partnership.Status
# Reviews, evidence and reports happen once the partnership binds both parties.
DELIVERY_STATES = Status.BINDING
# Reading and commenting go on after it ends, while the report and outcome are discussed.
AFTER_AGREEMENT = (*Status.BINDING, Status.CONCLUDED, Status.ENDED_EARLY)


def is_clerk_of(user, partnership: Partnership) -> bool:
    return is_governor_of(user, partnership) and user.role == User.Role.CLERK


def review_kind_for(user, partnership: Partnership) -> str | None:
    """The kind of review the user records for this partnership: the trust's staff record the
    partnership's reviews, the clerk the governing body's own. None for everyone else."""
    if is_trust_staff_of(user, partnership):
        return ReviewMeeting.Kind.PARTNERSHIP
    if is_clerk_of(user, partnership):
        return ReviewMeeting.Kind.GOVERNING_BODY
    return None


def can_record_review(user, partnership: Partnership) -> bool:
    return review_kind_for(user, partnership) is not None and partnership.status in DELIVERY_STATES


def can_schedule_review(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in DELIVERY_STATES


def can_change_review(user, meeting: ReviewMeeting) -> bool:
    """Record a scheduled meeting, or add an action: whoever records that kind of review."""
    partnership = meeting.partnership
    return can_record_review(user, partnership) and review_kind_for(user, partnership) == meeting.kind


def can_comment_on_review(user, partnership: Partnership) -> bool:
    return (
        is_governor_of(user, partnership) or is_trust_staff_of(user, partnership)
    ) and partnership.status in AFTER_AGREEMENT


def can_record_end_review(user, partnership: Partnership) -> bool:
    """The trust's staff, once the partnership is agreed (also after it ended early)."""
    return is_trust_staff_of(user, partnership) and partnership.status in (*Status.BINDING, Status.ENDED_EARLY)


def can_generate_impact_report(user, partnership: Partnership) -> bool:
    return is_trust_staff_of(user, partnership) and partnership.status in AFTER_AGREEMENT


can_share_impact_report = can_generate_impact_report
