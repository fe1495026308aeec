"""Every write to people's accounts: invitations, the team (roles, deactivation) and sign-in lockouts."""

from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_link,
    invitation_revoke,
    invitation_token,
)
from .lockout import sign_in_is_locked, sign_in_unlock
from .team import user_change_role, user_deactivate, user_reactivate

__all__ = [
    "invitation_accept",
    "invitation_create",
    "invitation_from_token",
    "invitation_link",
    "invitation_revoke",
    "invitation_token",
    "sign_in_is_locked",
    "sign_in_unlock",
    "user_change_role",
    "user_deactivate",
    "user_reactivate",
]
