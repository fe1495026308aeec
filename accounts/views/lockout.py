"""The sign-in page, and the page a locked-out user sees (django-axes calls `locked_out` through
AXES_LOCKOUT_CALLABLE)."""

import datetime

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.views import LoginView
from django.shortcuts import render


def wait_phrase(wait: datetime.timedelta) -> str:
    """'30 minutes', '1 hour', '1 hour 30 minutes' — never '0:30:00'."""
    minutes = max(1, round(wait.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def locked_out(request, original_response=None, credentials=None):
    """Explain the lock in plain words, with HTTP 429 (Too Many Requests)."""
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "wait": wait_phrase(cool_off) if cool_off else "",
        "contact": settings.SIGN_IN_HELP_CONTACT,
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class SignInView(LoginView):
    """Django's sign-in page, offering single sign-on when it is set up, and saying why a single
    sign-on attempt was refused."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from accounts.sso import sso_enabled

        return super().get_context_data(
            sso_enabled=sso_enabled(),
            sso_provider_name=settings.SSO_PROVIDER_NAME,
            sso_refused=self.request.GET.get("sso") == "refused",
            **kwargs,
        )
