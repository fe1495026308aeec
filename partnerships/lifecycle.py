"""The partnership lifecycle in one table: states, transitions, who may make each, labels.

Everything else is derived from `TRANSITIONS`:

* the services guard their source states with `guard(partnership, "approve")` and move to
  `target(partnership, "approve")`;
* the permission predicates in partnerships.permissions are `may(user, partnership, name)`
  (the actor's check plus the source state);
* the task list's action buttons are the transitions with a page (`url_name`) the person may
  make now (`actions_for`).

A new state or transition is one line here (plus its service and page); tests/partnerships/
test_lifecycle_table.py walks the table and fails when a transition lacks a service, a
permission or a button label.

    draft → in review → changes requested ↔ in review → agreed → active → concluded
    in review → draft (recalled); withdrawn (before agreed); ended early (after agreed)
    agreed/active → variation proposed → variation in review → agreed/active (approved),
                                          variation in review → variation proposed (declined)
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .models import Partnership

Status = Partnership.Status

# A variation ends where the partnership was when it was proposed: agreed, or active.
RESUME = "resume"

ILLEGAL_TRANSITION = "You cannot {action} a partnership that is {status}."


class TransitionNotAllowed(ValidationError):
    """A lifecycle change from a state that does not allow it. Nothing was changed."""


@dataclass(frozen=True)
class Transition:
    name: str
    action: str  # "You cannot {action} a partnership that is …"
    targets: dict  # source status → target status (or RESUME); None keeps the status (issuing)
    actor: str  # a key of ACTORS in partnerships.permissions: who may make it
    label: str  # the button (and confirmation) label
    service: str  # "module:function" of the service that makes it
    permission: str  # the predicate in partnerships.permissions
    url_name: str = ""  # the page that makes it; "" for the daily job
    button_class: str = ""
    reason_required: bool = False
    notifies: tuple = field(default=())  # who is emailed: "school", "trust"

    @property
    def sources(self) -> tuple:
        return tuple(self.targets)


_BEFORE_AGREED = (Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit_for_review",
            action="send for review",
            targets={
                Status.DRAFT: Status.IN_REVIEW,
                Status.CHANGES_REQUESTED: Status.IN_REVIEW,
                Status.VARIATION_PROPOSED: Status.VARIATION_IN_REVIEW,
            },
            actor="trust_staff",
            label="Send to governors for review",
            service="partnerships.services:partnership_submit_for_review",
            permission="can_submit_for_review",
            url_name="partnerships:partnership-submit",
            notifies=("school",),
        ),
        Transition(
            "recall",
            action="recall from review",
            targets={Status.IN_REVIEW: Status.DRAFT, Status.VARIATION_IN_REVIEW: Status.VARIATION_PROPOSED},
            actor="trust_staff",
            label="Recall from review",
            service="partnerships.services:partnership_recall",
            permission="can_recall",
            url_name="partnerships:partnership-recall",
            button_class="govuk-button--secondary",
            reason_required=True,
            notifies=("school",),
        ),
        Transition(
            "approve",
            action="approve",
            targets={Status.IN_REVIEW: Status.AGREED, Status.VARIATION_IN_REVIEW: RESUME},
            actor="approver",
            label="Approve the agreement",
            service="partnerships.services:partnership_approve",
            permission="can_approve",
            url_name="partnerships:approve",
            notifies=("trust",),
        ),
        Transition(
            "request_changes",
            action="request changes to",
            targets={Status.IN_REVIEW: Status.CHANGES_REQUESTED, Status.VARIATION_IN_REVIEW: Status.VARIATION_PROPOSED},
            actor="approver",
            label="Ask for changes",
            service="partnerships.services:partnership_request_changes",
            permission="can_review",
            url_name="partnerships:request-changes",
            button_class="govuk-button--secondary",
            reason_required=True,
            notifies=("trust",),
        ),
        Transition(
            "propose_variation",
            action="propose a variation to",
            targets={Status.AGREED: Status.VARIATION_PROPOSED, Status.ACTIVE: Status.VARIATION_PROPOSED},
            actor="trust_staff",
            label="Propose a variation",
            service="partnerships.services:partnership_propose_variation",
            permission="can_propose_variation",
            url_name="partnerships:variation-propose",
            button_class="govuk-button--secondary",
            reason_required=True,
            notifies=("school",),
        ),
        Transition(
            "extend",
            action="extend",
            targets={
                Status.AGREED: Status.VARIATION_PROPOSED,
                Status.ACTIVE: Status.VARIATION_PROPOSED,
                Status.VARIATION_PROPOSED: Status.VARIATION_PROPOSED,
            },
            actor="trust_staff",
            label="Extend the partnership",
            service="partnerships.services:partnership_extend",
            permission="can_extend",
            url_name="partnerships:partnership-extend",
            button_class="govuk-button--secondary",
            reason_required=True,
            notifies=("school",),
        ),
        Transition(
            "withdraw_variation",
            action="withdraw a variation of",
            targets={Status.VARIATION_PROPOSED: RESUME},
            actor="trust_staff",
            label="Withdraw the variation",
            service="partnerships.services:partnership_withdraw_variation",
            permission="can_withdraw_variation",
            url_name="partnerships:variation-withdraw",
            button_class="govuk-button--warning",
            reason_required=True,
            notifies=("school",),
        ),
        Transition(
            "issue",
            action="issue the agreement of",
            targets={Status.AGREED: None, Status.ACTIVE: None},
            actor="trust_signatory",
            label="Issue the agreement",
            service="agreements.services:agreement_issue",
            permission="can_issue_agreement",
            url_name="agreements:agreement-issue",
            notifies=("school", "trust"),
        ),
        Transition(
            "activate",
            action="activate",
            targets={Status.AGREED: Status.ACTIVE},
            actor="scheduler",
            label="Activate (start date reached)",
            service="partnerships.services:partnership_activate",
            permission="can_advance_by_date",
        ),
        Transition(
            "conclude",
            action="conclude",
            targets={Status.ACTIVE: Status.CONCLUDED},
            actor="scheduler",
            label="Conclude (end date passed)",
            service="partnerships.services:partnership_conclude",
            permission="can_advance_by_date",
        ),
        Transition(
            "end_early",
            action="end early",
            targets={Status.AGREED: Status.ENDED_EARLY, Status.ACTIVE: Status.ENDED_EARLY},
            actor="trust_staff",
            label="End the partnership early",
            service="partnerships.services:partnership_end_early",
            permission="can_end_early",
            url_name="partnerships:partnership-end-early",
            button_class="govuk-button--warning",
            reason_required=True,
            notifies=("school",),
        ),
        Transition(
            "withdraw",
            action="withdraw",
            targets=dict.fromkeys(_BEFORE_AGREED, Status.WITHDRAWN),
            actor="trust_staff",
            label="Withdraw the partnership",
            service="partnerships.services:partnership_withdraw",
            permission="can_withdraw",
            url_name="partnerships:partnership-withdraw",
            button_class="govuk-button--warning",
            reason_required=True,
            notifies=("school",),
        ),
    )
}


def allows(partnership: Partnership, name: str) -> bool:
    """Whether the partnership's state allows the transition (who makes it is the permissions' job)."""
    return partnership.status in TRANSITIONS[name].targets


def guard(partnership: Partnership, name: str) -> Transition:
    """Refuse a transition the partnership's current state does not allow."""
    transition = TRANSITIONS[name]
    if partnership.status not in transition.targets:
        raise TransitionNotAllowed(
            ILLEGAL_TRANSITION.format(action=transition.action, status=partnership.get_status_display().lower())
        )
    return transition


def target(partnership: Partnership, name: str) -> str:
    """The status the transition leads to from the partnership's current status."""
    to = guard(partnership, name).targets[partnership.status]
    if to == RESUME:
        variation = partnership.variations.open().first()
        if variation is not None:
            return variation.resumes_as
        return Status.ACTIVE if partnership.activated_at else Status.AGREED
    return partnership.status if to is None else to


def states_allowing(name: str) -> tuple:
    return TRANSITIONS[name].sources


def actions_for(user, partnership: Partnership, *, actor: str | None = None) -> list[Transition]:
    """Transitions with a page that this person may make now, in table order."""
    from . import permissions

    return [
        transition
        for transition in TRANSITIONS.values()
        if transition.url_name
        and (actor is None or transition.actor == actor)
        and getattr(permissions, transition.permission)(user, partnership)
    ]
