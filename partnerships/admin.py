"""Admin for partnerships. Status is never edited directly: transitions are actions that call services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from agreements.admin_actions import generate_draft_agreement, issue_agreement
from config.admin_mixins import ServiceOwnedAdmin, confirm_action

from . import lifecycle, permissions, services
from .models import (
    AcademisationConsideration,
    Activity,
    Clause,
    CostLine,
    GovernorAuthorisation,
    LibraryClause,
    Objective,
    Partnership,
    ReviewDecision,
    Variation,
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


NOT_ALLOWED = "you are not allowed to {action} it here."


def _run_transition(modeladmin, request, queryset, name: str, done_label: str, **kwargs):
    """Run one lifecycle transition (partnerships.lifecycle.TRANSITIONS) on the selected
    partnerships through its service, after a confirmation page; the service's rules apply."""
    transition = lifecycle.TRANSITIONS[name]
    confirm = confirm_action(
        modeladmin,
        request,
        queryset,
        title=f"{transition.label}: are you sure?",
        explanation=f"{transition.label} for these partnerships. Each goes through the same service and rules "
        "as on the site; any that cannot are listed with the reason.",
        button=transition.label,
    )
    if confirm is not None:
        return confirm
    service = getattr(services, transition.service.split(":")[1])
    done = 0
    for partnership in queryset:
        refusal = _refusal(request.user, partnership, name)
        if refusal:
            modeladmin.message_user(request, f"{partnership.reference}: {refusal}", messages.ERROR)
            continue
        try:
            service(partnership=partnership, **kwargs)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{partnership.reference}: {' '.join(error.messages)}", messages.ERROR)
    if done:
        modeladmin.message_user(
            request, f"{done_label}: {done} partnership{'s' if done != 1 else ''}.", messages.SUCCESS
        )
    return None


def _refusal(user, partnership, name: str) -> str:
    transition = lifecycle.TRANSITIONS[name]
    if not lifecycle.allows(partnership, name):
        return lifecycle.ILLEGAL_TRANSITION.format(
            action=transition.action, status=partnership.get_status_display().lower()
        )
    if not getattr(permissions, transition.permission)(user, partnership):
        return NOT_ALLOWED.format(action=transition.action)
    return ""


@admin.action(description="Activate (start date reached)", permissions=["change"])
def activate(modeladmin, request, queryset):
    return _run_transition(modeladmin, request, queryset, "activate", "Activated", activated_by=request.user)


@admin.action(description="Conclude (end date passed)", permissions=["change"])
def conclude(modeladmin, request, queryset):
    return _run_transition(modeladmin, request, queryset, "conclude", "Concluded", concluded_by=request.user)


@admin.register(Partnership)
class PartnershipAdmin(ServiceOwnedAdmin):
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


@admin.register(LibraryClause)
class LibraryClauseAdmin(ServiceOwnedAdmin):
    list_display = ("heading", "trust", "section", "is_archived")
    list_filter = ("section", "is_archived")
    search_fields = ("heading", "body", "trust__name", "trust__group_id")
    list_select_related = ("trust",)


@admin.register(Clause)
class ClauseAdmin(ServiceOwnedAdmin):
    list_display = ("heading", "partnership", "section", "position")
    list_filter = ("section",)
    search_fields = ("heading", "body", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(CostLine)
class CostLineAdmin(ServiceOwnedAdmin):
    list_display = ("description", "partnership", "amount", "frequency", "vat_treatment")
    list_filter = ("frequency", "vat_treatment")
    search_fields = ("description", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(Objective)
class ObjectiveAdmin(ServiceOwnedAdmin):
    list_display = ("description", "partnership", "target_date")
    search_fields = ("description", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(Activity)
class ActivityAdmin(ServiceOwnedAdmin):
    list_display = ("title", "partnership", "category", "starts_on", "ends_on", "status")
    list_filter = ("category", "status")
    search_fields = ("title", "partnership__reference")
    list_select_related = ("partnership",)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ServiceOwnedAdmin):
    list_display = ("partnership", "decision", "decided_by_name", "decided_at")
    list_filter = ("decision",)
    search_fields = ("partnership__reference", "decided_by_name")
    list_select_related = ("partnership",)


@admin.register(AcademisationConsideration)
class AcademisationConsiderationAdmin(ServiceOwnedAdmin):
    list_display = ("partnership", "outcome", "consultation_started_on", "decided_on")
    list_filter = ("outcome",)
    search_fields = ("partnership__reference", "partnership__school__name")
    list_select_related = ("partnership",)


@admin.register(Variation)
class VariationAdmin(ServiceOwnedAdmin):
    list_display = ("partnership", "proposed_at", "outcome", "proposed_by")
    list_filter = ("outcome",)
    search_fields = ("partnership__reference", "reason")
    list_select_related = ("partnership", "proposed_by")


@admin.register(GovernorAuthorisation)
class GovernorAuthorisationAdmin(ServiceOwnedAdmin):
    list_display = ("governor", "school", "meeting_date", "resolution", "revoked_at")
    search_fields = ("school__name", "school__urn", "governor__username", "resolution")
    list_select_related = ("governor", "school")
