"""Sign-in bookkeeping that should not read as a change to the person's record."""

from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.utils import timezone


def record_last_login(sender, user, **kwargs) -> None:
    """Store last_login without a history row: signing in is not an edit of the account."""
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_last_login, dispatch_uid="accounts-record-last-login")
