"""Home page: what each role sees first, in a fixed number of queries."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory
from tests.agreements.builders import record_approval
from tests.partnerships.factories import ClauseFactory, PartnershipFactory, ready_for_review
from tests.partnerships.test_views_staff_detail import task_status
from tests.schools.factories import SchoolFactory, TrustFactory

HOME = reverse("partnerships:home")


def test_staff_see_their_trusts_partnerships_with_status_and_next_step(client, trust_staff, trust):
    draft = PartnershipFactory(trust=trust)
    ready = ready_for_review(trust=trust)
    other_trust = PartnershipFactory(trust=TrustFactory())
    client.force_login(trust_staff)

    html = client.get(HOME).content.decode()

    assert draft.reference in html and ready.reference in html
    assert other_trust.reference not in html
    assert "govuk-tag--grey" in html and ">Draft<" in html
    assert "Add the terms and conditions" in html  # the empty draft
    assert "Send it to the governors for review" in html  # the complete one
    assert "Start a new partnership" in html


def test_next_step_follows_the_status(client, trust_staff, trust):
    PartnershipFactory(trust=trust, status=Partnership.Status.IN_REVIEW)
    PartnershipFactory(trust=trust, status=Partnership.Status.AGREED)
    client.force_login(trust_staff)
    html = client.get(HOME).content.decode()
    assert "Wait for the governors to review it" in html
    assert "Issue the agreement before the start date" in html


def test_once_the_agreement_is_issued_home_no_longer_asks_for_it(client, trust_staff, trust, quick_pdf):
    from agreements.services import agreement_issue

    waiting = ready_for_review(trust=trust, status=Partnership.Status.AGREED)
    issued = ready_for_review(trust=trust, status=Partnership.Status.AGREED, school=SchoolFactory())
    record_approval(issued, GovernorFactory(school=issued.school))
    agreement_issue(partnership=issued, issued_by=trust_staff)
    client.force_login(trust_staff)

    rows = home_rows(client.get(HOME))

    assert rows[waiting.reference].endswith("Issue the agreement before the start date")
    assert rows[issued.reference].endswith("Nothing until it starts on 1 September 2026")
    task_list = client.get(reverse("partnerships:partnership-detail", args=[issued.pk])).content.decode()
    assert task_status(task_list, "Agreement") == "Completed"


def test_an_active_partnership_without_an_issued_agreement_is_asked_for_it(client, trust_staff, trust):
    active = ready_for_review(trust=trust, status=Partnership.Status.ACTIVE)
    client.force_login(trust_staff)

    rows = home_rows(client.get(HOME))

    assert rows[active.reference].endswith("Issue the agreement now the governors have approved it")
    task_list = unescape(client.get(reverse("partnerships:partnership-detail", args=[active.pk])).content.decode())
    assert task_status(task_list, "Agreement") == "Not started"
    assert "Issue the agreement now the governors have approved it" in task_list


def home_rows(response) -> dict[str, str]:
    """Each table row's text, keyed by the partnership reference it starts with."""
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", response.content.decode(), re.S)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]
    return {text.split()[0]: text for text in texts if text}


def test_governors_see_only_their_schools_partnerships(client, governor, school):
    mine = PartnershipFactory(school=school)
    other = PartnershipFactory()
    client.force_login(governor)
    html = client.get(HOME).content.decode()
    assert mine.reference in html and other.reference not in html
    assert "Start a new partnership" not in html


def test_oversight_lands_on_the_dashboard(client, oversight):
    client.force_login(oversight)
    response = client.get(HOME)
    assert (response.status_code, response["Location"]) == (302, reverse("oversight:dashboard"))
    assert reverse("oversight:dashboard") == "/oversight/"


def _queries_for_home(client, count, trust):
    for _ in range(count):
        partnership = PartnershipFactory(trust=trust, school=SchoolFactory())
        ClauseFactory(partnership=partnership)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    assert response.content.decode().count("govuk-tag ") >= min(count, 50)
    return len(queries)


@pytest.mark.django_db
def test_home_runs_the_same_number_of_queries_for_10_and_50_partnerships(client, trust_staff, trust):
    client.force_login(trust_staff)
    at_10 = _queries_for_home(client, 10, trust)
    at_50 = _queries_for_home(client, 40, trust)  # 50 in all
    print(f"home page: {at_10} queries at 10 partnerships, {at_50} at 50")
    assert at_10 == at_50, f"{at_10} queries at 10 partnerships, {at_50} at 50"
