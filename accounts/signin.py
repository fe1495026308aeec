"""Sign-in bookkeeping that should not read as a change to the person's record."""

import time

from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.utils import timezone


def record_last_login(sender, user, **kwargs) -> None:
    """Store last_login without a history row: signing in is not an edit of the account."""
    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)


# Session keys the per-request checks read (accounts/middleware.py), set at sign-in so that a
# request does not query for them.
LAST_SEEN = "last_seen"
TWO_FACTOR_ON = "two_factor_on"


def start_session(sender, request, user, **kwargs) -> None:
    """Note when the session started being used and whether the person has two-factor
    authentication (their second factor is asked for before anything else)."""
    from accounts.services import two_factor

    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_SEEN] = int(time.time())
    request.session[TWO_FACTOR_ON] = two_factor.is_enabled(user)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_last_login, dispatch_uid="accounts-record-last-login")
    user_logged_in.connect(start_session, dispatch_uid="accounts-start-session")
