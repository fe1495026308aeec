"""The GOV.UK page template, sign-in and the template helpers every page uses."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from partnerships.templatetags.govuk import gbp, govuk_date
from tests.accounts.factories import PASSWORD


def test_money_is_shown_in_pounds_with_pence_and_separators():
    assert gbp(Decimal("1500")) == "£1,500.00"
    assert gbp(Decimal("1234567.891")) == "£1,234,567.89"
    assert gbp(None) == ""


def test_dates_are_shown_in_govuk_style():
    assert govuk_date(datetime.date(2026, 9, 1)) == "1 September 2026"


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("partnerships:home", ["Partnerships"]),
        ("partnerships:partnership-start", ["Start a partnership"]),
        ("partnerships:library-clause-list", ["Clause library"]),
    ],
)
def test_staff_menu_marks_exactly_one_item_current(client, trust_staff, url_name, current):
    from tests.partnerships.test_views_oversight import current_menu_items

    client.force_login(trust_staff)
    assert current_menu_items(client.get(reverse(url_name))) == current


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("partnerships:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_in_page_is_a_govuk_page(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-skip-link"' in html
    assert "dist/application.css" in html
    assert 'type="module"' in html and "js/app.js" in html
    assert "<script>" not in html  # no inline scripts: a strict CSP can forbid them
    assert "Beta" in html


@pytest.mark.template_context
def test_wrong_password_shows_the_error_summary(client, trust_staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert response.context["user"].is_anonymous


def test_empty_sign_in_names_each_missing_field(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in html and "Enter your password" in html
    assert "<title>Error: " in html


def test_signing_in_lands_on_home_with_the_person_named(client, trust_staff):
    response = client.post(reverse("login"), {"username": "staff", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("partnerships:home")
    assert "Priya Shah" in html and "Sign out" in html


def test_signing_out_is_a_post_and_ends_the_session(client, trust_staff):
    client.force_login(trust_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("partnerships:home")).status_code == 302


@pytest.mark.django_db
def test_success_messages_show_as_a_success_banner(rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message

    html = Template('{% include "components/messages.html" %}').render(
        Context({"messages": [Message(constants.SUCCESS, "Partnership created")]})
    )
    assert "govuk-notification-banner--success" in html and "Partnership created" in html


def test_not_found_and_forbidden_pages_are_govuk_pages(client, trust_staff, governor):
    from tests.partnerships.factories import PartnershipFactory

    client.force_login(trust_staff)
    response = client.get(reverse("partnerships:partnership-detail", args=[999999]))
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    partnership = PartnershipFactory(school=governor.school)
    client.force_login(governor)
    response = client.get(reverse("partnerships:clause-create", args=[partnership.pk]))
    assert response.status_code == 403 and "You cannot do this" in response.content.decode()
