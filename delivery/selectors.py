"""Reads for delivery and impact pages: a partnership's reviews and each objective's ratings over time."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse

from partnerships.models import Objective, Partnership

from .models import EndReview, ObjectiveAchievement, ObjectiveRating, ReviewMeeting


def partnership_page_url(user, partnership: Partnership) -> str:
    """Where this person reads the partnership as a whole."""
    if user.is_trust_staff:
        return reverse("partnerships:partnership-detail", args=[partnership.pk])
    if user.is_governor:
        return reverse("partnerships:governor-partnership-detail", args=[partnership.pk])
    return reverse("oversight:partnership-detail", args=[partnership.pk])


def meetings_for(partnership: Partnership):
    """Every review meeting of the partnership, oldest first, with ratings and their objectives."""
    return partnership.review_meetings.prefetch_related(
        Prefetch("ratings", queryset=ObjectiveRating.objects.select_related("objective"))
    )


@dataclass(frozen=True)
class ObjectiveProgress:
    """One objective and its rating at each held review (None where the review did not rate it)."""

    objective: Objective
    ratings: list

    @property
    def latest(self) -> ObjectiveRating | None:
        return next((rating for rating in reversed(self.ratings) if rating is not None), None)


def progress_table(partnership: Partnership, meetings: list[ReviewMeeting]) -> list[ObjectiveProgress]:
    """Objectives (rows) against held reviews in date order (columns): the history of ratings."""
    held = [meeting for meeting in meetings if meeting.is_held]
    by_meeting = {meeting.pk: {rating.objective_id: rating for rating in meeting.ratings.all()} for meeting in held}
    return [
        ObjectiveProgress(objective, [by_meeting[meeting.pk].get(objective.pk) for meeting in held])
        for objective in partnership.objectives.all()
    ]


def ratings_of(objective: Objective):
    """An objective's ratings, oldest review first, with the meeting."""
    return objective.ratings.select_related("meeting").order_by("meeting__held_on", "meeting_id")


def end_review_of(partnership: Partnership) -> EndReview | None:
    return (
        EndReview.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("achievements", queryset=ObjectiveAchievement.objects.select_related("objective")))
        .first()
    )
