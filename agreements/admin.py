"""Agreement versions in the admin: read-only records. New versions come from the services (the
pages, the Partnership admin's actions in agreements.admin_actions, or `manage.py generate_agreement`).
No version is changed or deleted here."""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation

from config.admin_mixins import ServiceOwnedAdmin, is_oversight

from .models import AgreementSignature, AgreementVersion


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "partnership",
        "number",
        "status",
        "generated_at",
        "issued_at",
        "page_count",
        "short_sha256",
    )
    list_filter = ("status",)
    search_fields = ("partnership__reference", "partnership__school__name", "partnership__trust__name", "sha256")
    list_select_related = ("partnership__school", "partnership__trust")
    date_hierarchy = "generated_at"
    fields = (
        "partnership",
        "number",
        "status",
        "stored_file",
        "sha256",
        "page_count",
        "render_error",
        "generated_by",
        "generated_at",
        "rendered_at",
        "issued_by",
        "issued_at",
        "superseded_at",
        "terms_sha256",
        "snapshot",
    )
    readonly_fields = fields

    @admin.display(description="SHA-256")
    def short_sha256(self, version):
        return f"{version.sha256[:12]}…" if version.sha256 else "—"

    @admin.display(description="PDF")
    def stored_file(self, version):
        # No download link: the checked download is on the partnership's agreement page.
        return version.pdf.name if version.is_rendered else "Not rendered"

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Bulk delete would reach issued versions; deleting is one draft at a time, if at all.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_oversight(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Versions are the services' record (the one in review is what the governors approve):
        # not even a draft is deleted here.
        return False


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(ServiceOwnedAdmin):
    """Signatures are written by the approve and issue services and never change."""

    list_display = ("version", "party", "signer_name", "authority", "signed_at")
    list_filter = ("party",)
    search_fields = ("version__partnership__reference", "signer_name")
    list_select_related = ("version__partnership",)
    readonly_fields = tuple(field.name for field in AgreementSignature._meta.fields)
