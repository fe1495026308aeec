"""Agreed means agreed: approvals are of a version and its terms, issuing needs exactly those
terms, variations need the governors, and only authorised people of the right school or trust
approve and sign, whoever calls the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from agreements import services
from agreements.models import AgreementSignature
from partnerships import services as partnership_services
from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory, TrustStaffFactory, UserFactory
from tests.agreements.builders import CHAIR_MEETING
from tests.partnerships.factories import ClauseFactory, ready_for_review

S = Partnership.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(school, trust, trust_staff):
    partnership = ready_for_review(school=school, trust=trust)
    partnership_services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    partnership.refresh_from_db()
    return partnership


@pytest.mark.parametrize(
    ("meeting", "errors"),
    [
        (
            {},
            {
                "meeting_date": ["Enter the date of the governing body meeting"],
                "meeting_resolution": ["Enter the resolution or minute reference"],
            },
        ),
        (
            {"meeting_date": datetime.date(2026, 3, 3), "meeting_resolution": "  "},
            {"meeting_resolution": ["Enter the resolution or minute reference"]},
        ),
        ({"meeting_resolution": "Minute 4"}, {"meeting_date": ["Enter the date of the governing body meeting"]}),
        (
            {"meeting_date": datetime.date.today() + datetime.timedelta(days=1), "meeting_resolution": "Minute 4"},
            {"meeting_date": ["The date of the governing body meeting must be today or in the past."]},
        ),
    ],
    ids=["neither", "no resolution", "no date", "tomorrow"],
)
def test_chair_cannot_approve_without_naming_a_past_meeting(in_review, governor, meeting, errors):
    """The chair has no authorisation record: the meeting that resolved to enter the agreement is
    what the execution page prints, so every path (page, shell, command) must give it."""
    with pytest.raises(ValidationError) as raised:
        partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **meeting)

    assert raised.value.message_dict == errors
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    assert not in_review.review_decisions.exists()
    assert not AgreementSignature.objects.exists()


def test_chairs_approval_records_the_meeting_with_history(in_review, governor):
    partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)

    decision = in_review.review_decisions.get()
    assert (decision.meeting_date, decision.meeting_resolution) == tuple(CHAIR_MEETING.values())
    assert decision.history.get().history_user == governor


@pytest.fixture
def issued(in_review, governor, trust_staff):
    partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    return services.agreement_issue(partnership=in_review, issued_by=trust_staff)


def test_an_approval_records_the_version_and_the_fingerprint_of_its_terms(in_review, governor):
    version = in_review.agreement_versions.get()
    partnership_services.partnership_approve(
        partnership=in_review, approved_by=governor, agreement_version=version, **CHAIR_MEETING
    )

    decision = in_review.review_decisions.get()
    assert (decision.agreement_version, decision.terms_sha256) == (version, version.agreed_fingerprint)
    assert decision.authority == "Chair of governors"
    signature = AgreementSignature.objects.get(party="school")
    assert (signature.version, signature.signed_by, signature.terms_sha256) == (
        version,
        governor,
        version.agreed_fingerprint,
    )


def test_approving_version_n_then_issuing_different_terms_is_refused(in_review, governor, trust_staff):
    partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    # A change that skips the services (the old admin revert form did this):
    in_review.clauses.update(body="The school pays double.")

    with pytest.raises(ValidationError) as error:
        services.agreement_issue(partnership=in_review, issued_by=trust_staff)

    assert "The terms stored now differ from version 1, which Daniel Okafor approved on" in error.value.messages[0]
    assert not in_review.agreement_versions.issued_ever().exists()


def test_an_extension_after_approval_cannot_be_issued_until_the_governors_approve_the_variation(
    issued, governor, trust_staff
):
    partnership = issued.partnership
    partnership_services.partnership_extend(
        partnership=partnership, new_end_date=datetime.date(2027, 12, 31), reason="Longer", extended_by=trust_staff
    )
    with pytest.raises(ValidationError, match="A variation is open"):
        services.agreement_issue(partnership=partnership, issued_by=trust_staff)

    partnership_services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    partnership_services.partnership_request_changes(partnership=partnership, requested_by=governor, reason="No")
    partnership.refresh_from_db()
    assert partnership.status == S.VARIATION_PROPOSED  # declined: back to the trust
    with pytest.raises(ValidationError, match="A variation is open"):
        services.agreement_issue(partnership=partnership, issued_by=trust_staff)

    partnership_services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    partnership_services.partnership_approve(partnership=partnership, approved_by=governor, **CHAIR_MEETING)
    second = services.agreement_issue(partnership=partnership, issued_by=trust_staff)

    partnership.refresh_from_db()
    assert partnership.status == S.AGREED
    assert second.snapshot["terms"]["dates"]["end_date"] == "2027-12-31"
    latest_approval = second.snapshot["terms"]["approvals"][-1]
    assert (latest_approval["version"], latest_approval["is_variation"]) == (4, True)
    assert latest_approval["terms_sha256"] == second.agreed_fingerprint
    assert partnership.variations.get().outcome == "approved"


def test_an_active_partnership_returns_to_active_after_its_variation(issued, governor, trust_staff):
    partnership = issued.partnership
    partnership_services.partnership_activate(partnership=partnership, today=partnership.start_date)
    partnership_services.partnership_propose_variation(partnership=partnership, proposed_by=trust_staff, reason="More")
    ClauseFactory(partnership=partnership, heading="Extra support")
    partnership_services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    partnership_services.partnership_approve(partnership=partnership, approved_by=governor, **CHAIR_MEETING)
    partnership.refresh_from_db()
    assert partnership.status == S.ACTIVE


def test_withdrawing_a_variation_puts_the_terms_back(issued, trust_staff):
    partnership = issued.partnership
    partnership_services.partnership_extend(
        partnership=partnership, new_end_date=datetime.date(2027, 12, 31), reason="Longer", extended_by=trust_staff
    )
    clause = partnership.clauses.first()
    partnership_services.clause_update(clause=clause, updated_by=trust_staff, body="Changed in the variation")
    ClauseFactory(partnership=partnership, heading="Added in the variation")
    partnership_services.partnership_withdraw_variation(
        partnership=partnership, withdrawn_by=trust_staff, reason="Not needed"
    )

    partnership.refresh_from_db()
    assert (partnership.status, partnership.end_date) == (S.AGREED, datetime.date(2027, 8, 31))
    assert services.issue_refusal(partnership).startswith("Version 2 of this agreement was issued")  # terms as issued


def test_a_governor_of_another_school_cannot_approve_even_through_the_service(in_review):
    elsewhere = GovernorFactory(username="other-chair")
    with pytest.raises(ValidationError, match="Only the governors of St Hilda's"):
        partnership_services.partnership_approve(partnership=in_review, approved_by=elsewhere)
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW and not in_review.review_decisions.exists()


@pytest.mark.parametrize("role", [User.Role.CLERK, User.Role.HEADTEACHER, User.Role.GOVERNOR])
def test_the_clerk_the_headteacher_and_an_unauthorised_governor_cannot_approve(in_review, school, role):
    person = GovernorFactory(username=f"{role}-person", role=role, school=school)
    with pytest.raises(ValidationError, match="Only the chair of governors, or a governor the governing body"):
        partnership_services.partnership_approve(partnership=in_review, approved_by=person)
    with pytest.raises(ValidationError, match="Only the chair of governors"):
        partnership_services.partnership_request_changes(partnership=in_review, requested_by=person, reason="x")
    assert not in_review.review_decisions.exists()


def test_a_governor_the_governing_body_authorised_approves_until_it_is_revoked(in_review, school, governor):
    member = GovernorFactory(username="member", role=User.Role.GOVERNOR, school=school)
    authorisation = partnership_services.governor_authorisation_record(
        school=school,
        governor=member,
        meeting_date=datetime.date(2026, 11, 18),
        resolution="Minute 7",
        recorded_by=governor,
    )
    partnership_services.governor_authorisation_revoke(authorisation=authorisation, revoked_by=governor)
    with pytest.raises(ValidationError):
        partnership_services.partnership_approve(partnership=in_review, approved_by=member)

    partnership_services.governor_authorisation_record(
        school=school,
        governor=member,
        meeting_date=datetime.date(2026, 11, 25),
        resolution="Minute 3",
        recorded_by=governor,
    )
    partnership_services.partnership_approve(partnership=in_review, approved_by=member)
    decision = in_review.review_decisions.get()
    assert decision.authority == "Authorised by the governing body on 25 November 2026 (Minute 3)"


def test_the_clerk_or_headteacher_cannot_be_authorised(school, governor):
    clerk = GovernorFactory(username="clerk", role=User.Role.CLERK, school=school)
    with pytest.raises(ValidationError, match="Choose a governor or vice-chair"):
        partnership_services.governor_authorisation_record(
            school=school, governor=clerk, meeting_date=datetime.date(2026, 11, 1), resolution="x", recorded_by=governor
        )


def test_approving_a_version_that_is_no_longer_the_one_in_review_is_refused(in_review, governor, trust_staff):
    read = in_review.agreement_versions.get()
    partnership_services.partnership_recall(partnership=in_review, recalled_by=trust_staff, reason="Fix a date")
    partnership_services.partnership_submit_for_review(partnership=in_review, submitted_by=trust_staff)
    with pytest.raises(ValidationError, match="You read version 1 of the agreement, but version 2"):
        partnership_services.partnership_approve(
            partnership=in_review, approved_by=governor, agreement_version=read, **CHAIR_MEETING
        )


def test_staff_of_another_trust_cannot_sign_even_through_the_service(in_review, governor):
    partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    rival = TrustStaffFactory(username="rival", can_sign_for_trust=True)
    with pytest.raises(ValidationError, match="Only someone Northern Lights Academy Trust has authorised"):
        services.agreement_issue(partnership=in_review, issued_by=rival)


@pytest.mark.parametrize("who", ["superuser", "unauthorised staff"])
def test_only_the_trusts_signatory_issues(in_review, governor, trust, who):
    partnership_services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    person = (
        UserFactory(username="root", is_superuser=True, is_staff=True)
        if who == "superuser"
        else TrustStaffFactory(username="officer", trust=trust, can_sign_for_trust=False)
    )
    with pytest.raises(ValidationError, match="authorised to sign for it"):
        services.agreement_issue(partnership=in_review, issued_by=person)
    assert not in_review.agreement_versions.issued_ever().exists()


def test_the_trusts_signature_names_the_version_and_the_approved_terms(issued, trust_staff):
    trust_signature = issued.signatures.get(party="trust")
    school_signature = AgreementSignature.objects.get(party="school")
    assert trust_signature.signed_by == trust_staff
    assert trust_signature.terms_sha256 == school_signature.terms_sha256 == issued.agreed_fingerprint
    assert school_signature.version.number == 1 and issued.number == 2


def test_signatures_never_change(issued):
    signature = issued.signatures.get()
    signature.signer_name = "Someone else"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()


def test_recall_sends_the_partnership_back_to_draft_and_tells_the_governors(
    in_review, trust_staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        partnership_services.partnership_recall(partnership=in_review, recalled_by=trust_staff, reason="A date")
    in_review.refresh_from_db()
    assert in_review.status == S.DRAFT
    assert in_review.history.latest().history_change_reason == "Recalled from review: A date"
    assert any("taken the agreement back from review" in message.subject for message in mailoutbox)
    assert "chair@school.example" in {address for message in mailoutbox for address in message.to}


def test_ending_early_asks_for_an_actual_end_date_not_in_the_future_and_tells_the_governors(
    issued, trust_staff, django_capture_on_commit_callbacks, mailoutbox
):
    partnership = issued.partnership
    with pytest.raises(ValidationError, match="Enter the date the partnership actually ended"):
        partnership_services.partnership_end_early(
            partnership=partnership, ended_by=trust_staff, reason="x", ended_on=None
        )
    with pytest.raises(ValidationError, match="cannot be in the future"):
        partnership_services.partnership_end_early(
            partnership=partnership,
            ended_by=trust_staff,
            reason="x",
            ended_on=datetime.date(2027, 5, 1),
            today=datetime.date(2027, 4, 1),
        )
    with django_capture_on_commit_callbacks(execute=True):
        partnership_services.partnership_end_early(
            partnership=partnership,
            ended_by=trust_staff,
            reason="Joined the trust",
            ended_on=datetime.date(2027, 3, 31),
            today=datetime.date(2027, 4, 1),
        )
    assert any("ended early" in message.subject for message in mailoutbox)


def test_the_variation_summary_lists_each_change_before_and_after(issued, trust_staff):
    from agreements.variations import variation_summary

    partnership = issued.partnership
    partnership_services.partnership_extend(
        partnership=partnership, new_end_date=datetime.date(2027, 12, 31), reason="Longer", extended_by=trust_staff
    )
    clause = partnership.clauses.first()
    partnership_services.clause_update(clause=clause, updated_by=trust_staff, body="Changed in the variation")
    ClauseFactory(partnership=partnership, heading="Extra support", body="Two more visits.")

    summary = variation_summary(partnership)

    rows = {change.what: (change.before, change.after) for change in summary.changes}
    assert rows["End date"] == ("31 August 2027", "31 December 2027")
    assert rows[f"Clause: {clause.heading}"][1] == "Changed in the variation"
    assert rows["Clause: Extra support"] == ("—", "Two more visits.")
    assert summary.in_force_number == issued.number
