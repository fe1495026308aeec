"""Admin ways to unlock a locked-out sign-in.

1. "Sign-in lockouts" (django-axes' access attempts, re-registered here): superusers see who is
   locked and use the action "Unlock sign-in for the selected usernames".
2. `unlock_sign_in`, an action for the people admin. Wire it in accounts/admin.py with
   `from .admin_lockout import unlock_sign_in` and `actions = [unlock_sign_in]` on UserAdmin.

This module is imported by AccountsConfig.ready(), after the admin has discovered axes' own admin.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages

from .services import sign_in_unlock


def _report(modeladmin, request, usernames: list[str]) -> None:
    if usernames:
        names = ", ".join(sorted(usernames))
        modeladmin.message_user(request, f"Sign-in unlocked for {names}. They can sign in again now.", messages.SUCCESS)
    else:
        modeladmin.message_user(request, "None of the selected people was locked out.", messages.INFO)


@admin.action(description="Unlock sign-in for the selected people", permissions=["change"])
def unlock_sign_in(modeladmin, request, queryset):
    """Action for the people (User) admin."""
    unlocked = [user.username for user in queryset if sign_in_unlock(username=user.username, by=request.user)]
    _report(modeladmin, request, unlocked)


class SignInLockoutAdmin(AccessAttemptAdmin):
    actions = ["unlock_selected", *AccessAttemptAdmin.actions]

    @admin.action(description="Unlock sign-in for the selected usernames", permissions=["delete"])
    def unlock_selected(self, request, queryset):
        usernames = sorted({attempt.username for attempt in queryset if attempt.username})
        unlocked = [username for username in usernames if sign_in_unlock(username=username, by=request.user)]
        _report(self, request, unlocked)


def register(site=admin.site) -> None:
    if site.is_registered(AccessAttempt):
        site.unregister(AccessAttempt)
    site.register(AccessAttempt, SignInLockoutAdmin)
