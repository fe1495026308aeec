"""Sign-in throttling: django-axes' check in front of Django's model backend."""

from axes.backends import AxesStandaloneBackend


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
