"""A person named in the history cannot be deleted: history must always say who made a change.

simple-history keeps the actor as a foreign key that is set to NULL when the user is deleted, so
deleting someone would silently erase their name from every change they made. Deleting such a
user is refused with a ProtectedError (the same error a PROTECT foreign key raises) and a message
that says what to do instead: switch the account off.
"""

from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

NAMED_IN_HISTORY = (
    "{name} cannot be deleted because the history records them as making {count} change{s} "
    "(for example: {example}). Switch the account off instead: untick \u201cActive\u201d and save."
)


def refuse_deleting_history_actors(sender, instance, **kwargs):
    """pre_delete receiver for the user model: raise ProtectedError if history names them."""
    total, example = 0, None
    for model in registered_models.values():
        history = get_history_model_for_model(model).objects.filter(history_user_id=instance.pk)
        if model is sender:
            history = history.exclude(id=instance.pk)  # rows about their own account name them anyway
        count = history.count()
        if count:
            total += count
            example = example or history.order_by("-history_date").first()
    if total:
        plural = "" if total == 1 else "s"
        message = NAMED_IN_HISTORY.format(name=instance, count=total, s=plural, example=describe(example))
        raise ProtectedError(message, {example})


def describe(history_row) -> str:
    """'partnership "TP26-00001: …" changed on 1 September 2026'."""
    thing = history_row.instance_type._meta.verbose_name
    action = {"+": "created", "~": "changed", "-": "deleted"}[history_row.history_type]
    day = timezone.localtime(history_row.history_date)
    return f"{thing} \u201c{history_row.instance}\u201d {action} on {day.day} {day:%B %Y}"
