"""URLs of the agreements app (namespace "agreements"), included at the site root."""

from django.urls import include, path

from . import views

app_name = "agreements"

agreement_patterns = [
    path("", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("versions/", views.VersionListView.as_view(), name="version-list"),
    path("versions/<int:number>/", views.VersionDetailView.as_view(), name="version-detail"),
    path("versions/<int:number>/pdf/", views.VersionDownloadView.as_view(), name="version-download"),
    path("generate-draft/", views.DraftGenerateView.as_view(), name="draft-generate"),
    path("issue/", views.IssueView.as_view(), name="agreement-issue"),
]

urlpatterns = [
    path("partnerships/<int:pk>/agreement/", include(agreement_patterns)),
    path("check-an-agreement/", views.VerifyView.as_view(), name="agreement-verify"),
]
