"""The trust staff's pages for one partnership: its task list, key details, the state changes
(each through the shared confirmation page), comments and the change history."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from agreements.selectors import TERMS_SOURCES
from agreements.variations import variation_summary
from config.integers import parse_int, query_int
from partnerships import lifecycle, permissions, selectors, services
from partnerships.dates import format_date
from partnerships.forms import CommentForm, EndEarlyForm, ExtendForm, KeyDetailsForm, ReasonForm
from partnerships.models import Variation
from partnerships.oversight.rendered import cached, data_version
from partnerships.services.review import CLAUSE_NOT_IN_PARTNERSHIP

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


# What the task list works out from the stored terms reads these models: it is worked out once per
# change of any of them (see oversight/rendered.py; tests/agreements/test_cached_terms.py).
TASK_LIST_SOURCES = (*TERMS_SOURCES, Variation)


def task_list_version(partnership) -> str:
    """The data version the task list's derived parts are cached under (one query; the
    partnership's own agreement versions only), with today's date."""
    from django.utils import timezone

    version = data_version(TASK_LIST_SOURCES, partnership_id=partnership.pk)
    return f"{version}:{timezone.localdate().isoformat()}"


def can_issue_now(user, partnership, version: str | None = None) -> bool:
    """Issuing would work now: the governors have approved and no issued version records the current terms.

    Whether the terms differ from the issued version's means building the whole snapshot, so the
    answer is kept until any model the terms are built from changes (TASK_LIST_SOURCES).
    """
    from agreements.services import issue_refusal

    if not permissions.can_issue_agreement(user, partnership):
        return False
    refusal = cached(
        "issue-refusal",
        version or task_list_version(partnership),
        lambda: issue_refusal(partnership) or "",
        vary=str(partnership.pk),
    )
    return not refusal


def task_list_parts(partnership, version: str) -> dict:
    """The tasks, the activity plan's warnings, the variation summary and the governors' latest
    decision: the same for everyone who reads the task list, worked out once per data version."""
    return cached(
        "task-list",
        version,
        lambda: {
            "tasks": selectors.task_list(partnership),
            "warnings": selectors.plan_warnings(partnership),
            "variation": variation_summary(partnership),
            "latest_decision": partnership.review_decisions.order_by("-decided_at").first(),
        },
        vary=str(partnership.pk),
    )


def partnership_actions(user, partnership, version: str | None = None) -> list[dict]:
    """The state changes this person may make now, as buttons on the task list: the transitions
    of partnerships.lifecycle.TRANSITIONS with a page, in table order (issuing first, when it
    would work now)."""
    actions: list = []
    for transition in lifecycle.actions_for(user, partnership, actor=None):
        if transition.actor not in ("trust_staff", "trust_signatory"):
            continue
        if transition.name == "issue" and not can_issue_now(user, partnership, version):
            continue
        action = {
            "label": transition.label,
            "url": reverse(transition.url_name, args=[partnership.pk]),
            "class": transition.button_class,
        }
        if transition.name == "issue":
            actions.insert(0, action)
        else:
            actions.append(action)
    return actions


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
        version = task_list_version(partnership)
        parts = task_list_parts(partnership, version)
        tasks = [{"task": task, "url": _task_url(task, partnership, user)} for task in parts["tasks"]]
        context.update(
            tasks=tasks,
            completed=sum(task["task"].status == selectors.TASK_COMPLETED for task in tasks),
            actions=partnership_actions(user, partnership, version),
            warnings=parts["warnings"],
            comments=selectors.comment_threads(partnership).order_by("-created_at", "-id"),
            can_comment=permissions.can_comment(user, partnership),
            comment_form=CommentForm(),
            is_staff=permissions.is_trust_staff_of(user, partnership),
            latest_decision=parts["latest_decision"],
            variation=parts["variation"],
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


class ReasonConfirmationView(PartnershipMixin, ConfirmationView):
    """A state change that asks only for a reason: `service` is called with the partnership, the
    reason and the signed-in person as the service's `actor` keyword (withdrawn_by, recalled_by...)."""

    form_class = ReasonForm
    reason_label = "Reason"
    service: Callable[..., object]  # each subclass names its service and its actor keyword
    actor: str

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_label": self.reason_label}

    def perform(self, form):
        return self.service(
            partnership=self.partnership, reason=form.cleaned_data["reason"], **{self.actor: self.request.user}
        )


class WithdrawView(ReasonConfirmationView):
    permission = staticmethod(permissions.can_withdraw)
    heading = "Are you sure you want to withdraw this partnership?"
    warning = "You cannot undo this. To work with the school again you would need to start a new partnership."
    button_label = "Withdraw partnership"
    success_message = "Partnership withdrawn"
    reason_label = "Why is the partnership being withdrawn?"
    service = staticmethod(services.partnership_withdraw)
    actor = "withdrawn_by"


class RecallView(ReasonConfirmationView):
    permission = staticmethod(permissions.can_recall)
    heading = "Recall the partnership from the governors' review"
    button_label = lifecycle.TRANSITIONS["recall"].label
    button_class = "govuk-button--secondary"
    success_message = "Recalled from review. You can change the terms, then send it to the governors again."
    reason_label = "Why are you taking it back?"
    service = staticmethod(services.partnership_recall)
    actor = "recalled_by"

    def get_explanation(self):
        return [
            f"The governing body of {self.partnership.school.name} will no longer be asked to decide on it. "
            "You can change the terms, then send it again.",
            "We will email the governors to tell them, with your reason.",
        ]


class ProposeVariationView(ReasonConfirmationView):
    permission = staticmethod(permissions.can_propose_variation)
    heading = "Propose a variation of the agreed terms"
    button_label = lifecycle.TRANSITIONS["propose_variation"].label
    button_class = ""
    success_message = "Variation proposed. Change the terms, then send the variation to the governors."
    reason_label = "Why do the terms need to change?"
    service = staticmethod(services.partnership_propose_variation)
    actor = "proposed_by"

    def get_explanation(self):
        return [
            "You can then change the terms: key details, clauses, the service charge, objectives and activities. "
            "The agreement issued earlier stays in force until the governors approve the variation and you issue "
            "the next version.",
            "We will email the governors to tell them, with your reason.",
        ]


class WithdrawVariationView(ReasonConfirmationView):
    permission = staticmethod(permissions.can_withdraw_variation)
    heading = "Are you sure you want to withdraw the variation?"
    warning = "The terms go back to those of the agreement in force. Your changes are kept in the history only."
    button_label = lifecycle.TRANSITIONS["withdraw_variation"].label
    success_message = "Variation withdrawn. The terms are back to those of the agreement in force."
    reason_label = "Why is the variation being withdrawn?"
    service = staticmethod(services.partnership_withdraw_variation)
    actor = "withdrawn_by"


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
    button_label = "Propose the extension"
    button_class = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "latest_end": self.partnership.latest_allowed_end_date}

    def get_explanation(self):
        return [
            f"It now ends on {format_date(self.partnership.end_date)} ({self.partnership.term}).",
            "An extension changes agreed terms, so it is a variation: send it to the governors once it is ready. "
            "The agreement in force stays as it is until they approve and you issue the next version.",
        ]

    def perform(self, form):
        return services.partnership_extend(
            partnership=self.partnership,
            new_end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            extended_by=self.request.user,
        )

    def get_success_message(self, result):
        return (
            f"Extension to {format_date(result.end_date)} proposed. Send the variation to the governors "
            "for their approval."
        )


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
            value = query_int(self.request, name)  # "?clause=²" is a clear 400, never a 500
            if value is not None:
                initial[name] = value
        # A comment on a clause is filed under the clause's section, so the select says so.
        clause = self._own_clause(initial.get("clause"))
        if clause is not None:
            initial["section"] = clause.section
        return initial

    def _own_clause(self, clause_id):
        clause_id = parse_int(str(clause_id or ""))
        return self.partnership.clauses.filter(pk=clause_id).first() if clause_id is not None else None

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
