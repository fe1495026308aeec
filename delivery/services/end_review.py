"""The end-of-partnership review, and the check the lifecycle makes before a partnership concludes."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Objective, Partnership
from partnerships.services.common import save_with_history

from ..models import EndReview, ObjectiveAchievement

Status = Partnership.Status
END_REVIEW_STATES = (*Status.BINDING, Status.ENDED_EARLY)

NOT_ALLOWED = "You can record the end-of-partnership review once the partnership is agreed. This one is {status}."
ACHIEVEMENT_MISSING = "Select how far ‘{objective}’ was achieved"
UNKNOWN_OBJECTIVE = "Say what was achieved against the objectives of this partnership only."
LESSONS_REQUIRED = "Enter the lessons learned"
END_REVIEW_REQUIRED = (
    "Record the end-of-partnership review (what was achieved, the outcome and lessons) before the partnership "
    "can conclude."
)


@dataclass(frozen=True)
class AchievementInput:
    objective: Objective
    achievement: str
    comment: str = ""


def end_review_missing(partnership: Partnership) -> bool:
    return not EndReview.objects.filter(partnership_id=partnership.pk).exists()


def _check_achievements(partnership: Partnership, achievements: list[AchievementInput]) -> None:
    if any(entry.objective.partnership_id != partnership.pk for entry in achievements):
        raise ValidationError(UNKNOWN_OBJECTIVE)
    given = {
        entry.objective.pk for entry in achievements if entry.achievement in ObjectiveAchievement.Achievement.values
    }
    errors = {
        f"achievement_{objective.pk}": ACHIEVEMENT_MISSING.format(objective=objective.description)
        for objective in partnership.objectives.all()
        if objective.pk not in given
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def end_review_record(
    *,
    partnership: Partnership,
    recorded_by,
    outcome: str,
    lessons: str,
    would_recommend: bool,
    achievements: list[AchievementInput],
    expected_version: int | None = None,
) -> EndReview:
    """Record (or revise) the end-of-partnership review: achievement per objective, outcome, lessons,
    and whether the partnership would be recommended."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status not in END_REVIEW_STATES:
        raise ValidationError(NOT_ALLOWED.format(status=partnership.get_status_display().lower()))
    if not lessons.strip():
        raise ValidationError({"lessons": LESSONS_REQUIRED})
    _check_achievements(partnership, achievements)
    review = EndReview.objects.filter(partnership=partnership).first() or EndReview(partnership=partnership)
    revising = review.pk is not None
    review.outcome, review.lessons, review.would_recommend = outcome, lessons.strip(), would_recommend
    review.recorded_by, review.recorded_by_name = recorded_by, recorded_by.display_name
    reason = (
        f"End-of-partnership review {'revised' if revising else 'recorded'}: {review.get_outcome_display().lower()}"
    )
    save_with_history(review, by=recorded_by, reason=reason, expected_version=expected_version)
    stored = {row.objective_id: row for row in review.achievements.all()}
    for entry in achievements:
        row = stored.get(entry.objective.pk) or ObjectiveAchievement(end_review=review, objective=entry.objective)
        row.achievement, row.comment = entry.achievement, entry.comment.strip()
        save_with_history(row, by=recorded_by, reason=reason)
    return review
