"""Pages about people's accounts: sign-in help, the team, invitations, passwords, two-factor."""

from .lockout import SignInView, locked_out

__all__ = ["SignInView", "locked_out"]
