"""URLs of the offers app (namespace "offers")."""

from django.urls import path

from .views import enquiries, offers, recommendations

app_name = "offers"

urlpatterns = [
    # Public: no sign-in
    path("find-a-trust-partnership-offer/", offers.directory, name="directory"),
    path("find-a-trust-partnership-offer/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("find-a-trust-partnership-offer/<int:pk>/enquire/", enquiries.EnquireView.as_view(), name="enquire"),
    path("find-a-trust-partnership-offer/<int:pk>/enquire/sent/", enquiries.enquiry_sent, name="enquiry-sent"),
    # The trust's own offer
    path("trust-offer/", offers.TrustOfferView.as_view(), name="trust-offer"),
    path("trust-offer/edit/", offers.OfferEditView.as_view(), name="trust-offer-edit"),
    path("trust-offer/publish/", offers.OfferPublishView.as_view(), name="trust-offer-publish"),
    path("trust-offer/withdraw/", offers.OfferWithdrawView.as_view(), name="trust-offer-withdraw"),
    # The trust's enquiries
    path("enquiries/", enquiries.InboxView.as_view(), name="enquiry-list"),
    path("enquiries/<int:pk>/", enquiries.EnquiryDetailView.as_view(), name="enquiry-detail"),
    path("enquiries/<int:pk>/reply/", enquiries.ReplyView.as_view(), name="enquiry-reply"),
    path("enquiries/<int:pk>/contacted/", enquiries.MarkContactedView.as_view(), name="enquiry-contacted"),
    path("enquiries/<int:pk>/decline/", enquiries.DeclineView.as_view(), name="enquiry-decline"),
    path("enquiries/<int:pk>/start-partnership/", enquiries.ConvertView.as_view(), name="enquiry-convert"),
    # System leaders' recommendations (oversight reads them)
    path("recommendations/", recommendations.RecommendationListView.as_view(), name="recommendation-list"),
    path("recommendations/new/", recommendations.RecommendationCreateView.as_view(), name="recommendation-create"),
    path("recommendations/<int:pk>/", recommendations.RecommendationDetailView.as_view(), name="recommendation-detail"),
]
