from django.contrib import admin

from config.admin_mixins import ServiceAdmin

from .gias.admin_views import gias_import_urls
from .models import School, Trust


@admin.register(Trust)
class TrustAdmin(ServiceAdmin):
    list_display = ("name", "group_id", "group_uid", "companies_house_number", "trust_type", "status", "region")
    list_filter = ("trust_type", "status", "region")
    search_fields = ("name", "group_id", "group_uid", "companies_house_number", "ukprn")
    ordering = ("name",)


@admin.register(School)
class SchoolAdmin(ServiceAdmin):
    list_display = ("name", "urn", "la_name", "establishment_type", "phase", "status", "region", "trust")
    list_filter = ("status", "establishment_type_group", "phase", "region", "previous_ofsted_grade")
    search_fields = ("name", "urn", "ukprn", "laestab", "postcode", "trust__name", "trust__group_id")
    list_select_related = ("trust",)
    autocomplete_fields = ("trust",)
    ordering = ("name",)

    def get_urls(self):
        # The GIAS upload page (oversight admins): admin/schools/school/import-gias/
        return gias_import_urls(self) + super().get_urls()
