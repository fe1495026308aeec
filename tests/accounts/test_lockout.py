"""Sign-in throttling: 5 wrong passwords lock a username for 30 minutes; an admin can unlock it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from accounts.admin_lockout import unlock_sign_in
from accounts.models import User
from accounts.services import sign_in_is_locked
from tests.accounts.factories import PASSWORD, GovernorFactory, UserFactory

LOCKED_HEADING = "You cannot sign in at the moment"
WRONG_PASSWORD_MESSAGE = "Enter a correct email address and password"


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def fail_sign_in(client, username, times):
    return [sign_in(client, username, "not-the-password") for _ in range(times)]


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def governor(db):
    return GovernorFactory(username="d.okafor")


def test_four_wrong_passwords_only_show_the_form_error(client, governor):
    responses = fail_sign_in(client, "d.okafor", 4)

    assert [response.status_code for response in responses] == [200] * 4
    assert WRONG_PASSWORD_MESSAGE in responses[-1].content.decode()
    assert not sign_in_is_locked("d.okafor")


def test_fifth_wrong_password_shows_the_locked_out_page(client, governor):
    response = fail_sign_in(client, "d.okafor", 5)[-1]

    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_HEADING in html
    assert "5 unsuccessful attempts to sign in as <strong>d.okafor</strong>" in html
    assert "You can try again in 30 minutes" in html
    assert "contact the Trust Partnerships support team at" in html
    assert 'class="govuk-header' in html  # a full GOV.UK page, not a bare error string


def test_correct_password_is_refused_while_locked(client, governor):
    fail_sign_in(client, "d.okafor", 5)

    response = sign_in(client, "d.okafor", PASSWORD)

    assert response.status_code == 429
    assert LOCKED_HEADING in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get(reverse("partnerships:home")).status_code == 302  # still sent to sign in


def test_lock_is_per_username(client, governor):
    other = UserFactory(username="h.wright", role=User.Role.OVERSIGHT)
    fail_sign_in(client, "d.okafor", 5)

    response = sign_in(client, "h.wright", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(other.pk)


def test_lock_lifts_after_thirty_minutes(client, governor):
    fail_sign_in(client, "d.okafor", 5)
    AccessAttempt.objects.filter(username="d.okafor").update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31)
    )

    response = sign_in(client, "d.okafor", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(governor.pk)


def test_signing_in_successfully_clears_earlier_failures(client, governor):
    fail_sign_in(client, "d.okafor", 4)
    assert sign_in(client, "d.okafor", PASSWORD).status_code == 302
    client.post(reverse("logout"))

    responses = fail_sign_in(client, "d.okafor", 4)

    assert responses[-1].status_code == 200
    assert not sign_in_is_locked("d.okafor")


def test_admin_unlocks_from_the_sign_in_lockouts_page(client, governor, admin_user):
    fail_sign_in(client, "d.okafor", 5)
    attempt = AccessAttempt.objects.get(username="d.okafor")
    admin_client = client_class_for(client)
    admin_client.force_login(admin_user)

    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock_selected", ACTION_CHECKBOX_NAME: [attempt.pk]},
        follow=True,
    )

    assert "Locked Out" in listing.content.decode()
    assert "Sign-in unlocked for d.okafor" in response.content.decode()
    assert not sign_in_is_locked("d.okafor")
    assert sign_in(client, "d.okafor", PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(governor.pk)


def test_people_admin_action_unlocks_the_selected_people(client, governor, admin_user):
    fail_sign_in(client, "d.okafor", 5)
    request = RequestFactory().post("/admin/accounts/user/")
    request.user = admin_user
    user_admin = admin_site._registry[User]
    reported = []
    user_admin.message_user = lambda request, message, level=None: reported.append(message)

    unlock_sign_in(user_admin, request, User.objects.filter(pk=governor.pk))

    assert reported == ["Sign-in unlocked for d.okafor. They can sign in again now."]
    assert sign_in(client, "d.okafor", PASSWORD).status_code == 302


def test_oversight_admins_cannot_unlock(client, governor):
    oversight = UserFactory(username="h.wright", role=User.Role.OVERSIGHT, is_staff=True)
    fail_sign_in(client, "d.okafor", 5)
    attempt = AccessAttempt.objects.get(username="d.okafor")
    other_client = client_class_for(client)
    other_client.force_login(oversight)

    response = other_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock_selected", ACTION_CHECKBOX_NAME: [attempt.pk]},
    )

    assert response.status_code == 403
    assert sign_in_is_locked("d.okafor")


def client_class_for(client):
    """A second browser: its own cookies, same server."""
    return type(client)()
