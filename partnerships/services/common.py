"""Helpers every partnership service uses to save with validation and attributed history."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from accounts.models import User
from partnerships.dates import format_date, format_time
from partnerships.models import Partnership
from partnerships.overlap_guard import is_overlap_violation
from partnerships.validation import OVERLAPPING_PARTNERSHIP

NOT_EDITABLE = (
    "You can only change the terms while the partnership is a draft, the governors have asked for changes, "
    "or a variation is being prepared. This partnership is {status}."
)
REASON_REQUIRED = "Enter a reason."
OVERLAP_RACE = "This school is already in another trust partnership for some of these dates."


STALE_EDIT = (
    "{who} changed this {thing} at {when} while you were editing it, so your changes have not been saved. "
    "What they changed: {changes}. Check the latest version and make your change again."
)
DELETED_MEANWHILE = "Someone else deleted this {thing} while you were editing it, so your changes have not been saved."


class StaleEdit(ValidationError):
    """A save based on an out-of-date read. Nothing was saved."""


def _describe_changes(instance, read_version: int) -> tuple[str, str, str]:
    history = instance.history.all()
    read = history.filter(version=read_version).order_by("-history_date").first()
    latest = history.order_by("-history_date", "-history_id").first()
    who = (
        (latest.history_user.get_full_name() or latest.history_user.username)
        if latest and latest.history_user
        else "Someone else"
    )
    when = f"{format_time(latest.history_date)} on {format_date(latest.history_date)}" if latest else "just now"
    if read is None or latest is None:
        return who, when, "details not available"
    changes = [
        f"{instance._meta.get_field(change.field).verbose_name} from \u201c{change.old}\u201d to \u201c{change.new}\u201d"
        for change in latest.diff_against(read, excluded_fields=["version", "updated_at"]).changes
    ]
    return who, when, "; ".join(changes) or "its status"


def claim_version(instance: models.Model, expected_version: int | None) -> None:
    """Lock the row; refuse if it changed since `expected_version` was read; take the next version."""
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    thing = instance._meta.verbose_name
    if current is None:
        raise StaleEdit(DELETED_MEANWHILE.format(thing=thing))
    if expected_version is not None and current != expected_version:
        who, when, changes = _describe_changes(instance, expected_version)
        raise StaleEdit(STALE_EDIT.format(who=who, thing=thing, when=when, changes=changes))
    instance.version = current + 1  # type: ignore[attr-defined]  # only models with a version field


def save_with_history[M: models.Model](
    instance: M, *, by: User | None, reason: str = "", validate: bool = True, expected_version: int | None = None
) -> M:
    """full_clean(), then save() with the acting user and reason on the history row.

    Models with a `version` field get optimistic concurrency: pass the version the user's form
    was read at as `expected_version` and a save over someone else's change is refused.
    """
    if instance.pk and any(field.name == "version" for field in instance._meta.concrete_fields):
        claim_version(instance, expected_version)
    if validate:
        instance.full_clean()
    _stamp_history(instance, by=by, reason=reason)
    try:
        instance.save()
    except IntegrityError as error:
        # The database caught an overlap that validation could not see (a concurrent write).
        if is_overlap_violation(error):
            raise ValidationError({"start_date": OVERLAP_RACE}) from error
        raise
    return instance


def apply_changes[M: models.Model](instance: M, *, allowed: Iterable[str], values: Mapping[str, Any]) -> M:
    """Set `values` on `instance`; a field outside `allowed` is a programming error (TypeError)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {instance._meta.verbose_name} fields: {sorted(unknown)}")
    for field, value in values.items():
        setattr(instance, field, value)
    return instance


def _stamp_history(instance: models.Model, *, by: User | None, reason: str) -> None:
    """simple-history reads the acting user and the reason from these attributes when it saves."""
    instance._history_user = by  # type: ignore[attr-defined]
    instance._change_reason = reason or None  # type: ignore[attr-defined]


def delete_with_history(instance: models.Model, *, by: User, reason: str = "") -> None:
    _stamp_history(instance, by=by, reason=reason)
    instance.delete()


def require_reason(reason: str | None) -> str:
    """The reason a person gave for a change, stripped; a blank one is refused on the reason field."""
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    return (reason or "").strip()


AGREEMENT_FULL = (
    "This agreement already has {count} {what}, the most one agreement can hold. Remove one before adding another."
)
CAPS = {
    "clauses": ("AGREEMENT_MAX_CLAUSES", "clauses"),
    "cost_lines": ("AGREEMENT_MAX_COST_LINES", "cost lines"),
    "objectives": ("AGREEMENT_MAX_OBJECTIVES", "objectives"),
    "activities": ("AGREEMENT_MAX_ACTIVITIES", "activities"),
}


def ensure_room(partnership: Partnership, relation: str) -> None:
    """Refuse one more clause (cost line, objective, activity) than an agreement may hold."""
    from django.conf import settings

    setting, what = CAPS[relation]
    limit = getattr(settings, setting)
    count = getattr(partnership, relation).count()
    if count >= limit:
        raise ValidationError(AGREEMENT_FULL.format(count=count, what=what), code="agreement_full")


def ensure_editable(partnership: Partnership) -> None:
    """Lock the partnership's row and check, on the locked row, that its terms may change now.

    Every term service calls this first inside its transaction, so an edit and a send for review
    (which locks the same row) run one after the other: an edit either lands before the review
    draft is made, or is refused because the partnership is in review.
    """
    status = Partnership.objects.select_for_update().filter(pk=partnership.pk).values_list("status", flat=True).first()
    if status is not None:
        partnership.status = status
    if not partnership.is_editable:
        raise ValidationError(NOT_EDITABLE.format(status=partnership.get_status_display().lower()))


__all__ = [
    "OVERLAPPING_PARTNERSHIP",
    "REASON_REQUIRED",
    "apply_changes",
    "delete_with_history",
    "ensure_editable",
    "ensure_room",
    "require_reason",
    "save_with_history",
]
