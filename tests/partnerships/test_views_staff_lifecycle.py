"""State changes through the shared confirmation page, and staff replies to comments."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import ClauseSection, Comment, Partnership
from tests.partnerships.factories import ClauseFactory, PartnershipFactory, ready_for_review

Status = Partnership.Status


@pytest.fixture
def staff_client(client, trust_staff):
    client.force_login(trust_staff)
    return client


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def text(response) -> str:
    return unescape(response.content.decode())


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_send_for_review_from_the_confirmation_page(staff_client, trust):
    partnership = ready_for_review(trust=trust)
    confirm = text(staff_client.get(url("partnership-submit", partnership.pk)))
    assert "Send the partnership to the governors for review" in confirm and "Cancel" in confirm
    response = staff_client.post(url("partnership-submit", partnership.pk), follow=True)
    partnership.refresh_from_db()
    assert partnership.status == Status.IN_REVIEW and partnership.submitted_at
    assert "Sent to the governors for review" in text(response)


def test_send_for_review_lists_what_is_missing(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    ClauseFactory(partnership=partnership)
    for response in (
        staff_client.get(url("partnership-submit", partnership.pk)),
        staff_client.post(url("partnership-submit", partnership.pk)),
    ):
        html = text(response)
        assert response.status_code == 200 and "govuk-error-summary" in html
        assert "The partnership is not ready to send to the governors" in html
        assert "Add a cost line to the service charge, or record that there is no charge" in html
        assert "Add at least one objective" in html and "Add at least one activity to the activity plan" in html
        assert "Add at least one clause" not in html
        assert url("objective-list", partnership.pk) in html
        assert "Send for review</button>" not in html
    partnership.refresh_from_db()
    assert partnership.status == Status.DRAFT


def test_withdraw_needs_a_reason(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    response = staff_client.post(url("partnership-withdraw", partnership.pk), {"reason": ""})
    assert "Enter a reason" in text(response) and "govuk-error-summary" in text(response)
    partnership.refresh_from_db()
    assert partnership.status == Status.DRAFT


def test_withdraw_with_a_reason(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    response = staff_client.post(
        url("partnership-withdraw", partnership.pk), {"reason": "The school found another trust"}, follow=True
    )
    partnership.refresh_from_db()
    assert partnership.status == Status.WITHDRAWN and partnership.closure_reason == "The school found another trust"
    assert "Partnership withdrawn" in text(response)


def test_end_early_records_the_reason_and_date(staff_client, trust):
    partnership = ready_for_review(trust=trust, status=Status.ACTIVE)
    data = {"reason": "The school is joining another trust", **date_fields("ended_on", datetime.date(2026, 12, 1))}
    response = staff_client.post(url("partnership-end-early", partnership.pk), data, follow=True)
    partnership.refresh_from_db()
    assert partnership.status == Status.ENDED_EARLY and partnership.ended_on == datetime.date(2026, 12, 1)
    assert "Partnership ended early" in text(response)


def test_end_early_refuses_an_actual_end_date_in_the_future(staff_client, trust):
    partnership = ready_for_review(trust=trust, status=Status.ACTIVE)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {"reason": "Joining another trust", **date_fields("ended_on", tomorrow)}
    html = text(staff_client.post(url("partnership-end-early", partnership.pk), data))
    assert "The actual end date cannot be in the future." in html
    partnership.refresh_from_db()
    assert partnership.status == Status.ACTIVE


def test_end_early_date_outside_the_partnership_is_a_field_error(staff_client, trust):
    partnership = ready_for_review(trust=trust, status=Status.ACTIVE)
    data = {"reason": "Joining another trust", **date_fields("ended_on", datetime.date(2028, 1, 1))}
    html = text(staff_client.post(url("partnership-end-early", partnership.pk), data))
    assert (
        "The actual end date must be between the start date, 1 September 2026, and the planned end date, 31 August 2027."
        in html
    )
    partnership.refresh_from_db()
    assert partnership.status == Status.ACTIVE


def test_extend_within_18_months(staff_client, trust):
    partnership = ready_for_review(trust=trust, status=Status.ACTIVE)
    form = text(staff_client.get(url("partnership-extend", partnership.pk)))
    assert "the latest end date is 29 February 2028" in form
    data = {"reason": "More time for the reading programme", **date_fields("end_date", datetime.date(2027, 12, 31))}
    response = staff_client.post(url("partnership-extend", partnership.pk), data, follow=True)
    partnership.refresh_from_db()
    assert (partnership.end_date, partnership.status) == (datetime.date(2027, 12, 31), Status.VARIATION_PROPOSED)
    page = text(response)
    assert "Extension to 31 December 2027 proposed. Send the variation to the governors" in page
    assert "The terms shown here include a proposed variation, not yet agreed." in page


def test_extend_beyond_18_months_shows_the_rule(staff_client, trust):
    partnership = ready_for_review(trust=trust, status=Status.ACTIVE)
    data = {"reason": "More time", **date_fields("end_date", datetime.date(2028, 3, 31))}
    html = text(staff_client.post(url("partnership-extend", partnership.pk), data))
    assert "A trust partnership must last between 12 and 18 months; this one lasts 19 months." in html
    partnership.refresh_from_db()
    assert partnership.end_date == datetime.date(2027, 8, 31)


def test_draft_cannot_be_ended_early_or_extended(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    assert staff_client.get(url("partnership-end-early", partnership.pk)).status_code == 403
    assert staff_client.post(url("partnership-extend", partnership.pk)).status_code == 403


def test_governor_cannot_withdraw(client, governor, school):
    partnership = PartnershipFactory(school=school)
    client.force_login(governor)
    assert client.post(url("partnership-withdraw", partnership.pk), {"reason": "x"}).status_code == 403
    partnership.refresh_from_db()
    assert partnership.status == Status.DRAFT


def test_staff_reply_to_a_clause_comment(staff_client, trust, trust_staff):
    partnership = PartnershipFactory(trust=trust, status=Status.CHANGES_REQUESTED)
    clause = ClauseFactory(partnership=partnership, heading="Review meetings")
    form = text(staff_client.get(url("comment-create", partnership.pk) + f"?clause={clause.pk}"))
    assert "Review meetings" in form
    response = staff_client.post(
        url("comment-create", partnership.pk),
        {"body": "We have added a termly report.", "section": "", "clause": clause.pk},
        follow=True,
    )
    comment = Comment.objects.get()
    assert (comment.author, comment.clause, comment.section) == (trust_staff, clause, clause.section)
    assert "We have added a termly report." in text(response)
    terms = text(staff_client.get(url("clause-list", partnership.pk)))
    assert "We have added a termly report." in terms


def test_comment_needs_text_and_a_clause_of_this_partnership(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    other_clause = ClauseFactory()
    assert "Enter your comment" in text(staff_client.post(url("comment-create", partnership.pk), {"body": ""}))
    response = staff_client.post(url("comment-create", partnership.pk), {"body": "Hello", "clause": other_clause.pk})
    assert "Choose a clause of this partnership." in text(response)
    assert not Comment.objects.exists()


def test_a_tampered_clause_id_is_an_error_not_a_crash(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    response = staff_client.post(url("comment-create", partnership.pk), {"body": "Hello", "clause": "abc"})
    assert response.status_code == 200 and "Choose a clause of this partnership." in text(response)


def selected_section(response) -> str:
    select = response.content.decode().split('name="section"', 1)[1].split("</select>", 1)[0]
    return unescape(re.search(r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select).group(1))


def test_commenting_on_a_clause_preselects_its_section(staff_client, trust):
    partnership = PartnershipFactory(trust=trust, status=Status.CHANGES_REQUESTED)
    clause = ClauseFactory(partnership=partnership, section=ClauseSection.GOVERNANCE, heading="Review meetings")

    assert selected_section(staff_client.get(url("comment-create", partnership.pk))) == "The agreement as a whole"
    response = staff_client.get(url("comment-create", partnership.pk) + f"?clause={clause.pk}")
    assert selected_section(response) == "Governance and review meetings"
    response = staff_client.get(url("comment-create", partnership.pk) + f"?section={ClauseSection.SAFEGUARDING}")
    assert selected_section(response) == "Safeguarding"


def test_an_error_on_the_hidden_clause_field_is_in_the_error_summary(staff_client, trust):
    partnership = PartnershipFactory(trust=trust)
    response = staff_client.post(url("comment-create", partnership.pk), {"body": "Hello", "clause": "9" * 23})
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    assert "Choose a clause of this partnership." in unescape(summary)
    assert not Comment.objects.exists()
