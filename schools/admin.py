from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from config.admin_mixins import ServiceAdmin

from .gias.admin_views import gias_import_urls
from .gias.permissions import can_import_gias
from .models import EstablishmentLink, GiasImport, School, Trust


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
        # The GIAS upload pages (data managers): admin/schools/school/import-gias/…
        return gias_import_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_gias": can_import_gias(request.user)}
        return super().changelist_view(request, extra_context)


class ReadOnlyAdmin(ServiceAdmin):
    """Rows the importer writes: nobody edits them in the admin, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EstablishmentLink)
class EstablishmentLinkAdmin(ReadOnlyAdmin):
    list_display = ("urn", "link_type", "linked_urn", "linked_name", "established_on")
    list_filter = ("link_type",)
    search_fields = ("urn", "linked_urn", "linked_name")


@admin.register(GiasImport)
class GiasImportAdmin(ReadOnlyAdmin):
    list_display = ("pk", "files", "requested_by", "created_at", "status", "progress_page")
    list_filter = ("status",)

    @admin.display(description="files")
    def files(self, obj):
        return ", ".join(obj.file_names.values())

    @admin.display(description="details")
    def progress_page(self, obj):
        return format_html('<a href="{}">Open</a>', reverse("admin:schools_school_import_gias_status", args=[obj.pk]))
