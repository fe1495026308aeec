"""Admin behaviour shared by every app: oversight admins read; only superusers change rows, and
not even they where a service owns the write.

The admin is not a second write path. On models whose writes belong to services
(`services_own_writes`), change pages are read-only for everyone, nothing is added or deleted,
and simple-history's revert form (`…/history/<id>/`) refuses a POST from anyone; transitions and
issuing are admin actions that call the services, after a confirmation page (`confirm_action`).
"""

from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin


def is_oversight(user) -> bool:
    return user.is_active and user.is_staff and getattr(user, "is_oversight", False)


class ServiceAdmin(SimpleHistoryAdmin):
    """Read-only for oversight admins; superusers change rows only where no service owns them."""

    services_own_writes = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_oversight(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser and not self.services_own_writes

    def has_change_permission(self, request, obj=None):
        # With no object this is the list page, where a superuser runs the actions (services).
        return request.user.is_superuser and (obj is None or not self.services_own_writes)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not self.services_own_writes

    def revert_disabled(self, request, obj=None):
        return not self._may_revert(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves this form on POST after checking only *view* permission.
        if request.method == "POST" and not self._may_revert(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _may_revert(self, request) -> bool:
        return request.user.is_superuser and not self.services_own_writes

    def save_model(self, request, obj, form, change):
        obj._change_reason = "Changed in the admin"
        super().save_model(request, obj, form, change)


class ServiceOwnedAdmin(ServiceAdmin):
    """A model whose every write is a service: the admin only reads it and runs actions."""

    services_own_writes = True


def confirm_action(modeladmin, request, queryset, *, title: str, explanation: str, button: str):
    """The confirmation page an admin action shows before it changes anything, or None once the
    person has confirmed (the page posts the same action and selection back with `confirmed`)."""
    if request.POST.get("confirmed") == "yes":
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "explanation": explanation,
        "button": button,
        "objects": list(queryset),
        "action": request.POST.get("action", ""),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)
