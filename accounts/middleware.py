"""Per-request sign-in rules: idle sessions end, and two-factor authentication is asked for.

Both sit after django-otp's OTPMiddleware (which tells whether this session has passed a
second factor) and the messages middleware.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accounts.services import two_factor
from accounts.signin import LAST_SEEN, TWO_FACTOR_ON

# The session's last use is written at most this often (seconds): not a write per request.
LAST_SEEN_RESOLUTION = 300
# Pages a signed-in person may open before their second factor: to give it, or to leave.
BEFORE_SECOND_FACTOR = {"logout", "accounts:two-factor-verify", "accounts:two-factor-setup", "healthz"}


def _route_name(request) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _to(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class IdleTimeoutMiddleware:
    """Sign out a session idle for longer than SESSION_IDLE_TIMEOUT seconds (oversight users and
    superusers: SESSION_IDLE_TIMEOUT_PRIVILEGED)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            privileged = user.is_superuser or user.is_oversight
            limit = settings.SESSION_IDLE_TIMEOUT_PRIVILEGED if privileged else settings.SESSION_IDLE_TIMEOUT
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > limit:
                logout(request)
                minutes = limit // 60
                messages.info(request, f"You were signed out after {minutes} minutes without activity. Sign in again.")
                return _to("login", request)
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A signed-in person with an authenticator app gives a code before anything else; one whose
    role requires two-factor authentication and has no app yet sets one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            name = _route_name(request)
            if name not in BEFORE_SECOND_FACTOR and not request.path_info.startswith(settings.STATIC_URL):
                enabled = request.session.get(TWO_FACTOR_ON)
                if enabled is None:  # a session from before this check: look once, then remember
                    enabled = request.session[TWO_FACTOR_ON] = two_factor.is_enabled(user)
                if enabled:
                    return _to("accounts:two-factor-verify", request)
                if user.two_factor_required:
                    return _to("accounts:two-factor-setup", request)
        return self.get_response(request)
