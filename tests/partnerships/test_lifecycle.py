import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.services import agreement_issue
from partnerships import services
from partnerships.models import Partnership, ReviewDecision
from partnerships.selectors import MISSING_ACTIVITY, MISSING_CLAUSE, MISSING_COST, MISSING_OBJECTIVE
from tests.agreements.builders import CHAIR_MEETING, record_approval
from tests.delivery.factories import EndReviewFactory
from tests.partnerships.factories import PartnershipFactory, ready_for_review

S = Partnership.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(school, trust):
    return ready_for_review(school=school, trust=trust)


def test_full_lifecycle_records_who_did_each_step_and_why(draft, trust_staff, governor):
    services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)
    services.partnership_request_changes(
        partnership=draft, requested_by=governor, reason="Add a termly report to governors."
    )
    services.partnership_submit_for_review(partnership=draft, submitted_by=trust_staff)
    services.partnership_approve(partnership=draft, approved_by=governor, **CHAIR_MEETING)
    agreement_issue(partnership=draft, issued_by=trust_staff)
    services.partnership_activate(partnership=draft, activated_by=trust_staff, today=draft.start_date)
    EndReviewFactory(partnership=draft)
    services.partnership_conclude(partnership=draft, today=draft.end_date + datetime.timedelta(days=1))

    draft.refresh_from_db()
    assert draft.status == S.CONCLUDED
    steps = list(
        draft.history.order_by("history_date").values_list("status", "history_user__username", "history_change_reason")
    )
    assert steps == [
        ("draft", None, None),
        ("in_review", "staff", "Sent to governors for review"),
        ("changes_requested", "governor", "Changes requested: Add a termly report to governors."),
        ("in_review", "staff", "Sent to governors again after changes"),
        ("agreed", "governor", "Approved by the governing body"),
        ("active", "staff", "Start date reached"),
        ("concluded", None, "End date passed"),
    ]
    decisions = list(draft.review_decisions.values_list("decision", "decided_by_name"))
    assert decisions == [("changes_requested", "Daniel Okafor"), ("approved", "Daniel Okafor")]


@pytest.mark.parametrize(
    ("status", "service", "kwargs", "message"),
    [
        (
            S.DRAFT,
            "partnership_approve",
            {"approved_by": "governor"},
            "You cannot approve a partnership that is draft.",
        ),
        (
            S.AGREED,
            "partnership_submit_for_review",
            {"submitted_by": "trust_staff"},
            "You cannot send for review a partnership that is agreed.",
        ),
        (
            S.CONCLUDED,
            "partnership_withdraw",
            {"withdrawn_by": "trust_staff", "reason": "x"},
            "You cannot withdraw a partnership that is concluded.",
        ),
        (
            S.DRAFT,
            "partnership_end_early",
            {"ended_by": "trust_staff", "reason": "x", "ended_on": datetime.date(2026, 10, 1)},
            "You cannot end early a partnership that is draft.",
        ),
        (S.IN_REVIEW, "partnership_activate", {}, "You cannot activate a partnership that is in review."),
        (
            S.WITHDRAWN,
            "partnership_request_changes",
            {"requested_by": "governor", "reason": "x"},
            "You cannot request changes to a partnership that is withdrawn.",
        ),
    ],
)
def test_illegal_transition_is_refused_and_changes_nothing(request, school, trust, status, service, kwargs, message):
    partnership = ready_for_review(school=school, trust=trust, status=status)
    kwargs = {
        key: request.getfixturevalue(value) if value in ("governor", "trust_staff") else value
        for key, value in kwargs.items()
    }
    history_before = partnership.history.count()

    with pytest.raises(services.TransitionNotAllowed) as error:
        getattr(services, service)(partnership=partnership, **kwargs)

    assert error.value.messages == [message]
    partnership.refresh_from_db()
    assert partnership.status == status
    assert partnership.history.count() == history_before
    assert not ReviewDecision.objects.exists()


def test_submit_lists_every_missing_piece(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust)
    with pytest.raises(ValidationError) as error:
        services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    assert error.value.params["missing"] == [MISSING_CLAUSE, MISSING_COST, MISSING_OBJECTIVE, MISSING_ACTIVITY]
    assert Partnership.objects.get().status == S.DRAFT


def test_no_charge_replaces_the_cost_line_requirement(school, trust, trust_staff):
    partnership = ready_for_review(school=school, trust=trust, no_charge=True)
    partnership.cost_lines.all().delete()
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    assert Partnership.objects.get().status == S.IN_REVIEW


def test_request_changes_needs_a_reason(school, trust, governor):
    partnership = ready_for_review(school=school, trust=trust, status=S.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.partnership_request_changes(partnership=partnership, requested_by=governor, reason="   ")
    assert error.value.message_dict == {"reason": ["Enter a reason."]}
    assert Partnership.objects.get().status == S.IN_REVIEW


def test_activation_waits_for_the_start_date(school, trust):
    partnership = ready_for_review(school=school, trust=trust, status=S.AGREED)
    with pytest.raises(services.TransitionNotAllowed, match="before its start date, 1 September 2026"):
        services.partnership_activate(partnership=partnership, today=datetime.date(2026, 8, 31))


def test_advance_by_date_activates_and_concludes(school, trust, trust_staff, governor):
    agreed = ready_for_review(status=S.AGREED, trust=trust, school=school)
    record_approval(agreed, governor)
    agreement_issue(partnership=agreed, issued_by=trust_staff)
    unissued = PartnershipFactory(status=S.AGREED, trust=trust)
    finished = PartnershipFactory(
        status=S.ACTIVE, trust=trust, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 12, 31)
    )
    EndReviewFactory(partnership=finished)
    unreviewed = PartnershipFactory(
        status=S.ACTIVE, start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2025, 8, 31)
    )
    result = services.partnerships_advance_by_date(today=datetime.date(2026, 9, 1))
    assert result == {"activated": 1, "concluded": 1, "started_without_issued_agreement": 1}
    agreed.refresh_from_db(), finished.refresh_from_db(), unissued.refresh_from_db(), unreviewed.refresh_from_db()
    assert (agreed.status, finished.status, unissued.status, unreviewed.status) == (
        S.ACTIVE,
        S.CONCLUDED,
        S.AGREED,
        S.ACTIVE,
    )


def test_a_partnership_without_an_issued_agreement_never_becomes_active(school, trust):
    partnership = ready_for_review(school=school, trust=trust, status=S.AGREED)
    with pytest.raises(services.TransitionNotAllowed, match="no agreement has been issued"):
        services.partnership_activate(partnership=partnership, today=datetime.date(2026, 9, 2))
    assert Partnership.objects.get().status == S.AGREED


def test_a_partnership_cannot_conclude_without_its_end_of_partnership_review(school, trust):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.ACTIVE)
    with pytest.raises(services.TransitionNotAllowed, match="Record the end-of-partnership review"):
        services.partnership_conclude(partnership=partnership, today=partnership.end_date + datetime.timedelta(days=1))
    partnership.refresh_from_db()
    assert partnership.status == S.ACTIVE


def test_end_early_records_reason_and_actual_end(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.ACTIVE)
    services.partnership_end_early(
        partnership=partnership,
        ended_by=trust_staff,
        reason="School joined another trust",
        ended_on=datetime.date(2027, 3, 31),
        today=datetime.date(2027, 4, 1),
    )
    partnership.refresh_from_db()
    assert partnership.status == S.ENDED_EARLY
    assert partnership.ended_on == datetime.date(2027, 3, 31)
    assert partnership.history.latest().history_change_reason == "Ended early: School joined another trust"


def test_extension_within_18_months_is_proposed_as_a_variation(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.ACTIVE)
    services.partnership_extend(
        partnership=partnership,
        new_end_date=datetime.date(2028, 2, 29),
        reason="Ofsted visit moved",
        extended_by=trust_staff,
    )
    partnership.refresh_from_db()
    assert (partnership.end_date, partnership.status) == (datetime.date(2028, 2, 29), S.VARIATION_PROPOSED)
    assert (
        "Extension proposed from 31 August 2027 to 29 February 2028 (18 months)"
        in partnership.history.latest().history_change_reason
    )
    variation = partnership.variations.get()
    assert (variation.reason, variation.before_terms["dates"]["end_date"]) == ("Ofsted visit moved", "2027-08-31")


def test_extension_beyond_18_months_is_refused(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.ACTIVE)
    with pytest.raises(ValidationError) as error:
        services.partnership_extend(
            partnership=partnership, new_end_date=datetime.date(2028, 3, 1), reason="More time", extended_by=trust_staff
        )
    assert error.value.message_dict["end_date"] == [
        "A trust partnership must last between 12 and 18 months; this one lasts 18 months and 1 day."
    ]
    assert Partnership.objects.get().end_date == datetime.date(2027, 8, 31)


def test_extension_must_move_the_end_later(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=S.AGREED)
    with pytest.raises(ValidationError, match="later than the current end date, 31 August 2027"):
        services.partnership_extend(
            partnership=partnership, new_end_date=datetime.date(2027, 8, 1), reason="x", extended_by=trust_staff
        )
