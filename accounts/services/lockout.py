"""Sign-in lockouts (django-axes): whether a username is locked, and lifting the lock."""

import logging

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.utils import timezone

security_log = logging.getLogger("trust_partnerships.security")


def sign_in_is_locked(username: str) -> bool:
    """True while `username` has reached the failure limit within the cool-off period."""
    return AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).exists()


def sign_in_unlock(*, username: str, by) -> int:
    """Forget the failed sign-in attempts for `username`, so they can sign in straight away.

    Returns how many attempt records were cleared (0 when the username was not locked or
    throttled). The unlock is logged with who did it, because it lifts a security control.
    """
    cleared = axes_reset(username=username)
    security_log.warning("Sign-in unlocked for %s by %s (%d attempt records cleared)", username, by, cleared)
    return cleared
