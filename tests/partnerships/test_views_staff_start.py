"""Starting a partnership: find the school, key details (with the term and overlap rules as
field errors), check answers, create."""

import datetime
from html import unescape

from django.urls import reverse

from partnerships.models import Partnership
from schools.models import School
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import SchoolFactory

START = reverse("partnerships:partnership-start")


def date_fields(name, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def key_details(start=datetime.date(2026, 9, 1), end=datetime.date(2027, 8, 31), **overrides) -> dict:
    data = {
        **date_fields("start_date", start),
        **date_fields("end_date", end),
        "purpose": "Improve early reading and strengthen leadership.",
        "trust_lead_name": "Priya Shah",
        "trust_lead_role": "Director of School Improvement",
        "trust_lead_email": "priya@trust.example",
        "chair_of_governors_name": "Daniel Okafor",
        "chair_of_governors_email": "chair@school.example",
        "headteacher_name": "Margaret Ellis",
        "headteacher_email": "",
        "payment_terms": "Termly in arrears",
        "purchase_order_reference": "PO-1",
    }
    return {**data, **overrides}


def test_search_by_name_lists_open_schools_with_urn_la_type_and_ofsted(client, trust_staff):
    SchoolFactory(
        name="Holbeck Primary",
        urn="123456",
        la_name="Leeds",
        establishment_type="Community school",
        previous_ofsted_grade="Good",
        previous_ofsted_grade_on=datetime.date(2024, 3, 12),
        ofsted_last_inspection=datetime.date(2024, 3, 12),
    )
    SchoolFactory(name="Holbeck Closed Primary", status=School.Status.CLOSED)
    client.force_login(trust_staff)
    html = client.get(START, {"q": "holbeck"}).content.decode()
    assert "1 school matching ‘holbeck’" in html
    assert "123456" in html and "Leeds" in html and "Community school" in html
    assert "Latest inspection 12 March 2024" in html
    assert "Previous overall grade (before September 2024): Good, 12 March 2024" in html
    assert "Holbeck Closed Primary" not in html
    assert reverse("partnerships:partnership-start-details", args=["123456"]) in html


def test_search_by_urn_and_paginates(client, trust_staff):
    for number in range(25):
        SchoolFactory(name=f"Search School {number:02d}", urn=f"9{number:05d}")
    client.force_login(trust_staff)
    first = client.get(START, {"q": "9000"}).content.decode()
    assert "25 schools matching" in first and "govuk-pagination" in first
    second = client.get(START, {"q": "9000", "page": 2}).content.decode()
    assert "Search School 24" in second and "Search School 00" not in second


def test_no_results_says_so(client, trust_staff):
    client.force_login(trust_staff)
    assert "No open schools match ‘zzz’" in client.get(START, {"q": "zzz"}).content.decode()


def test_governors_cannot_start_a_partnership(client, governor):
    client.force_login(governor)
    assert client.get(START).status_code == 403


def test_a_19_month_term_is_an_error_on_the_end_date(client, trust_staff, school):
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-start-details", args=[school.urn])
    response = client.post(url, key_details(end=datetime.date(2028, 3, 31)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "A trust partnership must last between 12 and 18 months; this one lasts 19 months." in html
    assert "govuk-form-group--error" in html
    assert Partnership.objects.count() == 0


def test_an_overlapping_partnership_is_an_error_on_the_start_date(client, trust_staff, school):
    existing = PartnershipFactory(school=school)
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-start-details", args=[school.urn])
    html = client.post(
        url, key_details(start=datetime.date(2027, 1, 1), end=datetime.date(2027, 12, 31))
    ).content.decode()
    assert f"This school is already in trust partnership {existing.reference}" in html
    assert Partnership.objects.count() == 1


def test_missing_and_impossible_answers_are_named(client, trust_staff, school):
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-start-details", args=[school.urn])
    data = key_details(start=None, purpose="", trust_lead_email="not-an-email")
    data.update(date_fields("end_date", None) | {"end_date_0": "31", "end_date_1": "2", "end_date_2": "2027"})
    html = client.post(url, data).content.decode()
    assert "Enter the start date" in html
    assert "The end date must be a real date" in html
    assert "Enter the purpose of the partnership" in html
    assert "Enter an email address in the correct format, like name@example.com" in html


def test_check_answers_then_create_makes_a_draft_and_shows_the_task_list(client, trust_staff, school, trust):
    client.force_login(trust_staff)
    details_url = reverse("partnerships:partnership-start-details", args=[school.urn])
    response = client.post(details_url, key_details())
    check_url = reverse("partnerships:partnership-start-check", args=[school.urn])
    assert response.status_code == 302 and response.url == check_url

    check = client.get(check_url).content.decode()
    assert "1 September 2026" in check and "31 August 2027" in check and "12 months" in check
    assert "Improve early reading" in check and school.urn in check

    response = client.post(check_url, follow=True)
    partnership = Partnership.objects.get()
    assert partnership.status == Partnership.Status.DRAFT
    assert (partnership.school, partnership.trust, partnership.created_by) == (school, trust, trust_staff)
    assert partnership.start_date == datetime.date(2026, 9, 1)
    assert response.redirect_chain[-1][0] == reverse("partnerships:partnership-detail", args=[partnership.pk])
    html = unescape(response.content.decode())
    assert f"Partnership {partnership.reference} set up with {school.name}" in html
    assert "govuk-task-list" in html


def test_check_page_without_answers_goes_back_to_the_details(client, trust_staff, school):
    client.force_login(trust_staff)
    response = client.get(reverse("partnerships:partnership-start-check", args=[school.urn]))
    assert response.status_code == 302
    assert response.url == reverse("partnerships:partnership-start-details", args=[school.urn])


def test_an_overlap_created_meanwhile_is_shown_on_the_check_page(client, trust_staff, school):
    client.force_login(trust_staff)
    client.post(reverse("partnerships:partnership-start-details", args=[school.urn]), key_details())
    PartnershipFactory(school=school)  # someone else got there first
    html = client.post(reverse("partnerships:partnership-start-check", args=[school.urn])).content.decode()
    assert "govuk-error-summary" in html and "This school is already in trust partnership" in html
    assert Partnership.objects.count() == 1


def test_closed_school_is_not_found(client, trust_staff):
    closed = SchoolFactory(status=School.Status.CLOSED)
    client.force_login(trust_staff)
    assert client.get(reverse("partnerships:partnership-start-details", args=[closed.urn])).status_code == 404


def test_the_term_rule_shows_alongside_other_missing_answers(client, trust_staff, school):
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-start-details", args=[school.urn])
    html = client.post(url, key_details(end=datetime.date(2028, 3, 31), purpose="")).content.decode()
    assert "Enter the purpose of the partnership" in html
    assert "this one lasts 19 months" in html
