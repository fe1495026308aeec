"""The trust staff's pages for one partnership: its task list, key details, the state changes
(each through the shared confirmation page), comments and the change history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from partnerships import permissions, selectors, services
from partnerships.forms import CommentForm, EndEarlyForm, ExtendForm, KeyDetailsForm, ReasonForm
from partnerships.services.review import CLAUSE_NOT_IN_PARTNERSHIP
from partnerships.validation import format_date

from .mixins import ConfirmationView, PartnershipMixin, PartnershipPageView, ServiceFormView

# --- The task list ------------------------------------------------------------------------------


TASK_URLS = {
    "details": "partnerships:partnership-update",
    "terms": "partnerships:clause-list",
    "charge": "partnerships:cost-line-list",
    "objectives": "partnerships:objective-list",
    "activities": "partnerships:activity-list",
}


def _task_url(task, partnership, user) -> str | None:
    if task.key == "details":
        return (
            reverse(TASK_URLS["details"], args=[partnership.pk])
            if permissions.can_edit_terms(user, partnership)
            else None
        )
    if task.key in TASK_URLS:
        return reverse(TASK_URLS[task.key], args=[partnership.pk])
    if task.key == "agreement":
        # The versions page: issue, drafts, downloads and the web view are all there.
        return reverse("agreements:version-list", args=[partnership.pk])
    if (
        task.key == "review"
        and task.status == selectors.TASK_NOT_STARTED
        and permissions.can_submit_for_review(user, partnership)
    ):
        return reverse("partnerships:partnership-submit", args=[partnership.pk])
    return None


def can_issue_now(user, partnership) -> bool:
    """Issuing would work now: the governors have approved and no issued version records the current terms."""
    from agreements.services import issue_refusal

    return permissions.can_issue_agreement(user, partnership) and issue_refusal(partnership) is None


def partnership_actions(user, partnership) -> list[dict]:
    """The state changes this person may make now, as buttons on the task list."""
    candidates = [
        (can_issue_now, "agreements:agreement-issue", "Issue the agreement", ""),
        (permissions.can_submit_for_review, "partnerships:partnership-submit", "Send to governors for review", ""),
        (
            permissions.can_extend,
            "partnerships:partnership-extend",
            "Extend the partnership",
            "govuk-button--secondary",
        ),
        (
            permissions.can_end_early,
            "partnerships:partnership-end-early",
            "End the partnership early",
            "govuk-button--warning",
        ),
        (
            permissions.can_withdraw,
            "partnerships:partnership-withdraw",
            "Withdraw the partnership",
            "govuk-button--warning",
        ),
    ]
    return [
        {"label": label, "url": reverse(name, args=[partnership.pk]), "class": css}
        for allowed, name, label, css in candidates
        if allowed(user, partnership)
    ]


class PartnershipDetailView(PartnershipPageView):
    """The partnership's task list, summary, actions, warnings and comments."""

    template_name = "partnerships/partnership_detail.html"
    # Governors and oversight have their own page for a partnership; send them there.
    ROLE_PAGES = (
        ("is_governor", "partnerships:governor-partnership-detail"),
        ("is_oversight", "oversight:partnership-detail"),
    )

    def get(self, request, *args, **kwargs):
        for role, url_name in self.ROLE_PAGES:
            if getattr(request.user, role):
                return redirect(url_name, self.partnership.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, user = self.partnership, self.request.user
        tasks = [{"task": task, "url": _task_url(task, partnership, user)} for task in selectors.task_list(partnership)]
        context.update(
            tasks=tasks,
            completed=sum(task["task"].status == selectors.TASK_COMPLETED for task in tasks),
            actions=partnership_actions(user, partnership),
            warnings=selectors.plan_warnings(partnership),
            comments=selectors.comment_threads(partnership).order_by("-created_at", "-id"),
            can_comment=permissions.can_comment(user, partnership),
            comment_form=CommentForm(),
            is_staff=permissions.is_trust_staff_of(user, partnership),
            decisions=partnership.review_decisions.order_by("-decided_at"),
        )
        return context


class PartnershipHistoryView(PartnershipPageView):
    """Everything that changed, who changed it and when, newest first."""

    template_name = "partnerships/partnership_history.html"

    @staticmethod
    def permission(user, partnership):
        return permissions.is_trust_staff_of(user, partnership) or user.is_oversight

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.partnership_history(self.partnership)
        return context


# --- Key details --------------------------------------------------------------------------------


class KeyDetailsUpdateView(PartnershipMixin, ServiceFormView):
    versioned = "partnership"
    template_name = "partnerships/partnership_update.html"
    form_class = KeyDetailsForm
    permission = staticmethod(permissions.can_edit_terms)
    success_message = "Key details saved"
    heading = "Key details"

    def get_initial(self):
        return KeyDetailsForm.initial_for(self.partnership)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit": "Save key details"}

    def perform(self, form):
        return services.partnership_update_details(
            partnership=self.partnership,
            updated_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )


# --- State changes through the confirmation page ------------------------------------------------


class SubmitForReviewView(PartnershipMixin, ConfirmationView):
    permission = staticmethod(permissions.can_submit_for_review)
    heading = "Send the partnership to the governors for review"
    button_label = "Send for review"
    button_class = ""
    success_message = "Sent to the governors for review"

    def get_explanation(self):
        return [
            f"The governing body of {self.partnership.school.name} will be asked to approve the agreement "
            "or to request changes. You cannot change the terms while they review it.",
            "We will email the chair of governors to tell them it is ready.",
        ]

    def get_context_data(self, **kwargs):
        # Say what is missing straight away, rather than after the button is pressed.
        if "errors" not in kwargs:
            missing = selectors.missing_for_review(self.partnership)
            if missing:
                kwargs.update(self._missing_errors(ValidationError("", params={"missing": missing})))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            services.partnership_submit_for_review(partnership=self.partnership, submitted_by=self.request.user)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(form=form, **self._missing_errors(error)))
        messages.success(self.request, self.success_message)
        return redirect(self.detail_url())

    def _missing_errors(self, error: ValidationError) -> dict:
        missing = (getattr(error, "params", None) or {}).get("missing")
        if not missing:
            return {"errors": error.messages}
        pk = self.partnership.pk
        links = {
            selectors.MISSING_CLAUSE: reverse("partnerships:clause-list", args=[pk]),
            selectors.MISSING_COST: reverse("partnerships:cost-line-list", args=[pk]),
            selectors.MISSING_OBJECTIVE: reverse("partnerships:objective-list", args=[pk]),
            selectors.MISSING_ACTIVITY: reverse("partnerships:activity-list", args=[pk]),
        }
        return {
            "error_title": "The partnership is not ready to send to the governors",
            "errors": [{"message": text[0].upper() + text[1:], "href": links.get(text, "")} for text in missing],
            "can_confirm": False,
        }


class WithdrawView(PartnershipMixin, ConfirmationView):
    permission = staticmethod(permissions.can_withdraw)
    form_class = ReasonForm
    heading = "Are you sure you want to withdraw this partnership?"
    warning = "You cannot undo this. To work with the school again you would need to start a new partnership."
    button_label = "Withdraw partnership"
    success_message = "Partnership withdrawn"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_label": "Why is the partnership being withdrawn?"}

    def perform(self, form):
        return services.partnership_withdraw(
            partnership=self.partnership, withdrawn_by=self.request.user, reason=form.cleaned_data["reason"]
        )


class EndEarlyView(PartnershipMixin, ConfirmationView):
    permission = staticmethod(permissions.can_end_early)
    form_class = EndEarlyForm
    heading = "Are you sure you want to end this partnership early?"
    warning = "You cannot undo this. The partnership ends on the date you give and the governors are told why."
    button_label = "End partnership early"
    success_message = "Partnership ended early"

    def get_explanation(self):
        p = self.partnership
        return f"It was planned to run from {format_date(p.start_date)} to {format_date(p.end_date)}."

    def perform(self, form):
        return services.partnership_end_early(
            partnership=self.partnership,
            ended_by=self.request.user,
            reason=form.cleaned_data["reason"],
            ended_on=form.cleaned_data["ended_on"],
        )


class ExtendView(PartnershipMixin, ConfirmationView):
    permission = staticmethod(permissions.can_extend)
    form_class = ExtendForm
    heading = "Extend the partnership"
    button_label = "Extend partnership"
    button_class = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "latest_end": self.partnership.latest_allowed_end_date}

    def get_explanation(self):
        return f"It now ends on {format_date(self.partnership.end_date)} ({self.partnership.term})."

    def perform(self, form):
        return services.partnership_extend(
            partnership=self.partnership,
            new_end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            extended_by=self.request.user,
        )

    def get_success_message(self, result):
        return f"Partnership extended to {format_date(result.end_date)}"


# --- Comments -----------------------------------------------------------------------------------


class CommentCreateView(PartnershipMixin, ServiceFormView):
    """Staff reply to the governors' comments (on the whole agreement, a section or a clause)."""

    template_name = "partnerships/comment_create.html"
    form_class = CommentForm
    permission = staticmethod(permissions.can_comment)
    success_message = "Comment added"
    heading = "Add a comment"

    def get_initial(self):
        initial = {}
        for name in ("section", "clause"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        # A comment on a clause is filed under the clause's section, so the select says so.
        clause = self._own_clause(initial.get("clause"))
        if clause is not None:
            initial["section"] = clause.section
        return initial

    def _own_clause(self, clause_id):
        return self.partnership.clauses.filter(pk=clause_id).first() if str(clause_id or "").isdigit() else None

    def clause(self, clause_id):
        if not clause_id:
            return None
        clause = self._own_clause(clause_id)
        if clause is None:
            raise ValidationError({"clause": CLAUSE_NOT_IN_PARTNERSHIP})
        return clause

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["clause"] = self._own_clause(context["form"]["clause"].value())
        return context

    def perform(self, form):
        data = form.cleaned_data
        return services.comment_create(
            partnership=self.partnership,
            author=self.request.user,
            body=data["body"],
            section=data["section"],
            clause=self.clause(data["clause"]),
        )

    def get_success_url(self):
        return self.detail_url() + "#comments"
