"""Oversight lands on the dashboard; the list and the CSV show when a partnership actually ended,
why, and which agreement version is in force; the filter form is a GET form with no CSRF token."""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse

from agreements.models import AgreementVersion
from partnerships.models import Partnership
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
LIST = reverse("oversight:partnership-list")
EXPORT = reverse("oversight:partnership-export")


@pytest.fixture
def ended_early(trust):
    partnership = PartnershipFactory(
        trust=trust,
        status=Partnership.Status.ENDED_EARLY,
        ended_on=datetime.date(2027, 3, 31),
        closure_reason="The school converted to an academy in another trust.",
    )
    return partnership


def test_oversight_signs_in_to_the_dashboard(client, oversight):
    client.force_login(oversight)
    response = client.get(reverse("partnerships:home"), follow=True)
    assert response.redirect_chain[-1][0] == "/oversight/"
    assert "Trust partnerships dashboard" in response.content.decode()


def test_filter_form_is_get_without_a_csrf_token(client, oversight):
    client.force_login(oversight)
    page = client.get(LIST).content.decode()
    form = page.split('<form method="get"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in form


def test_list_and_csv_show_the_actual_end_the_reason_and_the_issued_version(
    client, oversight, ended_early, trust_staff
):
    AgreementVersion.objects.create(
        partnership=ended_early,
        number=2,
        status=AgreementVersion.Status.ISSUED,
        snapshot={"reference": ended_early.reference},
        terms_sha256="0" * 64,
        generated_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
        issued_at=datetime.datetime(2026, 7, 2, tzinfo=datetime.UTC),
        issued_by=trust_staff,
    )
    client.force_login(oversight)
    page = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", client.get(LIST).content.decode())).split())
    assert "31 Mar 2027 Ended early (planned 31 Aug 2027): The school converted" in page
    assert "Version 2 issued" in page

    body = b"".join(client.get(EXPORT).streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body)))
    assert (row["End date"], row["Actual end date"]) == ("2027-08-31", "2027-03-31")
    assert row["End reason"] == "The school converted to an academy in another trust."
    assert row["Issued agreement version"] == "2"
