"""Offers in the admin: read only for everyone (writes go through offers.services and its pages)."""

from django.contrib import admin

from config.admin_mixins import ServiceAdmin

from .models import Enquiry, EnquiryReply, Offer, Recommendation, SuggestedTrust


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


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    list_display = ("school", "offer", "status", "created_at", "closed_at", "personal_data_removed_at")
    list_filter = ("status",)
    exclude = ("sender_key",)


@admin.register(EnquiryReply)
class EnquiryReplyAdmin(ReadOnlyAdmin):
    list_display = ("enquiry", "sent_by", "sent_at")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("school", "interested", "recorded_by", "created_at")


@admin.register(SuggestedTrust)
class SuggestedTrustAdmin(ReadOnlyAdmin):
    list_display = ("recommendation", "trust", "score")
