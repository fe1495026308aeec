"""The school term dates a trust enters per academic year, for counting termly charges."""

from django.urls import reverse
from django.views.generic import TemplateView

from partnerships import services
from partnerships.forms import TermDatesForm
from partnerships.models import TermDates
from partnerships.school_terms import DEFAULT_PATTERN, academic_year_label

from .library import LibraryMixin
from .mixins import ConfirmationView, ServiceFormView


class TermDatesMixin(LibraryMixin):
    """Trust staff only (403 otherwise); their own trust's rows only (404 otherwise)."""

    def library(self):
        return TermDates.objects.filter(trust_id=self.request.user.trust_id)

    def list_url(self):
        return reverse("partnerships:term-dates-list")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "caption": "School term dates"}


class TermDatesListView(TermDatesMixin, TemplateView):
    template_name = "partnerships/termdates_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rows": list(self.library().order_by("-academic_year", "la_code")),
            "default_pattern": DEFAULT_PATTERN,
            "trust": self.request.user.trust,
        }


class TermDatesCreateView(TermDatesMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = TermDatesForm
    heading = "Enter term dates for an academic year"

    def perform(self, form):
        return services.term_dates_save(trust=self.request.user.trust, saved_by=self.request.user, **form.cleaned_data)

    def get_success_message(self, row):
        return f"Saved: {row}"


class TermDatesUpdateView(TermDatesCreateView):
    versioned = "object"

    def get_heading(self):
        return f"Change the {self.object}"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": f"Change the {str(self.object).lower()}"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fixed_year": True}

    def get_initial(self):
        return {name: getattr(self.object, name) for name in TermDatesForm.base_fields if name.endswith("_on")}

    def perform(self, form):
        return services.term_dates_save(
            trust=self.request.user.trust,
            saved_by=self.request.user,
            academic_year=self.object.academic_year,
            la_code=self.object.la_code,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )


class TermDatesDeleteView(TermDatesMixin, ConfirmationView):
    button_label = "Remove term dates"

    def get_heading(self):
        return f"Are you sure you want to remove the {str(self.object).lower()}?"

    def get_explanation(self):
        return (
            f"Termly charges in {academic_year_label(self.object.academic_year)} will be counted with the default "
            f"pattern again: {DEFAULT_PATTERN}. Agreements already issued keep the dates they were made with."
        )

    def get_cancel_url(self):
        return self.list_url()

    def perform(self, form):
        services.term_dates_delete(term_dates=self.object, deleted_by=self.request.user)
        return self.object

    def get_success_message(self, row):
        return f"Removed: {row}"
