"""Admin behaviour shared by every app: oversight admins read; only superusers edit rows directly."""

from simple_history.admin import SimpleHistoryAdmin


def is_oversight(user) -> bool:
    return user.is_active and user.is_staff and getattr(user, "is_oversight", False)


class ServiceAdmin(SimpleHistoryAdmin):
    """Read-only for oversight admins; changes go through admin actions that call services."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_oversight(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        obj._change_reason = "Changed in the admin"
        super().save_model(request, obj, form, change)
