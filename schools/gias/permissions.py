"""Who may import GIAS downloads: data managers, not oversight by default.

A data manager is an active staff user with the `schools.import_gias` permission, usually through
the "GIAS data managers" group (schools migration 0005); superusers may too. A wrong full file
can close every school it leaves out, so the upload is a named responsibility, not a side effect
of being able to read the admin.
"""

DATA_MANAGERS = "GIAS data managers"
PERMISSION = "schools.import_gias"


def can_import_gias(user) -> bool:
    """Superusers, and active staff users with the import_gias permission."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm(PERMISSION))


def data_managers_group():
    """The "GIAS data managers" group with its permission (migration 0005 creates it; this puts it
    back after a database flush, for the demo data and tests)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=DATA_MANAGERS)
    group.permissions.add(Permission.objects.get(content_type__app_label="schools", codename="import_gias"))
    return group
