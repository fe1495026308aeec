"""Writes to Schedule 2: objectives and the activity plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from partnerships.dates import format_date
from partnerships.models import Activity, Objective, Partnership

from .common import apply_changes, delete_with_history, ensure_editable, ensure_room, save_with_history

OUTSIDE_PARTNERSHIP = "The {what} must be between the partnership's start date, {start}, and end date, {end}."
PROGRESS_NOT_ALLOWED = "You can record progress once the partnership is agreed. This partnership is {status}."
OBJECTIVE_FIELDS = ("description", "measure_of_success", "target_date")
ACTIVITY_FIELDS = ("category", "title", "description", "lead", "starts_on", "ends_on", "status", "impact_notes")


def _within(partnership: Partnership, field: str, what: str, day: datetime.date | None) -> dict[str, str]:
    if day is None or partnership.start_date <= day <= partnership.end_date:
        return {}
    return {
        field: OUTSIDE_PARTNERSHIP.format(
            what=what, start=format_date(partnership.start_date), end=format_date(partnership.end_date)
        )
    }


def _check_objective(objective: Objective) -> None:
    errors = _within(objective.partnership, "target_date", "target date", objective.target_date)
    if errors:
        raise ValidationError(errors)


def _check_activity(activity: Activity) -> None:
    errors = _within(activity.partnership, "starts_on", "start date", activity.starts_on)
    errors |= _within(activity.partnership, "ends_on", "end date", activity.ends_on)
    if not errors and activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        errors = {"ends_on": "The end date must be the same as or after the start date."}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def objective_create(*, partnership: Partnership, created_by: User, **values) -> Objective:
    ensure_editable(partnership)
    ensure_room(partnership, "objectives")
    position = (partnership.objectives.aggregate(top=Max("position"))["top"] or 0) + 1
    objective = apply_changes(
        Objective(partnership=partnership, position=position), allowed=OBJECTIVE_FIELDS, values=values
    )
    _check_objective(objective)
    return save_with_history(objective, by=created_by, reason="Objective added")


@transaction.atomic
def objective_update(
    *, objective: Objective, updated_by: User, expected_version: int | None = None, **values
) -> Objective:
    ensure_editable(objective.partnership)
    apply_changes(objective, allowed=OBJECTIVE_FIELDS, values=values)
    _check_objective(objective)
    return save_with_history(objective, by=updated_by, reason="Objective changed", expected_version=expected_version)


@transaction.atomic
def objective_delete(*, objective: Objective, deleted_by: User) -> None:
    ensure_editable(objective.partnership)
    delete_with_history(objective, by=deleted_by, reason="Objective removed")


@transaction.atomic
def activity_create(*, partnership: Partnership, created_by: User, **values) -> Activity:
    ensure_editable(partnership)
    ensure_room(partnership, "activities")
    activity = apply_changes(Activity(partnership=partnership), allowed=ACTIVITY_FIELDS, values=values)
    _check_activity(activity)
    return save_with_history(activity, by=created_by, reason="Activity added")


@transaction.atomic
def activity_update(*, activity: Activity, updated_by: User, expected_version: int | None = None, **values) -> Activity:
    ensure_editable(activity.partnership)
    apply_changes(activity, allowed=ACTIVITY_FIELDS, values=values)
    _check_activity(activity)
    return save_with_history(activity, by=updated_by, reason="Activity changed", expected_version=expected_version)


@transaction.atomic
def activity_delete(*, activity: Activity, deleted_by: User) -> None:
    ensure_editable(activity.partnership)
    delete_with_history(activity, by=deleted_by, reason="Activity removed")


@transaction.atomic
def activity_record_progress(
    *, activity: Activity, recorded_by: User, status: str, impact_notes: str, expected_version: int | None = None
) -> Activity:
    """Once the partnership is agreed, staff record how each activity is going and its impact."""
    if activity.partnership.status not in Partnership.Status.BINDING:
        raise ValidationError(PROGRESS_NOT_ALLOWED.format(status=activity.partnership.get_status_display().lower()))
    activity.status, activity.impact_notes = status, impact_notes
    return save_with_history(activity, by=recorded_by, reason="Progress recorded", expected_version=expected_version)
