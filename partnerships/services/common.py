"""Helpers every partnership service uses to save with validation and attributed history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from partnerships.validation import OVERLAPPING_PARTNERSHIP

NOT_EDITABLE = (
    "You can only change the terms while the partnership is a draft or the governors have asked for changes. "
    "This partnership is {status}."
)
OVERLAP_RACE = "This school is already in another trust partnership for some of these dates."


def save_with_history(instance: models.Model, *, by, reason: str = "", validate: bool = True) -> models.Model:
    """full_clean(), then save() with the acting user and reason on the history row."""
    if validate:
        instance.full_clean()
    instance._history_user = by
    instance._change_reason = reason or None
    try:
        instance.save()
    except IntegrityError as error:
        # The database caught an overlap that validation could not see (a concurrent write).
        if "overlap" in str(error).lower() or "partnership_dates_overlap" in str(error):
            raise ValidationError({"start_date": OVERLAP_RACE}) from error
        raise
    return instance


def delete_with_history(instance: models.Model, *, by, reason: str = "") -> None:
    instance._history_user = by
    instance._change_reason = reason or None
    instance.delete()


def ensure_editable(partnership) -> None:
    if not partnership.is_editable:
        raise ValidationError(NOT_EDITABLE.format(status=partnership.get_status_display().lower()))


__all__ = ["OVERLAPPING_PARTNERSHIP", "delete_with_history", "ensure_editable", "save_with_history"]
