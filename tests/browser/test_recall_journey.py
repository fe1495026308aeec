"""Staff take a partnership back from the governors' review (recall): a reason is required, the
partnership is a draft again, and the governors are emailed the reason."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.browser.steps import click_button, expect_error_summary, expect_status_tag, expect_success_banner, heading
from tests.partnerships.factories import ready_for_review

pytestmark = pytest.mark.browser

REASON = "We need to add the termly report to governors before you decide."


@pytest.fixture
def in_review(live_server):
    staff = TrustStaffFactory(username="priya", first_name="Priya", last_name="Shah")
    governor = GovernorFactory(username="daniel", email="daniel.okafor@example.org")
    partnership = ready_for_review(trust=staff.trust, school=governor.school)
    services.partnership_submit_for_review(partnership=partnership, submitted_by=staff)
    mail.outbox.clear()
    return partnership


def test_staff_recall_a_partnership_from_review(new_page, sign_in, look, in_review):
    page = sign_in(new_page(), "priya")
    page.goto(reverse("partnerships:partnership-detail", args=[in_review.pk]))
    expect_status_tag(page, "In review")
    page.get_by_role("link", name="Recall from review").or_(
        page.get_by_role("button", name="Recall from review")
    ).first.click()
    expect(heading(page)).to_have_text("Recall the partnership from the governors' review")
    look(page, "40-recall-confirm")
    click_button(page, "Recall from review")
    expect_error_summary(page)
    look(page, "41-recall-needs-a-reason")

    page.get_by_label("Why are you taking it back?").fill(REASON)
    click_button(page, "Recall from review")
    expect_success_banner(page, "Recalled from review.")
    expect_status_tag(page, "Draft")
    look(page, "42-recalled")
    assert Partnership.objects.get(pk=in_review.pk).status == Partnership.Status.DRAFT

    told = [message for message in mail.outbox if "daniel.okafor@example.org" in message.to]
    assert told and REASON in told[0].body

    governor = sign_in(new_page(), "daniel")
    governor.goto(reverse("partnerships:governor-partnership-detail", args=[in_review.pk]))
    expect(governor.get_by_role("button", name="Approve")).to_have_count(0)
    look(governor, "43-governor-after-recall")
    look.assert_clean()
