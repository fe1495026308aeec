from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_lockout import unlock_sign_in
from .models import User


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
