from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
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


class SecondFactorAdmin(admin.ModelAdmin):
    """django-otp's devices: superusers can see them and delete one for a person who lost their
    phone and recovery codes (they set up again at their next sign-in). Nobody adds or edits
    one here: people set up their own app."""

    list_display = ("user", "name", "confirmed")
    search_fields = ("user__username", "user__email")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
    admin.site.register(device_model, SecondFactorAdmin)
