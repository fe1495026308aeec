"""Pages about people's accounts: sign-in help, the team, invitations, passwords, two-factor."""

from .lockout import locked_out

__all__ = ["locked_out"]
