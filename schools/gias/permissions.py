"""Who may import GIAS downloads."""


def can_import_gias(user) -> bool:
    """Superusers and oversight admins (active staff with the oversight role)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and getattr(user, "is_oversight", False))
