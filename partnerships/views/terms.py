"""Terms and conditions (clauses) and the service charge (cost lines) of one partnership."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from partnerships import permissions, selectors, services
from partnerships.charges import money_of, partnership_charge_schedule
from partnerships.forms import ChargingForm, ClauseForm, CostLineForm
from partnerships.models import LibraryClause
from partnerships.numbering import number_clauses

from .mixins import ConfirmationView, PartnershipChildMixin, PartnershipMixin, PartnershipPageView, ServiceFormView


def numbered_sections(clauses, comments=()) -> list[dict]:
    """Clauses numbered as the agreement prints them (partnerships.numbering), with their comments."""
    by_clause: dict[int, list] = {}
    by_section: dict[int, list] = {}
    for comment in comments:
        if comment.clause_id:
            by_clause.setdefault(comment.clause_id, []).append(comment)
        else:
            by_section.setdefault(comment.section, []).append(comment)
    return [
        {
            "number": group.number,
            "section": group.section,
            "title": group.title,
            "comments": by_section.get(group.section, []),
            "clauses": [
                {
                    "clause": clause,
                    "number": number,
                    "comments": by_clause.get(clause.pk, []),
                    "first": index == 0,
                    "last": index == len(group.clauses) - 1,
                }
                for index, (number, clause) in enumerate(group.clauses)
            ],
        }
        for group in number_clauses(clauses)
    ]


# --- Clauses ------------------------------------------------------------------------------------


class ClauseListView(PartnershipPageView):
    template_name = "partnerships/clause_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, user = self.partnership, self.request.user
        clauses = partnership.clauses.order_by("section", "position", "id")
        comments = list(selectors.comment_threads(partnership))
        context.update(
            sections=numbered_sections(clauses, comments),
            general_comments=[comment for comment in comments if not comment.clause_id and comment.section is None],
            can_edit=permissions.can_edit_terms(user, partnership),
            can_comment=permissions.can_comment(user, partnership),
            has_library=LibraryClause.objects.filter(trust_id=partnership.trust_id, is_archived=False).exists(),
        )
        return context


class ClauseCreateView(PartnershipMixin, ServiceFormView):
    template_name = "partnerships/clause_form.html"
    form_class: type[forms.BaseForm] | None = ClauseForm
    permission = staticmethod(permissions.can_edit_terms)
    heading = "Add a clause"

    def perform(self, form):
        return services.clause_create(partnership=self.partnership, created_by=self.request.user, **form.cleaned_data)

    def get_success_message(self, clause):
        return f"Clause added: {clause.heading}"

    def get_success_url(self):
        return reverse("partnerships:clause-list", args=[self.partnership.pk])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": self.heading,
            "back_url": reverse("partnerships:clause-list", args=[self.partnership.pk]),
        }


class ClauseUpdateView(PartnershipChildMixin, ClauseCreateView):
    versioned = "object"
    child_relation = "clauses"
    heading = "Change a clause"

    def get_initial(self):
        return {"section": self.object.section, "heading": self.object.heading, "body": self.object.body}

    def perform(self, form):
        return services.clause_update(
            clause=self.object,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, clause):
        return f"Clause saved: {clause.heading}"


class ClauseDeleteView(PartnershipChildMixin, PartnershipMixin, ConfirmationView):
    child_relation = "clauses"
    permission = staticmethod(permissions.can_edit_terms)
    button_label = "Remove clause"

    def get_heading(self):
        return f"Are you sure you want to remove the clause ‘{self.object.heading}’?"

    def get_explanation(self):
        return self.object.body

    def get_cancel_url(self):
        return reverse("partnerships:clause-list", args=[self.partnership.pk])

    get_success_url = get_cancel_url

    def perform(self, form):
        heading = self.object.heading
        services.clause_delete(clause=self.object, deleted_by=self.request.user)
        return heading

    def get_success_message(self, heading):
        return f"Clause removed: {heading}"


class ClauseMoveView(PartnershipChildMixin, PartnershipMixin, View):
    """POST only: move a clause up or down within its section (a button, no JavaScript)."""

    child_relation = "clauses"
    permission = staticmethod(permissions.can_edit_terms)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            messages.error(request, "Choose whether to move the clause up or down")
        else:
            try:
                services.clause_move(clause=self.object, direction=direction, moved_by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Clause moved {direction}: {self.object.heading}")
        return redirect(reverse("partnerships:clause-list", args=[self.partnership.pk]) + f"#clause-{self.object.pk}")


# --- Service charge -----------------------------------------------------------------------------


def _cost_row(key: int, line, schedule) -> dict:
    charges = schedule.for_line(key)
    return {"line": line, "totals": money_of(charges), "times": len(charges)}


class CostLineListView(PartnershipPageView):
    template_name = "partnerships/cost_line_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.partnership
        lines = list(partnership.cost_lines.all())
        schedule = partnership_charge_schedule(partnership, lines)
        charging_form = ChargingForm(initial={"no_charge": str(partnership.no_charge)})
        charging_form.helper.form_action = reverse("partnerships:partnership-charging", args=[partnership.pk])
        context.update(
            rows=[_cost_row(key, line, schedule) for key, line in enumerate(lines)],
            totals=schedule.totals,
            schedule=schedule,
            year_tables=[
                ("By financial year", schedule.by_financial_year),
                ("By academic year", schedule.by_academic_year),
            ],
            term=partnership.term,
            can_edit=permissions.can_edit_terms(self.request.user, partnership),
            charging_form=charging_form,
        )
        return context


class ChargingUpdateView(PartnershipMixin, ServiceFormView):
    """The "no charge" choice: a partnership with no service charge needs no cost lines."""

    versioned = "partnership"

    template_name = "partnerships/partnership_charging.html"
    form_class = ChargingForm
    permission = staticmethod(permissions.can_edit_terms)
    heading = "Service charge"

    def get_initial(self):
        return {"no_charge": str(self.partnership.no_charge)}

    def perform(self, form):
        return services.partnership_update_details(
            partnership=self.partnership,
            updated_by=self.request.user,
            no_charge=form.cleaned_data["no_charge"],
            expected_version=self.expected_version,
        )

    def get_success_message(self, partnership):
        return (
            "Recorded that there is no service charge"
            if partnership.no_charge
            else "Recorded that the school pays a service charge"
        )

    def get_success_url(self):
        return reverse("partnerships:cost-line-list", args=[self.partnership.pk])


class CostLineCreateView(PartnershipMixin, ServiceFormView):
    template_name = "partnerships/cost_line_form.html"
    form_class = CostLineForm
    permission = staticmethod(permissions.can_edit_terms)
    heading = "Add a cost"

    def perform(self, form):
        return services.cost_line_create(
            partnership=self.partnership, created_by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, line):
        return f"Cost added: {line.description}"

    def get_success_url(self):
        return reverse("partnerships:cost-line-list", args=[self.partnership.pk])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading, "back_url": self.get_success_url()}


class CostLineUpdateView(PartnershipChildMixin, CostLineCreateView):
    versioned = "object"
    child_relation = "cost_lines"
    heading = "Change a cost"

    def get_initial(self):
        line = self.object
        return {
            "description": line.description,
            "amount": line.amount,
            "frequency": line.frequency,
            "vat_treatment": line.vat_treatment,
        }

    def perform(self, form):
        return services.cost_line_update(
            cost_line=self.object,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, line):
        return f"Cost saved: {line.description}"


class CostLineDeleteView(PartnershipChildMixin, PartnershipMixin, ConfirmationView):
    child_relation = "cost_lines"
    permission = staticmethod(permissions.can_edit_terms)
    button_label = "Remove cost"

    def get_heading(self):
        return f"Are you sure you want to remove the cost ‘{self.object.description}’?"

    def get_cancel_url(self):
        return reverse("partnerships:cost-line-list", args=[self.partnership.pk])

    get_success_url = get_cancel_url

    def perform(self, form):
        description = self.object.description
        services.cost_line_delete(cost_line=self.object, deleted_by=self.request.user)
        return description

    def get_success_message(self, description):
        return f"Cost removed: {description}"
