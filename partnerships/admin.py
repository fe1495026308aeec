"""Admin for partnerships. Status is never edited directly: transitions are actions that call services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from agreements.admin_actions import generate_draft_agreement, issue_agreement
from config.admin_mixins import ServiceAdmin

from . import lifecycle, permissions, services
from .models import (
    AcademisationConsideration,
    Activity,
    Clause,
    CostLine,
    LibraryClause,
    Objective,
    Partnership,
    ReviewDecision,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ClauseInline(ReadOnlyInline):
    model = Clause
    fields = ("section", "position", "heading")


class CostLineInline(ReadOnlyInline):
    model = CostLine
    fields = ("description", "amount", "frequency", "vat_treatment")


class ObjectiveInline(ReadOnlyInline):
    model = Objective
    fields = ("description", "measure_of_success", "target_date")


class ActivityInline(ReadOnlyInline):
    model = Activity
    fields = ("category", "title", "starts_on", "ends_on", "status")


class ReviewDecisionInline(ReadOnlyInline):
    model = ReviewDecision
    fields = ("decision", "decided_by_name", "decided_by_role", "decided_at", "reason")


NOT_ALLOWED = "{reference}: only a superuser can make date-driven changes in the admin; oversight reads only."


def _run_transition(modeladmin, request, queryset, service, label: str, **kwargs):
    done = 0
    for partnership in queryset:
        if not permissions.can_advance_by_date(request.user, partnership) and partnership.status in (
            *lifecycle.states_allowing("activate"),
            *lifecycle.states_allowing("conclude"),
        ):
            modeladmin.message_user(request, NOT_ALLOWED.format(reference=partnership.reference), messages.ERROR)
            continue
        try:
            service(partnership=partnership, **kwargs)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{partnership.reference}: {' '.join(error.messages)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{label}: {done} partnership{'s' if done != 1 else ''}.", messages.SUCCESS)


@admin.action(description="Activate (start date reached)")
def activate(modeladmin, request, queryset):
    _run_transition(
        modeladmin, request, queryset, services.partnership_activate, "Activated", activated_by=request.user
    )


@admin.action(description="Conclude (end date passed)")
def conclude(modeladmin, request, queryset):
    _run_transition(
        modeladmin, request, queryset, services.partnership_conclude, "Concluded", concluded_by=request.user
    )


@admin.register(Partnership)
class PartnershipAdmin(ServiceAdmin):
    list_display = ("reference", "school", "trust", "start_date", "end_date", "status")
    list_filter = ("status", "school__region", "school__la_name", "trust")
    search_fields = (
        "reference",
        "school__name",
        "school__urn",
        "trust__name",
        "trust__group_id",
        "trust__companies_house_number",
    )
    list_select_related = ("school", "trust")
    date_hierarchy = "start_date"
    readonly_fields = (
        "reference",
        "status",
        "submitted_at",
        "agreed_at",
        "activated_at",
        "closed_at",
        "ended_on",
        "closure_reason",
        "reminder_sent_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    autocomplete_fields = ("school", "trust")
    inlines = (ClauseInline, CostLineInline, ObjectiveInline, ActivityInline, ReviewDecisionInline)
    actions = [activate, conclude, generate_draft_agreement, issue_agreement]

    def has_change_permission(self, request, obj=None):
        # Actions need change permission; oversight admins may run the date-driven transitions.
        return request.user.is_superuser or (obj is None and self.has_view_permission(request))


@admin.register(LibraryClause)
class LibraryClauseAdmin(ServiceAdmin):
    list_display = ("heading", "trust", "section", "is_archived")
    list_filter = ("section", "is_archived")
    search_fields = ("heading", "body", "trust__name", "trust__group_id")
    list_select_related = ("trust",)


@admin.register(Clause)
class ClauseAdmin(ServiceAdmin):
    list_display = ("heading", "partnership", "section", "position")
    list_filter = ("section",)
    search_fields = ("heading", "body", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(CostLine)
class CostLineAdmin(ServiceAdmin):
    list_display = ("description", "partnership", "amount", "frequency", "vat_treatment")
    list_filter = ("frequency", "vat_treatment")
    search_fields = ("description", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(Objective)
class ObjectiveAdmin(ServiceAdmin):
    list_display = ("description", "partnership", "target_date")
    search_fields = ("description", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    list_display = ("title", "partnership", "category", "starts_on", "ends_on", "status")
    list_filter = ("category", "status")
    search_fields = ("title", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ServiceAdmin):
    list_display = ("partnership", "decision", "decided_by_name", "decided_at")
    list_filter = ("decision",)
    search_fields = ("partnership__reference", "decided_by_name")
    list_select_related = ("partnership",)


@admin.register(AcademisationConsideration)
class AcademisationConsiderationAdmin(ServiceAdmin):
    list_display = ("partnership", "outcome", "consultation_started_on", "decided_on")
    list_filter = ("outcome",)
    search_fields = ("partnership__reference", "partnership__school__name")
    list_select_related = ("partnership",)
