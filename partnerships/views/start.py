"""Starting a partnership: find the school → key details → check answers → create.

The answers live in the session between the pages; nothing is written until the check-answers
page calls partnership_create.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import FormView, TemplateView

from partnerships import permissions, services
from partnerships.forms import KeyDetailsForm, SchoolSearchForm
from partnerships.models import Partnership
from partnerships.validation import parties_errors, start_date_errors
from schools.eligibility import eligibility
from schools.models import School

from .mixins import add_service_errors

SEARCH_PAGE_SIZE = 20
DATE_FIELDS = ("start_date", "end_date", "extendable_until")


class StaffOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_start_partnership(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StartView(StaffOnlyMixin, TemplateView):
    """Find the school by URN or name among the open schools (a GET form: no JavaScript needed)."""

    template_name = "partnerships/partnership_start.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SchoolSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        context.update(form=form, query=query)
        if query:
            results = School.objects.open().search(query).select_related("trust").order_by("name", "urn")
            page = Paginator(results, SEARCH_PAGE_SIZE).get_page(self.request.GET.get("page"))
            trust = self.request.user.trust
            for school in page:  # the rule partnership_create applies, with its message
                school.refusal = parties_errors(school, trust).get("school", "") if trust else ""
                school.note = "" if school.refusal else eligibility(school).reason
            context["page_obj"] = page
        return context


def _session_key(urn: str) -> str:
    return f"new_partnership_{urn}"


def _to_session(data: dict) -> dict:
    return {name: value.isoformat() if isinstance(value, datetime.date) else value for name, value in data.items()}


def _from_session(data: dict) -> dict:
    return {
        name: datetime.date.fromisoformat(value) if name in DATE_FIELDS and value else value
        for name, value in data.items()
    }


def contact_lines(partnership) -> dict[str, list[str]]:
    """Each contact's name, role and email address as lines for a summary list."""
    p = partnership
    return {
        "trust_lead": [p.trust_lead_name, p.trust_lead_role, p.trust_lead_email],
        "chair": [p.chair_of_governors_name, p.chair_of_governors_email],
        "headteacher": [p.headteacher_name, p.headteacher_email],
    }


class NewPartnershipMixin(StaffOnlyMixin):
    """The school being partnered (by URN, open schools only) and the answers given so far."""

    request: HttpRequest

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.school = get_object_or_404(School.objects.open().select_related("trust"), urn=kwargs["urn"])
        self.eligibility = eligibility(self.school)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_start_partnership(request.user):
            # The school-side rule partnership_create applies, with its message, before any form.
            refusal = parties_errors(self.school, request.user.trust).get("school")
            if refusal:
                context = {"school": self.school, "refusal": refusal, "caption": "Start a partnership"}
                return render(request, "partnerships/partnership_start_refused.html", context)
        return super().dispatch(request, *args, **kwargs)

    def saved_answers(self) -> dict | None:
        data = self.request.session.get(_session_key(self.school.urn))
        return _from_session(data) if data else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(school=self.school, eligibility=self.eligibility, caption="Start a partnership")
        return context


class StartDetailsView(NewPartnershipMixin, FormView):
    """The key details of the new partnership. The term and overlap rules are checked here, so
    they show as errors on the right fields before the check-answers page."""

    template_name = "partnerships/partnership_start_details.html"
    form_class = KeyDetailsForm

    def get_initial(self):
        saved = self.saved_answers()
        if saved:
            return saved
        user = self.request.user
        return {
            "trust_lead_name": user.get_full_name(),
            "trust_lead_role": user.job_title,
            "trust_lead_email": user.email,
            "payment_method": Partnership.PaymentMethod.BACS,
            "invoice_timing": Partnership.InvoiceTiming.ARREARS,
            "payment_due_days": 30,
        }

    def form_valid(self, form):
        draft = Partnership(school=self.school, trust=self.request.user.trust, **form.cleaned_data)
        try:
            # Reads only: the same rules partnership_create applies.
            if errors := start_date_errors(draft.start_date):
                raise ValidationError(errors)
            draft.full_clean(exclude=["reference"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        self.request.session[_session_key(self.school.urn)] = _to_session(form.cleaned_data)
        return redirect("partnerships:partnership-start-check", urn=self.school.urn)


class StartCheckView(NewPartnershipMixin, TemplateView):
    """Check your answers, then create the partnership with partnership_create."""

    template_name = "partnerships/partnership_start_check.html"

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and permissions.can_start_partnership(request.user)
            and not self.saved_answers()
        ):
            return redirect("partnerships:partnership-start-details", urn=self.school.urn)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = self.saved_answers()
        draft = Partnership(school=self.school, trust=self.request.user.trust, **answers)
        context.update(answers=answers, draft=draft, trust=self.request.user.trust, contacts=contact_lines(draft))
        return context

    def post(self, request, *args, **kwargs):
        try:
            partnership = services.partnership_create(
                school=self.school, trust=request.user.trust, created_by=request.user, **self.saved_answers()
            )
        except ValidationError as error:
            context = self.get_context_data(errors=error.messages)
            return self.render_to_response(context)
        del request.session[_session_key(self.school.urn)]
        messages.success(request, f"Partnership {partnership.reference} set up with {self.school.name}")
        return redirect("partnerships:partnership-detail", pk=partnership.pk)
