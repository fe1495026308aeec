"""Sign-in: django-axes' throttle in front of a model backend that takes an email address (or,
for the demo accounts, a username)."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuse a locked-out username before its password is checked.

    Every sign-in page passes the request, so every sign-in page is throttled. A call without a
    request (the test client's `login()`, a shell) cannot be attributed to a client and is left
    to the next backend instead of failing, which is what django-axes' own backend would do.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def account_for(credential: str) -> User | None:
    """The one active account an email address belongs to, else the account with that username."""
    credential = (credential or "").strip()
    if "@" in credential:
        matches = list(User.objects.with_email(credential).filter(is_active=True)[:2])
        if len(matches) == 1:
            return matches[0]
    return User.objects.filter(username=credential).first()


def lockout_username(request, credentials) -> str:
    """What django-axes counts failures against (AXES_USERNAME_CALLABLE): the account's username,
    so typing the email address and then the username does not get twice the attempts."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    account = account_for(typed)
    return account.get_username() if account else typed


class EmailOrUsernameBackend(ModelBackend):
    """Django's model backend, finding the account by email address first."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:  # another kind of sign-in (single sign-on)
            return None
        account = account_for(username)
        if account is None:
            User().set_password(password)  # as long as a real check, so timing does not tell
            return None
        return super().authenticate(request, username=account.get_username(), password=password, **kwargs)
