"""What every partnership page shares: scoping, permission predicates, and turning service errors
into GOV.UK form errors.

The order is always the same: sign-in → the partnership from `visible_to(user)` (404 when out of
scope) → the permission predicate (403 when in scope but not allowed) → form → one service call →
redirect with a success message. A ValidationError from the service is added to the form and the
page re-renders with the error summary: bad input never becomes a server error.
"""

from collections.abc import Callable
from typing import Any

from crispy_forms.layout import Hidden
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnerships.forms import gds_helper
from partnerships.models import Partnership


def move_hidden_field_errors(form: forms.Form) -> None:
    """Errors the form itself found on a hidden field go to the top, where the error summary
    shows them (it lists visible fields only, so the page would say "There is a problem" and
    nothing else)."""
    hidden = [name for name in form.errors if name in form.fields and form.fields[name].widget.is_hidden]
    for name in hidden:
        form.add_error(None, form.errors.pop(name))


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors on the form: on the field when the form shows it, else at the top
    (a hidden field's error would not appear in the error summary)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error.messages)


class PartnershipMixin(LoginRequiredMixin):
    """Loads `self.partnership` from the partnerships the user can see, then checks `permission`.

    `permission` is a predicate from partnerships.permissions taking (user, partnership); None
    means "can see it" is enough.
    """

    permission: Callable[[Any, Partnership], bool] | None = None
    select_related = ("school", "trust")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.partnership = get_object_or_404(
            Partnership.objects.visible_to(request.user).select_related(*self.select_related), pk=kwargs["pk"]
        )
        if self.permission is not None and not self.permission(request.user, self.partnership):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("partnerships:partnership-detail", args=[self.partnership.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.partnership
        context["partnership"] = partnership
        context["caption"] = f"{partnership.reference} · {partnership.school.name}"
        context["school_lines"] = [partnership.school.name, f"URN {partnership.school.urn}", partnership.school.la_name]
        context["trust_lines"] = [partnership.trust.name, partnership.trust.group_id]
        return context


class PartnershipChildMixin(PartnershipMixin):
    """Also loads one row of the partnership (a clause, a cost line...) as `self.object`: 404 if
    it belongs to another partnership."""

    child_relation = ""  # e.g. "clauses"
    child_kwarg = "item_pk"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._child_pk = kwargs.get(self.child_kwarg)

    @property
    def object(self):
        if not hasattr(self, "_object"):
            related = getattr(self.partnership, self.child_relation)
            self._object = get_object_or_404(related.all(), pk=self._child_pk)
            self._object.partnership = self.partnership  # avoid reloading it for the service's checks
        return self._object


class ServiceFormView(FormView):
    """A form whose valid data goes to one service call (`perform`), then a redirect and a message.

    Edit forms name the record they change in `versioned` ("object" or "partnership"): the form
    then carries the record's version counter in a hidden field, and `self.expected_version`
    holds the version the person read, for the service to refuse a save over someone else's.
    """

    success_message = ""
    heading = ""
    versioned = ""
    expected_version: int | None = None
    form_class: type[forms.BaseForm] | None = None

    def detail_url(self) -> str:  # PartnershipMixin's, or the page's own
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.versioned:
            read_version = str(form.data.get("version", "") if form.is_bound else getattr(self, self.versioned).version)
            form.fields["version"] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
            # crispy renders a Hidden value as a template: only ever hand it digits.
            form.helper.layout.insert(0, Hidden("version", read_version if read_version.isdigit() else ""))
        return form

    def perform(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def form_valid(self, form):
        self.expected_version = form.cleaned_data.pop("version", None)
        try:
            result = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        message = self.get_success_message(result)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        move_hidden_field_errors(form)
        return super().form_invalid(form)

    def get_success_message(self, result) -> str:
        return self.success_message

    def get_success_url(self) -> str:
        return self.detail_url()

    def get_back_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("heading", self.heading)
        context.setdefault("back_url", self.get_back_url())
        return context


class ConfirmForm(forms.Form):
    """An empty form: the confirmation page's button is the whole question."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(submit=None, form_tag=False)


class ConfirmationView(ServiceFormView):
    """The shared confirmation page (templates/components/confirm.html) for a state change or a
    destructive action. Subclasses set the words and `perform`."""

    template_name = "components/confirm.html"
    form_class: type[forms.BaseForm] | None = ConfirmForm
    heading = ""
    explanation = ""
    warning = ""
    button_label = "Confirm"
    button_class = "govuk-button--warning"

    def get_cancel_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.get_heading(),
            explanation=self.get_explanation(),
            warning=self.warning,
            button_label=self.button_label,
            button_class=self.button_class,
            cancel_url=self.get_cancel_url(),
            back_url=self.get_cancel_url(),
        )
        form = context["form"]
        # A form with fields has the crispy error summary; an empty one lists its errors directly.
        context["summary_form"] = form if form.fields else None
        context.setdefault("errors", [] if form.fields else list(form.non_field_errors()))
        return context

    def get_heading(self) -> str:
        return self.heading

    def get_explanation(self):
        return self.explanation


class PartnershipPageView(PartnershipMixin, TemplateView):
    """A read-only page about one partnership."""
