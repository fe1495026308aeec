from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_lockout import unlock_sign_in
from .models import Invitation, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "trust", "school", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "trust__name", "school__name", "school__urn")
    list_select_related = ("trust", "school")
    autocomplete_fields = ("trust", "school")
    fieldsets = DjangoUserAdmin.fieldsets + (("Role and scope", {"fields": ("role", "job_title", "trust", "school")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Role and scope", {"fields": ("role", "job_title", "trust", "school")}),
    )
    actions = [unlock_sign_in]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read only, for superusers: invitations are made, accepted and withdrawn through the service
    (the team pages and `manage.py invite`), so their rules and history hold."""

    list_display = ("email", "role", "trust", "school", "status", "invited_by", "created_at", "expires_at")
    list_filter = ("status", "role")
    search_fields = ("email", "first_name", "last_name", "trust__name", "school__name")
    list_select_related = ("trust", "school", "invited_by")
    readonly_fields = [field.name for field in Invitation._meta.fields if field.name != "nonce"]
    exclude = ("nonce",)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
