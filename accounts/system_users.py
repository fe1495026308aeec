"""Accounts that stand for the service itself in history: scheduled changes, imports.

History must always name who made a change. When no person did (a partnership becomes active on
its start date, a reminder goes out), the change is attributed to one of these accounts. They
cannot sign in: no usable password and switched off.
"""

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from .models import User

SCHEDULER_USERNAME = "scheduled-changes"


def system_actor(username: str, *, first_name: str, last_name: str) -> User:
    """The named system account, created on first use (its own creation is attributed to itself)."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create(
                username=username,
                first_name=first_name,
                last_name=last_name,
                role="",
                is_active=False,
                password=make_password(None),
            )
            user.history.filter(history_type="+").update(
                history_user=user, history_change_reason="System account created"
            )
    except IntegrityError:  # another process created it first
        user = User.objects.get(username=username)
    return user


def scheduler() -> User:
    """Actor for date-driven changes run by `send_reminders` (activate, conclude, reminders)."""
    return system_actor(SCHEDULER_USERNAME, first_name="Scheduled", last_name="changes")
