"""URLs of the offers app (namespace "offers")."""

from django.urls import path

from . import views

app_name = "offers"

urlpatterns = [
    # Public: no sign-in
    path("find-a-trust-partnership-offer/", views.directory, name="directory"),
    path("find-a-trust-partnership-offer/<int:pk>/", views.offer_detail, name="offer-detail"),
    # The trust's own offer
    path("trust-offer/", views.TrustOfferView.as_view(), name="trust-offer"),
    path("trust-offer/edit/", views.OfferEditView.as_view(), name="trust-offer-edit"),
    path("trust-offer/publish/", views.OfferPublishView.as_view(), name="trust-offer-publish"),
    path("trust-offer/withdraw/", views.OfferWithdrawView.as_view(), name="trust-offer-withdraw"),
]
