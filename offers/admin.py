"""Offers in the admin: read only for everyone (writes go through offers.services and its pages)."""

from django.contrib import admin

from config.admin_mixins import ServiceAdmin

from .models import Offer


class ReadOnlyAdmin(ServiceAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ("trust", "status", "capacity", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("trust__name", "trust__group_id")
