"""Governors see what changed since the version they reviewed: on their page, in the email, and the
approve page names the version and its fingerprint."""

import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from agreements.models import AgreementVersion
from partnerships import services
from partnerships.models import Clause, CostLine
from tests.partnerships.factories import ready_for_review

pytestmark = pytest.mark.django_db


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def resent(school, trust, trust_staff, governor, django_capture_on_commit_callbacks):
    """Sent for review (version 1), changes asked for, the charge and a clause changed, sent again (version 2)."""
    partnership = ready_for_review(school=school, trust=trust)
    partnership.clauses.update(heading="Review meetings", body="The parties meet at the end of each term.")
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    services.partnership_request_changes(partnership=partnership, requested_by=governor, reason="Meet more often.")
    CostLine.objects.filter(partnership=partnership).update(amount=Decimal("1200.00"))
    Clause.objects.filter(partnership=partnership).update(body="The parties meet at the end of each half term.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    return partnership


def test_governors_page_shows_the_changes_since_the_version_they_reviewed(client, governor, resent):
    client.force_login(governor)
    response = client.get(reverse("partnerships:governor-partnership-detail", args=[resent.pk]))
    page, content = words(response), response.content.decode()

    assert "Changes since version 1, the one you reviewed" in page
    assert "The trust has asked the governing body to review version 2 of this agreement." in page
    assert '<span class="govuk-visually-hidden">[inserted: </span>half ' in content
    assert "Amount £1,500.00 → changed to £1,200.00" in page
    assert "Total £4,500.00 → changed to £3,600.00" in page
    # The decision panel sits above the agreement and again after it.
    assert content.count(reverse("partnerships:approve", args=[resent.pk])) == 2
    assert content.index('id="decide"') > content.index('id="activities"')


def test_the_review_email_lists_the_changes_with_the_words_marked(resent):
    (first, *_) = mail.outbox
    assert "Changes since version 1, the one you reviewed" in first.body
    assert "The parties meet at the end of each [+half +]term." in first.body
    assert "Amount: £1,500.00 -> £1,200.00" in first.body


def test_first_review_email_has_no_changes_section(school, trust, trust_staff, django_capture_on_commit_callbacks):
    partnership = ready_for_review(school=school, trust=trust)
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    assert mail.outbox and all("Changes since" not in message.body for message in mail.outbox)


def test_approve_page_names_the_version_and_its_fingerprint(client, governor, resent):
    version = AgreementVersion.objects.get(partnership=resent, number=2)
    client.force_login(governor)
    page = words(client.get(reverse("partnerships:approve", args=[resent.pk])))
    assert "You are approving version 2 of the agreement between" in page
    assert f"Version 2 of {version.partnership.reference}" in page
    assert version.agreed_fingerprint in page
