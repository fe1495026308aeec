"""The academisation record: each step's date, in order, during or after the partnership, and
none in the future except the intended conversion date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from partnerships.models import AcademisationConsideration, Partnership
from tests.partnerships.factories import PartnershipFactory

D = datetime.date
TODAY = D(2026, 12, 6)


@pytest.fixture
def active(school, trust):
    return PartnershipFactory(
        school=school, trust=trust, status=Partnership.Status.ACTIVE, start_date=D(2026, 9, 1), end_date=D(2027, 8, 31)
    )


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("partnerships.academisation.timezone.localdate", lambda: TODAY)


def record(active, governor, **values):
    return services.academisation_record(partnership=active, recorded_by=governor, **values)


def errors(active, governor, **values) -> dict:
    with pytest.raises(ValidationError) as error:
        record(active, governor, **values)
    assert not AcademisationConsideration.objects.exists()
    return error.value.message_dict


def test_every_step_is_recorded_in_order_with_history(active, governor):
    saved = record(
        active,
        governor,
        resolution_on=D(2026, 9, 20),
        academy_order_applied_on=D(2026, 9, 28),
        academy_order_made_on=D(2026, 10, 30),
        consultation_started_on=D(2026, 11, 2),
        consultation_ended_on=D(2026, 11, 27),
        consultees="Parents, staff, the local authority and the diocese",
        consultation_outcome="Most responses supported joining the Trust.",
        foundation_consent_on=D(2026, 11, 30),
        regional_director_informed_on=D(2026, 12, 1),
        local_authority_informed_on=D(2026, 12, 1),
        intended_conversion_on=D(2027, 9, 1),
        conversion_project_url="https://example.gov.uk/projects/123",
        outcome="join_this_trust",
        decided_on=D(2026, 12, 2),
    )
    assert [label for label, _day in saved.recorded_steps][:3] == [
        "Governing body resolution",
        "Consultation began",
        "Consultation ended",
    ]
    assert saved.history.latest().history_user == governor


def test_a_decision_dated_before_the_consultation_began_is_refused(active, governor):
    found = errors(
        active, governor, consultation_started_on=D(2026, 11, 2), outcome="stay_as_is", decided_on=D(2026, 10, 1)
    )
    assert found == {
        "decided_on": ["The decision date must be on or after the date the consultation began (2 November 2026)."]
    }


def test_dates_in_the_future_are_refused_except_the_intended_conversion_date(active, governor):
    found = errors(
        active, governor, outcome="stay_as_is", decided_on=D(2026, 12, 7), intended_conversion_on=D(2027, 9, 1)
    )
    assert found == {"decided_on": ["The decision date cannot be in the future."]}


def test_dates_before_the_partnership_are_refused(active, governor):
    found = errors(active, governor, resolution_on=D(2026, 8, 31))
    assert found == {
        "resolution_on": [
            "The governing body resolution must be on or after the partnership's start date, 1 September 2026."
        ]
    }


def test_steps_out_of_order_are_refused_naming_the_earlier_step(active, governor):
    found = errors(active, governor, academy_order_applied_on=D(2026, 10, 5), academy_order_made_on=D(2026, 10, 1))
    assert found == {
        "academy_order_made_on": [
            "The academy order made must be on or after the academy order applied for (5 October 2026)."
        ]
    }


def test_an_intended_conversion_far_beyond_the_partnership_is_refused(active, governor):
    found = errors(active, governor, intended_conversion_on=D(2031, 9, 1))
    assert found == {"intended_conversion_on": ["The intended conversion date must be no later than 31 August 2030."]}


def test_governor_records_the_steps_on_the_page_and_oversight_sees_them(client, active, governor, oversight):
    def day(name, value):
        return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}

    client.force_login(governor)
    data = {
        **day("resolution_on", D(2026, 9, 20)),
        **day("consultation_started_on", D(2026, 11, 2)),
        **day("intended_conversion_on", D(2027, 9, 1)),
        "consultees": "Parents and staff",
        "outcome": "undecided",
    }
    response = client.post(reverse("partnerships:academisation", args=[active.pk]), data, follow=True)
    assert "Academisation consideration saved" in response.content.decode()
    saved = AcademisationConsideration.objects.get()
    assert (saved.resolution_on, saved.intended_conversion_on, saved.consultees) == (
        D(2026, 9, 20),
        D(2027, 9, 1),
        "Parents and staff",
    )

    client.force_login(oversight)
    page = client.get(reverse("oversight:partnership-detail", args=[active.pk])).content.decode()
    assert "Governing body resolution" in page and "20 September 2026" in page and "Intended conversion date" in page
