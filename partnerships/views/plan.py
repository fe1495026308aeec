"""Schedule 2 of one partnership: objectives and the activity plan (and, once agreed, progress)."""

from django import forms
from django.urls import reverse

from partnerships import permissions, selectors, services
from partnerships.forms import ActivityForm, ActivityProgressForm, ObjectiveForm

from .mixins import ConfirmationView, PartnershipChildMixin, PartnershipMixin, PartnershipPageView, ServiceFormView


class PlanFormMixin:
    """Shared by the add/change pages: where to go back to, and the page heading."""

    list_url_name = ""
    heading = ""

    def list_url(self):
        return reverse(self.list_url_name, args=[self.partnership.pk])

    def get_success_url(self):
        return self.list_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading, "back_url": self.list_url()}


# --- Objectives ---------------------------------------------------------------------------------


class ObjectiveListView(PartnershipPageView):
    template_name = "partnerships/objective_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            objectives=self.partnership.objectives.all(),
            can_edit=permissions.can_edit_terms(self.request.user, self.partnership),
        )
        return context


class ObjectiveCreateView(PlanFormMixin, PartnershipMixin, ServiceFormView):
    template_name = "partnerships/objective_form.html"
    form_class = ObjectiveForm
    permission = staticmethod(permissions.can_edit_terms)
    list_url_name = "partnerships:objective-list"
    heading = "Add an objective"
    success_message = "Objective added"

    def perform(self, form):
        return services.objective_create(
            partnership=self.partnership, created_by=self.request.user, **form.cleaned_data
        )


class ObjectiveUpdateView(PartnershipChildMixin, ObjectiveCreateView):
    versioned = "object"
    child_relation = "objectives"
    heading = "Change an objective"
    success_message = "Objective saved"

    def get_initial(self):
        objective = self.object
        return {
            "description": objective.description,
            "measure_of_success": objective.measure_of_success,
            "target_date": objective.target_date,
        }

    def perform(self, form):
        return services.objective_update(
            objective=self.object,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )


class ObjectiveDeleteView(PartnershipChildMixin, PartnershipMixin, ConfirmationView):
    child_relation = "objectives"
    permission = staticmethod(permissions.can_edit_terms)
    button_label = "Remove objective"
    success_message = "Objective removed"

    def get_heading(self):
        return "Are you sure you want to remove this objective?"

    def get_explanation(self):
        return self.object.description

    def get_cancel_url(self):
        return reverse("partnerships:objective-list", args=[self.partnership.pk])

    get_success_url = get_cancel_url

    def perform(self, form):
        services.objective_delete(objective=self.object, deleted_by=self.request.user)


# --- Activities ---------------------------------------------------------------------------------


class ActivityListView(PartnershipPageView):
    template_name = "partnerships/activity_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activities = list(self.partnership.activities.all())
        user = self.request.user
        context.update(
            activities=activities,
            warnings=selectors.plan_warnings(self.partnership, activities),
            can_edit=permissions.can_edit_terms(user, self.partnership),
            can_record_progress=permissions.can_record_progress(user, self.partnership),
        )
        return context


class ActivityCreateView(PlanFormMixin, PartnershipMixin, ServiceFormView):
    template_name = "partnerships/activity_form.html"
    form_class: type[forms.BaseForm] | None = ActivityForm
    permission = staticmethod(permissions.can_edit_terms)
    list_url_name = "partnerships:activity-list"
    heading = "Add an activity"

    def perform(self, form):
        return services.activity_create(partnership=self.partnership, created_by=self.request.user, **form.cleaned_data)

    def get_success_message(self, activity):
        return f"Activity added: {activity.title}"


class ActivityUpdateView(PartnershipChildMixin, ActivityCreateView):
    versioned = "object"
    child_relation = "activities"
    heading = "Change an activity"

    def get_initial(self):
        return {name: getattr(self.object, name) for name in ActivityForm.base_fields}

    def perform(self, form):
        return services.activity_update(
            activity=self.object,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, activity):
        return f"Activity saved: {activity.title}"


class ActivityProgressView(PartnershipChildMixin, ActivityCreateView):
    """Once the partnership is agreed: how each activity is going and what difference it made."""

    versioned = "object"

    child_relation = "activities"
    template_name = "partnerships/activity_progress.html"
    form_class = ActivityProgressForm
    permission = staticmethod(permissions.can_record_progress)
    heading = "Record progress"

    def get_initial(self):
        return {"status": self.object.status, "impact_notes": self.object.impact_notes}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "activity": self.object}

    def perform(self, form):
        return services.activity_record_progress(
            activity=self.object,
            recorded_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, activity):
        return f"Progress recorded: {activity.title}"


class ActivityDeleteView(PartnershipChildMixin, PartnershipMixin, ConfirmationView):
    child_relation = "activities"
    permission = staticmethod(permissions.can_edit_terms)
    button_label = "Remove activity"

    def get_heading(self):
        return f"Are you sure you want to remove the activity ‘{self.object.title}’?"

    def get_cancel_url(self):
        return reverse("partnerships:activity-list", args=[self.partnership.pk])

    get_success_url = get_cancel_url

    def perform(self, form):
        title = self.object.title
        services.activity_delete(activity=self.object, deleted_by=self.request.user)
        return title

    def get_success_message(self, title):
        return f"Activity removed: {title}"
