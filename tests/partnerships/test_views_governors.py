import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from partnerships.models import AcademisationConsideration, Comment, Partnership, ReviewDecision
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.agreements.builders import CHAIR_MEETING
from tests.partnerships.factories import ClauseFactory, PartnershipFactory, ready_for_review

S = Partnership.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(school, trust, trust_staff):
    """In review with the draft the governors read (as sending it for review attaches)."""
    from agreements.services import agreement_generate_draft

    partnership = ready_for_review(school=school, trust=trust, status=S.IN_REVIEW)
    agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    return partnership


@pytest.fixture
def as_governor(client, governor):
    client.force_login(governor)
    return client


def url(name, partnership) -> str:
    return reverse(f"partnerships:{name}", args=[partnership.pk])


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# The governors' page ---------------------------------------------------------------------------


def test_governor_reads_the_agreement_and_is_asked_to_review_it(as_governor, in_review):
    clause = in_review.clauses.get()
    response = as_governor.get(url("governor-partnership-detail", in_review))
    page = words(response)

    assert response.status_code == 200
    assert "Trust partnership with Northern Lights Academy Trust" in page
    assert re.search(r"The trust has asked the governing body to review (version \d+ of )?this agreement\.", page)
    assert clause.heading in page and clause.body in page
    assert "Headteacher mentoring (half a day a fortnight)" in page
    assert "Improve the teaching of phonics in key stage 1" in page
    assert "Fortnightly mentoring for the headteacher" in page
    content = response.content.decode()
    assert f'href="{url("approve", in_review)}"' in content
    assert f'href="{url("request-changes", in_review)}"' in content
    assert f'href="{url("governor-comment-create", in_review)}?clause={clause.pk}"' in content


def test_governors_page_numbers_the_schedules_as_the_agreement_does(as_governor, in_review):
    from agreements.document import CONTENTS

    page = as_governor.get(url("governor-partnership-detail", in_review)).content.decode()

    assert re.findall(r"<h2[^>]*>(Schedule [^<]*)</h2>", page) == [
        title for _, title in CONTENTS if title.startswith("Schedule")
    ]


def test_governors_of_another_school_get_not_found(client, in_review):
    client.force_login(GovernorFactory(username="other-governor"))
    for name in (
        "governor-partnership-detail",
        "approve",
        "request-changes",
        "governor-comment-create",
        "academisation",
    ):
        assert client.get(url(name, in_review)).status_code == 404
        assert client.post(url(name, in_review), {"reason": "x", "body": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["trust_staff", "oversight"])
@pytest.mark.parametrize("name", ["approve", "request-changes"])
def test_only_the_schools_governors_may_approve_or_ask_for_changes(request, client, in_review, role, name):
    client.force_login(request.getfixturevalue(role))

    assert client.post(url(name, in_review), {"reason": "Please change clause 1."}).status_code == 403

    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize("role", ["trust_staff", "oversight"])
def test_only_the_schools_governors_may_record_academisation(request, client, school, trust, role):
    agreed = PartnershipFactory(school=school, trust=trust, status=S.AGREED)
    client.force_login(request.getfixturevalue(role))

    assert client.post(url("academisation", agreed), {"outcome": "stay_as_is"}).status_code == 403
    assert not AcademisationConsideration.objects.exists()


def test_the_review_buttons_go_once_the_review_is_over(as_governor, school, trust):
    agreed = PartnershipFactory(school=school, trust=trust, status=S.AGREED)

    response = as_governor.get(url("governor-partnership-detail", agreed))

    assert "Approve the agreement" not in words(response)
    assert as_governor.get(url("approve", agreed)).status_code == 403


# Approve ---------------------------------------------------------------------------------------


def test_approving_goes_through_a_confirmation_page(as_governor, in_review):
    page = words(as_governor.get(url("approve", in_review)))

    version = in_review.agreement_versions.get()
    assert "Approve the partnership agreement" in page
    assert "The agreement will show that you (Daniel Okafor, Chair of governors) approved this version today." in page
    assert f"Version Version 1 of {in_review.reference}" in page
    assert f"Fingerprint of its terms (SHA-256) {version.agreed_fingerprint}" in page
    assert "Cancel" in page
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW  # looking at the page changes nothing


def test_governor_approves_and_the_trust_is_told(
    as_governor, in_review, trust_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_governor.post(
            url("approve", in_review),
            {"comment": "Agreed at the meeting on 3 March.", "agreement_version": "1", **MEETING_FIELDS},
            follow=True,
        )

    in_review.refresh_from_db()
    assert in_review.status == S.AGREED
    decision = in_review.review_decisions.get()
    assert (decision.decision, decision.decided_by_name, decision.decided_by_role, decision.reason) == (
        "approved",
        "Daniel Okafor",
        "Chair of governors",
        "Agreed at the meeting on 3 March.",
    )
    page = words(response)
    assert response.redirect_chain[-1][0] == url("governor-partnership-detail", in_review)
    assert "You approved version 1. We have emailed the trust." in page
    assert (decision.agreement_version.number, decision.terms_sha256) == (
        1,
        in_review.agreement_versions.get().agreed_fingerprint,
    )
    assert "The governing body approved the agreement on" in page
    assert {message.to[0] for message in mail.outbox} == {"priya.shah@trust.example", "staff@example.org"}
    assert (decision.meeting_date, decision.meeting_resolution) == (datetime.date(2026, 3, 3), "Minute 4.1")


MEETING_FIELDS = {
    "meeting_date_0": "3",
    "meeting_date_1": "3",
    "meeting_date_2": "2026",
    "meeting_resolution": "Minute 4.1",
}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {},
            ["Enter the date of the governing body meeting", "Enter the resolution or minute reference"],
        ),
        (
            {**MEETING_FIELDS, "meeting_resolution": "   "},
            ["Enter the resolution or minute reference"],
        ),
        (
            {**MEETING_FIELDS, "meeting_date_0": "31", "meeting_date_1": "2"},
            ["The date of the governing body meeting must be a real date"],
        ),
        (
            {**MEETING_FIELDS, "meeting_date_2": str(datetime.date.today().year + 1)},
            ["The date of the governing body meeting must be today or in the past."],
        ),
    ],
    ids=["blank", "spaces only", "not a date", "in the future"],
)
def test_chair_must_name_the_meeting_that_resolved_to_enter_the_agreement(as_governor, in_review, fields, errors):
    response = as_governor.post(url("approve", in_review), {"agreement_version": "1", **fields})

    assert response.status_code == 200
    page = words(response)
    assert "There is a problem" in page
    for error in errors:
        assert page.count(error) == 2  # in the error summary and by the field
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    assert not ReviewDecision.objects.exists()


def test_chair_is_asked_for_the_meeting_an_authorised_governor_may_leave_it_to_their_authorisation(
    as_governor, client, in_review, school, governor
):
    from partnerships.services import governor_authorisation_record

    chair_page = words(as_governor.get(url("approve", in_review)))
    assert "When did the governing body resolve to enter the agreement?" in chair_page
    assert "(optional)" not in chair_page.split("Anything to add?")[0]

    member = GovernorFactory(username="member", school=school, role="governor")
    governor_authorisation_record(
        school=school,
        governor=member,
        meeting_date=datetime.date(2026, 10, 8),
        resolution="Minute 7.2",
        recorded_by=governor,
    )
    client.force_login(member)
    page = words(client.get(url("approve", in_review)))
    assert "When did the governing body resolve to enter the agreement? (optional)" in page
    assert (
        "the agreement prints the meeting that authorised you: Authorised by the governing body on 8 October 2026 (Minute 7.2)"
        in page
    )
    response = client.post(url("approve", in_review), {"agreement_version": "1"})
    assert response.status_code == 302
    decision = in_review.review_decisions.get()
    assert (decision.decided_by, decision.meeting_date, decision.meeting_resolution) == (member, None, "")


def test_approving_twice_shows_an_error_not_a_server_error(as_governor, in_review, governor):
    from partnerships import services

    services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    assert as_governor.post(url("approve", in_review)).status_code == 403  # no longer in review


# Request changes -------------------------------------------------------------------------------


def test_asking_for_changes_needs_a_reason(as_governor, in_review):
    response = as_governor.post(url("request-changes", in_review), {"reason": "   "})
    page = words(response)

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter what the trust needs to change" in page
    assert response.content.decode().count('href="#id_reason"') == 1  # the error summary links to the field
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW
    assert not ReviewDecision.objects.exists()


def test_governor_asks_for_changes_and_the_trust_gets_the_reason(
    as_governor, in_review, trust_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_governor.post(
            url("request-changes", in_review), {"reason": "Add a termly report to governors."}, follow=True
        )

    in_review.refresh_from_db()
    assert in_review.status == S.CHANGES_REQUESTED
    assert in_review.review_decisions.get().reason == "Add a termly report to governors."
    page = words(response)
    assert "You asked the trust for changes. We have emailed them your reasons." in page
    assert "Add a termly report to governors." in page  # shown under the governors' decisions
    assert "Add a termly report to governors." in mail.outbox[0].body


def test_a_service_refusal_is_shown_on_the_form(as_governor, in_review, monkeypatch):
    from django.core.exceptions import ValidationError

    from partnerships import services

    def refuse(**kwargs):
        raise ValidationError({"reason": "Enter a reason."})

    monkeypatch.setattr(services, "partnership_request_changes", refuse)
    response = as_governor.post(url("request-changes", in_review), {"reason": "x"})

    assert response.status_code == 200
    assert "There is a problem" in words(response)
    assert "Enter a reason." in words(response)


# Comments --------------------------------------------------------------------------------------


def test_governor_comments_on_a_clause(as_governor, in_review, governor):
    clause = in_review.clauses.get()
    form_page = words(as_governor.get(url("governor-comment-create", in_review) + f"?clause={clause.pk}"))
    assert clause.body in form_page

    response = as_governor.post(
        url("governor-comment-create", in_review),
        {"body": "Can the review meetings be half-termly?", "clause": clause.pk, "section": ""},
        follow=True,
    )

    comment = Comment.objects.get()
    assert (comment.clause, comment.section, comment.author) == (clause, clause.section, governor)
    assert response.redirect_chain[-1][0] == url("governor-partnership-detail", in_review)
    assert "Comment added" in words(response)
    assert f"On the clause “{clause.heading}” Can the review meetings be half-termly?" in words(response)


def test_governor_comments_on_a_section_and_on_the_whole_agreement(as_governor, in_review):
    as_governor.post(url("governor-comment-create", in_review), {"body": "About data protection.", "section": "50"})
    as_governor.post(url("governor-comment-create", in_review), {"body": "Looks good overall."})

    assert list(Comment.objects.values_list("section", "clause", "body")) == [
        (50, None, "About data protection."),
        (None, None, "Looks good overall."),
    ]
    page = words(as_governor.get(url("governor-partnership-detail", in_review)))
    assert "On the section “Data protection” About data protection." in page
    assert "On the whole agreement Looks good overall." in page


def test_an_empty_comment_is_an_error(as_governor, in_review):
    response = as_governor.post(url("governor-comment-create", in_review), {"body": ""})

    assert response.status_code == 200
    assert "Enter your comment" in words(response)
    assert not Comment.objects.exists()


def test_a_comment_on_another_partnerships_clause_is_refused(as_governor, in_review):
    elsewhere = ClauseFactory()

    response = as_governor.post(url("governor-comment-create", in_review), {"body": "Hm.", "clause": elsewhere.pk})

    assert response.status_code == 200
    assert "Choose a clause of this partnership." in words(response)
    assert not Comment.objects.exists()


# Academisation ---------------------------------------------------------------------------------


@pytest.fixture
def active(school, trust):
    return PartnershipFactory(school=school, trust=trust, status=S.ACTIVE)


def date_fields(name, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.mark.template_context
def test_governor_records_the_academisation_consideration(as_governor, active, governor):
    data = {
        **date_fields("consultation_started_on", datetime.date(2026, 10, 14)),
        "outcome": "join_this_trust",
        **date_fields("decided_on", datetime.date(2026, 11, 20)),
        "notes": "Consultation with parents and staff.",
    }
    response = as_governor.post(url("academisation", active), data, follow=True)

    record = AcademisationConsideration.objects.get()
    assert (record.consultation_started_on, record.outcome, record.decided_on, record.recorded_by) == (
        datetime.date(2026, 10, 14),
        "join_this_trust",
        datetime.date(2026, 11, 20),
        governor,
    )
    page = words(response)
    assert "Academisation consideration saved" in page
    assert "Join this trust, decided on 20 November 2026." in page

    # Changing it later starts from what was recorded.
    form = as_governor.get(url("academisation", active)).context["form"]
    assert form.initial["outcome"] == "join_this_trust"


def test_a_decision_needs_its_date(as_governor, active):
    data = {**date_fields("consultation_started_on", None), "outcome": "stay_as_is", **date_fields("decided_on", None)}
    response = as_governor.post(url("academisation", active), data)

    assert response.status_code == 200
    assert "There is a problem" in words(response)
    assert "Enter the date the governing body made its decision." in words(response)
    assert not AcademisationConsideration.objects.exists()


def test_a_date_with_only_some_parts_is_an_error(as_governor, active):
    data = {
        "consultation_started_on_0": "14",
        "consultation_started_on_1": "",
        "consultation_started_on_2": "",
        "outcome": "undecided",
        **date_fields("decided_on", None),
    }
    response = as_governor.post(url("academisation", active), data)

    assert "Enter the date the consultation started, including a day, month and year" in words(response)
    assert not AcademisationConsideration.objects.exists()


def test_no_outcome_chosen_is_an_error(as_governor, active):
    response = as_governor.post(url("academisation", active), {})
    assert "Select what the governing body has decided" in words(response)


def test_academisation_cannot_be_recorded_before_the_partnership_is_agreed(as_governor, in_review):
    assert as_governor.get(url("academisation", in_review)).status_code == 403
    assert "Record the academisation consideration" not in words(
        as_governor.get(url("governor-partnership-detail", in_review))
    )


# The trust's staff may comment too (can_comment), but go back to their own pages ---------------


def test_trust_staff_can_read_the_governors_page_but_see_no_governor_actions(client, in_review, trust_staff):
    client.force_login(trust_staff)
    page = words(client.get(url("governor-partnership-detail", in_review)))

    assert "Approve the agreement" not in page
    assert "Ask for changes" not in page


def test_a_staff_member_of_another_trust_gets_not_found(client, in_review):
    client.force_login(TrustStaffFactory(username="rival"))
    assert client.get(url("governor-partnership-detail", in_review)).status_code == 404


# The agreement itself --------------------------------------------------------------------------


def test_governor_downloads_the_issued_agreement_from_their_page(as_governor, in_review, governor, trust_staff):
    from agreements.services import agreement_issue
    from partnerships import services

    services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    version = agreement_issue(partnership=in_review, issued_by=trust_staff)
    page = as_governor.get(url("governor-partnership-detail", in_review)).content.decode()

    pdf_url = reverse("agreements:version-download", args=[in_review.pk, version.number])
    assert f'href="{pdf_url}">Download the issued agreement, version {version.number} (PDF)</a>' in page
    assert f'href="{reverse("agreements:agreement-detail", args=[in_review.pk])}"' in page
    download = as_governor.get(pdf_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_before_issue_governors_get_the_latest_draft_and_afterwards_the_issued_agreement(
    as_governor, in_review, governor, trust_staff, quick_pdf
):
    from agreements.services import agreement_generate_draft, agreement_issue
    from partnerships import services

    def pdf_link():
        page = words(as_governor.get(url("governor-partnership-detail", in_review)))
        return re.findall(r"Download the [^(]*\(PDF\)", page)

    assert pdf_link() == ["Download the latest draft, version 1 (PDF)"]  # the one sent for review
    agreement_generate_draft(partnership=in_review, generated_by=trust_staff)
    agreement_generate_draft(partnership=in_review, generated_by=trust_staff)
    assert pdf_link() == ["Download the latest draft, version 3 (PDF)"]

    services.partnership_approve(partnership=in_review, approved_by=governor, **CHAIR_MEETING)
    issued = agreement_issue(partnership=in_review, issued_by=trust_staff)
    agreement_generate_draft(partnership=in_review, generated_by=trust_staff)  # a later draft does not replace it
    assert pdf_link() == [f"Download the issued agreement, version {issued.number} (PDF)"]
    page = as_governor.get(url("governor-partnership-detail", in_review)).content.decode()
    download = reverse("agreements:version-download", args=[in_review.pk, issued.number])
    assert f'href="{download}">Download the issued agreement' in page
    assert as_governor.get(download)["Content-Type"] == "application/pdf"


def test_every_problem_with_the_academisation_form_is_shown_at_once(as_governor, active):
    data = {
        "consultation_started_on_0": "14",
        "consultation_started_on_1": "",
        "consultation_started_on_2": "",
        "outcome": "stay_as_is",
        **date_fields("decided_on", None),
    }
    page = words(as_governor.post(url("academisation", active), data))

    assert "Enter the date the consultation started, including a day, month and year" in page
    assert "Enter the date the governing body made its decision." in page


def test_a_decision_date_without_a_decision_is_an_error(as_governor, active):
    data = {
        **date_fields("consultation_started_on", None),
        "outcome": "undecided",
        **date_fields("decided_on", datetime.date(2026, 11, 20)),
    }
    page = words(as_governor.post(url("academisation", active), data))

    assert "Leave the decision date blank until the governing body has decided." in page
    assert not AcademisationConsideration.objects.exists()
