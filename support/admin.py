from django.contrib import admin

from config.admin_mixins import ServiceAdmin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ServiceAdmin):
    """Read only for everyone: feedback is what people sent, never edited."""

    list_display = ("submitted_at", "satisfaction", "page", "submitted_by")
    list_filter = ("satisfaction",)
    readonly_fields = ("satisfaction", "message", "page", "submitted_by", "submitted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
