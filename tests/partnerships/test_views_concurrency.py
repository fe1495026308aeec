"""Two people editing the same record at once: the second save is refused, showing what changed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.models import Clause, ClauseSection, Partnership
from tests.accounts.factories import TrustStaffFactory
from tests.partnerships.factories import ClauseFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def hidden_version(html: str) -> str:
    return re.search(r'name="version"\s+value="(\d+)"', html).group(1)


@pytest.fixture
def two_clients(trust_staff, trust):
    colleague = TrustStaffFactory(username="colleague", first_name="Sam", last_name="Patel", trust=trust)
    first, second = Client(), Client()
    first.force_login(colleague)
    second.force_login(trust_staff)
    return first, second


def test_second_save_of_a_clause_is_refused_with_what_changed(two_clients, school, trust):
    first, second = two_clients
    partnership = PartnershipFactory(school=school, trust=trust)
    clause = ClauseFactory(
        partnership=partnership, heading="Review meetings", body="Termly.", section=ClauseSection.GOVERNANCE
    )
    url = reverse("partnerships:clause-update", args=[partnership.pk, clause.pk])
    version_seen_by_first = hidden_version(first.get(url).content.decode())
    version_seen_by_second = hidden_version(second.get(url).content.decode())
    form = {"section": ClauseSection.GOVERNANCE, "heading": "Review meetings"}

    saved = first.post(url, {**form, "body": "Half-termly.", "version": version_seen_by_first})
    refused = second.post(url, {**form, "body": "Monthly.", "version": version_seen_by_second})

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "govuk-error-summary" in html
    assert "Sam Patel changed this clause at" in html
    assert "your changes have not been saved" in html
    assert "Termly." in html and "Half-termly." in html
    assert Clause.objects.get().body == "Half-termly."


def test_the_charging_choice_carries_the_version_and_refuse_a_stale_save(two_clients, school, trust):
    first, second = two_clients
    partnership = PartnershipFactory(school=school, trust=trust)
    charging = reverse("partnerships:partnership-charging", args=[partnership.pk])
    seen = hidden_version(second.get(charging).content.decode())
    first.post(charging, {"no_charge": "True", "version": hidden_version(first.get(charging).content.decode())})
    refused = second.post(charging, {"no_charge": "False", "version": seen})
    assert refused.status_code == 200
    assert "changed this partnership" in refused.content.decode()
    assert Partnership.objects.get().no_charge is True
