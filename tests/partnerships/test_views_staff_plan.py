"""Objectives and the activity plan, and recording progress once the partnership is agreed."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from partnerships.models import Activity, Objective, Partnership
from tests.partnerships.factories import ActivityFactory, PartnershipFactory


@pytest.fixture
def draft(trust):
    return PartnershipFactory(trust=trust)


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


def objective_data(target=datetime.date(2027, 7, 1)):
    return {
        "description": "Improve phonics",
        "measure_of_success": "Phonics pass rate up",
        **date_fields("target_date", target),
    }


def activity_data(starts=datetime.date(2026, 9, 15), ends=datetime.date(2027, 7, 16), **overrides):
    return {
        "category": "curriculum_development",
        "title": "Reading review",
        "description": "",
        "lead": "Sam Patel",
        **date_fields("starts_on", starts),
        **date_fields("ends_on", ends),
        **overrides,
    }


def test_add_change_and_remove_an_objective(staff_client, draft):
    response = staff_client.post(url("objective-create", draft.pk), objective_data(), follow=True)
    objective = draft.objectives.get()
    assert objective.target_date == datetime.date(2027, 7, 1)
    assert "Objective added" in text(response) and "Improve phonics" in text(response)

    staff_client.post(
        url("objective-update", draft.pk, objective.pk),
        {**objective_data(), "description": "Improve writing", "version": objective.version},
    )
    objective.refresh_from_db()
    assert objective.description == "Improve writing"

    assert "Are you sure you want to remove this objective?" in text(
        staff_client.get(url("objective-delete", draft.pk, objective.pk))
    )
    staff_client.post(url("objective-delete", draft.pk, objective.pk))
    assert not Objective.objects.filter(pk=objective.pk).exists()


def test_objective_target_outside_the_partnership_is_a_field_error(staff_client, draft):
    response = staff_client.post(url("objective-create", draft.pk), objective_data(target=datetime.date(2030, 1, 1)))
    html = text(response)
    assert (
        "The target date must be between the partnership's start date, 1 September 2026, and end date, 31 August 2027."
        in html
    )
    assert "govuk-error-summary" in html
    assert not draft.objectives.exists()


def test_add_an_activity(staff_client, draft):
    response = staff_client.post(url("activity-create", draft.pk), activity_data(), follow=True)
    activity = draft.activities.get()
    assert (activity.title, activity.category, activity.lead) == (
        "Reading review",
        "curriculum_development",
        "Sam Patel",
    )
    assert "Activity added: Reading review" in text(response)


def test_activity_ending_before_it_starts_is_an_error(staff_client, draft):
    response = staff_client.post(
        url("activity-create", draft.pk),
        activity_data(starts=datetime.date(2027, 3, 1), ends=datetime.date(2027, 2, 1)),
    )
    assert "The end date must be the same as or after the start date." in text(response)
    assert not draft.activities.exists()


def test_activity_without_teaching_or_leadership_warns(staff_client, draft):
    ActivityFactory(partnership=draft, category="other")
    html = text(staff_client.get(url("activity-list", draft.pk)))
    assert "govuk-warning-text" in html and "no teaching or leadership activity" in html


def test_change_and_remove_an_activity(staff_client, draft):
    activity = ActivityFactory(partnership=draft)
    staff_client.post(
        url("activity-update", draft.pk, activity.pk), {**activity_data(title="Renamed"), "version": activity.version}
    )
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    staff_client.post(url("activity-delete", draft.pk, activity.pk))
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_record_progress_once_active(staff_client, trust):
    active = PartnershipFactory(trust=trust, status=Partnership.Status.ACTIVE)
    activity = ActivityFactory(partnership=active)
    listing = text(staff_client.get(url("activity-list", active.pk)))
    assert "Record progress" in listing
    assert staff_client.get(url("activity-create", active.pk)).status_code == 403
    response = staff_client.post(
        url("activity-progress", active.pk, activity.pk),
        {"status": "in_progress", "impact_notes": "Phonics scores up 8 points", "version": 1},
        follow=True,
    )
    activity.refresh_from_db()
    assert (activity.status, activity.impact_notes) == ("in_progress", "Phonics scores up 8 points")
    html = text(response)
    assert "Progress recorded" in html and "Phonics scores up 8 points" in html and "In progress" in html


def test_progress_cannot_be_recorded_on_a_draft(staff_client, draft):
    activity = ActivityFactory(partnership=draft)
    assert staff_client.get(url("activity-progress", draft.pk, activity.pk)).status_code == 403


def test_progress_needs_a_status(staff_client, trust):
    active = PartnershipFactory(trust=trust, status=Partnership.Status.ACTIVE)
    activity = ActivityFactory(partnership=active)
    response = staff_client.post(url("activity-progress", active.pk, activity.pk), {"status": "", "impact_notes": ""})
    assert "Choose how the activity is going" in text(response)
