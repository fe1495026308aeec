"""Writes for review meetings: schedule one, record what it found (ratings for every objective,
who attended, notes), add its actions and comments."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.models import Objective, Partnership
from partnerships.services.common import save_with_history
from partnerships.validation import format_date

from ..models import ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting

Status = Partnership.Status

NOT_RUNNING = "You can record reviews once the partnership is agreed and while it runs. This one is {status}."
NOT_COMMENTABLE = "You can comment on reviews once the partnership is agreed. This one is {status}."
SCHEDULE_OUTSIDE_TERM = "The review must be scheduled between the start date, {start}, and the end date, {end}."
HELD_OUTSIDE_TERM = "The date of the meeting must be between the start date, {start}, and today."
HELD_IN_FUTURE = "The date of the meeting must be today or in the past. To plan a later one, schedule it."
ATTENDEES_REQUIRED = {
    "trust_attendees": "Enter who attended for the trust",
    "school_attendees": "Enter who attended for the school",
}
RATING_MISSING = "Select how ‘{objective}’ is going"
RATING_UNKNOWN_OBJECTIVE = "Rate the objectives of this partnership only."
NO_OBJECTIVES = "This partnership has no objectives to rate."
ALREADY_HELD = "This review was recorded on {when} and cannot be recorded again."
ACTION_NOT_HELD = "Add actions once the review has been recorded."
DUE_BEFORE_MEETING = "The due date must be on or after the date of the meeting, {held_on}."


@dataclass(frozen=True)
class RatingInput:
    objective: Objective
    rating: str
    evidence: str = ""
    next_steps: str = ""


def _ensure_running(partnership: Partnership) -> None:
    if partnership.status not in Status.BINDING:
        raise ValidationError(NOT_RUNNING.format(status=partnership.get_status_display().lower()))


def _check_ratings(partnership: Partnership, ratings: list[RatingInput]) -> None:
    objectives = list(partnership.objectives.all())
    if not objectives:
        raise ValidationError(NO_OBJECTIVES)
    given = {entry.objective.pk: entry for entry in ratings if entry.rating}
    if any(entry.objective.partnership_id != partnership.pk for entry in ratings):
        raise ValidationError(RATING_UNKNOWN_OBJECTIVE)
    errors = {
        f"rating_{objective.pk}": RATING_MISSING.format(objective=objective.description)
        for objective in objectives
        if objective.pk not in given or given[objective.pk].rating not in Rating.values
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_meeting_schedule(*, partnership: Partnership, scheduled_by, scheduled_for: datetime.date) -> ReviewMeeting:
    """Put a partnership review in the diary. The daily job reminds both parties a week before."""
    _ensure_running(partnership)
    if not partnership.start_date <= scheduled_for <= partnership.end_date:
        raise ValidationError(
            {
                "scheduled_for": SCHEDULE_OUTSIDE_TERM.format(
                    start=format_date(partnership.start_date), end=format_date(partnership.end_date)
                )
            }
        )
    meeting = ReviewMeeting(
        partnership=partnership,
        kind=ReviewMeeting.Kind.PARTNERSHIP,
        status=ReviewMeeting.Status.SCHEDULED,
        scheduled_for=scheduled_for,
        recorded_by=scheduled_by,
        recorded_by_name=scheduled_by.display_name,
    )
    return save_with_history(meeting, by=scheduled_by, reason=f"Review scheduled for {format_date(scheduled_for)}")


@transaction.atomic
def review_meeting_record(
    *,
    partnership: Partnership,
    recorded_by,
    kind: str,
    held_on: datetime.date,
    trust_attendees: str,
    school_attendees: str,
    ratings: list[RatingInput],
    notes: str = "",
    meeting: ReviewMeeting | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> ReviewMeeting:
    """Record a review meeting that has happened: who came, a rating with evidence and next steps
    for every objective, and notes. Given a scheduled `meeting`, that meeting becomes held."""
    today = today or timezone.localdate()
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    _ensure_running(partnership)
    attendees = {"trust_attendees": trust_attendees, "school_attendees": school_attendees}
    errors = {field: message for field, message in ATTENDEES_REQUIRED.items() if not attendees[field].strip()}
    if held_on > today:
        errors["held_on"] = HELD_IN_FUTURE
    elif held_on < partnership.start_date:
        errors["held_on"] = HELD_OUTSIDE_TERM.format(start=format_date(partnership.start_date))
    if errors:
        raise ValidationError(errors)
    _check_ratings(partnership, ratings)
    if meeting is None:
        meeting = ReviewMeeting(partnership=partnership, kind=kind)
    elif meeting.is_held:
        raise ValidationError(ALREADY_HELD.format(when=format_date(meeting.held_on)))
    meeting.status, meeting.held_on = ReviewMeeting.Status.HELD, held_on
    meeting.trust_attendees, meeting.school_attendees = trust_attendees.strip(), school_attendees.strip()
    meeting.notes, meeting.recorded_by, meeting.recorded_by_name = notes.strip(), recorded_by, recorded_by.display_name
    reason = f"{meeting.get_kind_display()} held on {format_date(held_on)} recorded"
    save_with_history(meeting, by=recorded_by, reason=reason, expected_version=expected_version)
    for entry in ratings:
        rating = ObjectiveRating(
            meeting=meeting,
            objective=entry.objective,
            rating=entry.rating,
            evidence=entry.evidence.strip(),
            next_steps=entry.next_steps.strip(),
        )
        save_with_history(rating, by=recorded_by, reason=f"Rated {rating.get_rating_display().lower()}")
    return meeting


@transaction.atomic
def review_action_create(
    *, meeting: ReviewMeeting, created_by, description: str, owner: str, due_on: datetime.date
) -> ReviewAction:
    """An action agreed at a review: what, who and by when."""
    _ensure_running(meeting.partnership)
    if not meeting.is_held:
        raise ValidationError(ACTION_NOT_HELD)
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": DUE_BEFORE_MEETING.format(held_on=format_date(meeting.held_on))})
    action = ReviewAction(
        meeting=meeting, description=description.strip(), owner=owner.strip(), due_on=due_on, created_by=created_by
    )
    return save_with_history(action, by=created_by, reason="Action added")


@transaction.atomic
def review_comment_create(*, meeting: ReviewMeeting, author, body: str) -> ReviewComment:
    """A comment on a review meeting by the school's people or the trust's."""
    partnership = meeting.partnership
    if partnership.status not in (*Status.BINDING, Status.CONCLUDED, Status.ENDED_EARLY):
        raise ValidationError(NOT_COMMENTABLE.format(status=partnership.get_status_display().lower()))
    comment = ReviewComment(meeting=meeting, author=author, author_name=author.display_name, body=body.strip())
    return save_with_history(comment, by=author, reason="Comment on a review")
