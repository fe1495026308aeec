"""Two-factor authentication (django-otp): required for oversight users and superusers, optional
for everyone else, with single-use recovery codes; and the idle session time-out."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from accounts.services import two_factor
from tests.accounts.factories import PASSWORD, OversightFactory, TrustStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required_as_in_production(settings):
    settings.TWO_FACTOR_REQUIRED_FOR = ("oversight", "superusers")


def sign_in(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def code_for(key: str, *, steps_ahead: int = 0) -> str:
    """What the app shows now (or `steps_ahead` 30-second steps later: a code is accepted once)."""
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def set_up(client) -> tuple[str, list[str]]:
    """Open the set-up page, 'scan' the key, enter the code: returns the key and recovery codes."""
    page = client.get(reverse("accounts:two-factor-setup"))
    assert 'src="data:image/svg+xml' in page.text  # the QR code, inline (the CSP allows data: images)
    key = client.session["two_factor_setup_key"]
    typed = re.search(r'id="typed-key">([A-Z2-7 ]+)<', page.text).group(1)
    assert typed.replace(" ", "") == two_factor.secret_for_typing(key).replace(" ", "")
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(key)}, follow=True)
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.text)
    assert len(codes) == 10
    return key, codes


def test_an_oversight_user_must_set_up_two_factor_at_first_sign_in(client):
    user = OversightFactory()
    sign_in(client, user)

    response = client.get(reverse("oversight:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert "Your role needs two-factor authentication" in client.get(response["Location"]).text

    set_up(client)
    assert client.get(reverse("oversight:dashboard")).status_code == 200


def test_a_superuser_must_set_up_two_factor_before_the_admin(client):
    root = UserFactory(is_superuser=True, is_staff=True, role="oversight")
    sign_in(client, root)
    assert client.get("/admin/").status_code == 302
    set_up(client)
    assert client.get("/admin/").status_code == 200


def test_others_may_sign_in_without_it(client, trust_staff):
    sign_in(client, trust_staff)
    assert client.get(reverse("partnerships:home")).status_code == 200
    assert "Two-factor authentication" in client.get(reverse("accounts:account")).text


def test_once_on_every_sign_in_asks_for_a_code(client, trust_staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp makes each failure wait longer; not under test here
    sign_in(client, trust_staff)
    key, _codes = set_up(client)
    client.post(reverse("logout"))

    sign_in(client, trust_staff)
    blocked = client.get(reverse("partnerships:home"))
    assert blocked["Location"].startswith(reverse("accounts:two-factor-verify"))
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    assert "The code is not right" in wrong.text
    reused = client.post(reverse("accounts:two-factor-verify"), {"code": code_for(key)})
    assert "The code is not right" in reused.text  # the code used to set up cannot be used again
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(key, steps_ahead=1)})
    assert client.get(reverse("partnerships:home")).status_code == 200


def test_a_recovery_code_works_once(trust_staff):
    first = Client()
    sign_in(first, trust_staff)
    _key, codes = set_up(first)

    second = Client()
    sign_in(second, trust_staff)
    response = second.post(reverse("accounts:two-factor-verify"), {"code": codes[0]}, follow=True)
    assert "You used a recovery code. You have 9 left." in response.text
    assert second.get(reverse("partnerships:home")).status_code == 200

    third = Client()
    sign_in(third, trust_staff)
    assert "The code is not right" in third.post(reverse("accounts:two-factor-verify"), {"code": codes[0]}).text
    assert third.get(reverse("partnerships:home")).status_code == 302


def test_the_app_must_show_the_right_code_to_turn_it_on(client, trust_staff):
    sign_in(client, trust_staff)
    client.get(reverse("accounts:two-factor-setup"))
    response = client.post(reverse("accounts:two-factor-setup"), {"code": "123456"})
    assert "The code is not right" in response.text
    assert not two_factor.is_enabled(trust_staff)


def test_optional_two_factor_can_be_turned_off_but_required_cannot(client, trust_staff):
    sign_in(client, trust_staff)
    set_up(client)
    client.post(reverse("accounts:two-factor-disable"))
    assert not two_factor.is_enabled(trust_staff)

    oversight = OversightFactory()
    other = Client()
    sign_in(other, oversight)
    set_up(other)
    assert other.post(reverse("accounts:two-factor-disable")).status_code == 403
    assert two_factor.is_enabled(oversight)


def test_a_session_idle_for_an_hour_is_signed_out_for_oversight(client, settings, monkeypatch):
    settings.TWO_FACTOR_REQUIRED_FOR = ()
    staff, oversight = TrustStaffFactory(), OversightFactory()
    staff_browser = Client()
    for browser, user in ((client, oversight), (staff_browser, staff)):
        sign_in(browser, user)
        browser.get(reverse("partnerships:home"))
    clock = time.time()
    monkeypatch.setattr("accounts.middleware.time.time", lambda: clock + 61 * 60)

    response = client.get(reverse("oversight:dashboard"), follow=True)
    assert "You were signed out after 60 minutes without activity" in response.text
    assert staff_browser.get(reverse("partnerships:home")).status_code == 200  # 8 hours for others


def test_repeated_wrong_codes_are_throttled(client, trust_staff):
    sign_in(client, trust_staff)
    key, _codes = set_up(client)
    client.post(reverse("logout"))
    sign_in(client, trust_staff)
    for _ in range(3):
        client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    # Even the right code waits after repeated failures (django-otp's throttling).
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(key, steps_ahead=1)})
    assert client.get(reverse("partnerships:home")).status_code == 302
