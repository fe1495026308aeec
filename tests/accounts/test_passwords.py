"""Sign-in by email address, password reset by email (no account enumeration) and password
change (signs every other session out), with links built from SITE_URL."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, TrustStaffFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase-77"


@pytest.mark.template_context
def test_sign_in_with_email_address_in_any_case(client, trust_staff):
    response = client.post(reverse("login"), {"username": "STAFF@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("partnerships:home")).context["user"] == trust_staff


def test_demo_usernames_still_sign_in(client, trust_staff):
    assert client.post(reverse("login"), {"username": "staff", "password": PASSWORD}).status_code == 302


def test_wrong_password_by_email_is_refused(client, trust_staff):
    response = client.post(reverse("login"), {"username": trust_staff.email, "password": "wrong"})
    assert "Enter a correct email address and password" in response.text


def test_reset_page_says_the_same_whether_or_not_the_address_has_an_account(client, trust_staff):
    known = client.post(reverse("password_reset"), {"email": trust_staff.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert known.text == unknown.text
    assert [message.to for message in mail.outbox] == [[trust_staff.email]]


def test_a_deactivated_account_gets_no_reset_email(client):
    gone = TrustStaffFactory(is_active=False)
    client.post(reverse("password_reset"), {"email": gone.email})
    assert mail.outbox == []


def test_reset_through_the_emailed_link_built_from_site_url(client, trust_staff, settings):
    settings.SITE_URL = "https://partnerships.example.gov.uk"
    client.post(reverse("password_reset"), {"email": trust_staff.email})
    (message,) = mail.outbox
    assert message.subject == "Reset your Trust Partnerships password"
    link = re.search(r"https://partnerships\.example\.gov\.uk(/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Create a new password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password has been changed" in done.text
    trust_staff.refresh_from_db()
    assert trust_staff.check_password(NEW_PASSWORD)
    assert "This link does not work" in client.get(link, follow=True).text  # used once


def test_changing_the_password_signs_out_every_other_session(trust_staff):
    laptop, phone = Client(), Client()
    for browser in (laptop, phone):
        browser.post(reverse("login"), {"username": trust_staff.email, "password": PASSWORD})

    response = laptop.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password has been changed" in response.text
    assert laptop.get(reverse("partnerships:home")).status_code == 200  # still signed in here
    assert phone.get(reverse("partnerships:home")).status_code == 302  # signed out there


def test_change_refuses_a_weak_new_password(client, trust_staff):
    client.force_login(trust_staff)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"}
    )
    assert "This password is too short" in response.text
    trust_staff.refresh_from_db()
    assert trust_staff.check_password(PASSWORD)


def test_locked_out_page_names_the_contact(client, trust_staff, settings):
    settings.SIGN_IN_HELP_CONTACT = {"name": "the DfE service desk", "email": "help@service.example"}
    for _ in range(5):
        response = client.post(reverse("login"), {"username": trust_staff.email, "password": "wrong"})
    assert response.status_code == 429
    assert "contact the DfE service desk at" in response.text
    assert "help@service.example" in response.text
