"""Oversight pages, under /oversight/: read only, for oversight users."""

from django.urls import path

from .views import oversight

app_name = "oversight"

urlpatterns = [
    path("", oversight.dashboard, name="dashboard"),
    path("partnerships/", oversight.partnership_list, name="partnership-list"),
    path("partnerships/export.csv", oversight.partnership_export, name="partnership-export"),
    path("partnerships/<int:pk>/", oversight.partnership_detail, name="partnership-detail"),
]
