"""Single sign-on end to end: the service (mozilla-django-oidc) against a real OpenID Connect
provider on loopback (pyop, tests/accounts/oidc_provider.py). The browser's part is played by
the test client (the service's pages) and `requests` (the provider's authorisation endpoint);
the service itself calls the provider's token, userinfo and JWKS endpoints over HTTP."""

import pytest
import requests
from django.urls import reverse

from accounts.models import Invitation, User
from accounts.services import invitation_create
from tests.accounts.factories import TrustAdminFactory, TrustStaffFactory
from tests.accounts.oidc_provider import LoopbackProvider, callback_path

pytestmark = [pytest.mark.django_db, pytest.mark.template_context]  # reads response.context

PEOPLE = {
    "ada": {"email": "ada@trust.example", "email_verified": True, "given_name": "Ada", "family_name": "Lovelace"},
    "eve": {"email": "eve@elsewhere.example", "email_verified": True, "given_name": "Eve", "family_name": "Intruder"},
    "priya": {"email": "STAFF@example.org", "email_verified": True, "given_name": "Priya", "family_name": "Shah"},
    "unverified": {"email": "ada@trust.example", "email_verified": False},
    "head": {
        "email": "head@sthildas.example",
        "email_verified": True,
        "given_name": "Margaret",
        "family_name": "Ellis",
        "organisation": {"urn": "107654", "name": "St Hilda's Church of England Primary School"},
    },
    "moved": {
        "email": "ada@trust.example",
        "email_verified": True,
        "given_name": "Ada",
        "family_name": "Lovelace",
        "organisation": {"ukprn": "10099999", "name": "Another trust"},
    },
}


@pytest.fixture
def provider(settings):
    with LoopbackProvider(redirect_uri="http://testserver/sign-in/sso/callback/", people=PEOPLE) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.sso.InvitedOnlyOIDCBackend"]
        settings.SSO_ORGANISATION_CLAIM = "organisation"
        settings.OIDC_RP_SCOPES = "openid email profile organisation"  # as DfE Sign-in asks for it
        yield running


def sign_in_with_sso(client, provider, person: str):
    """Start at the service, 'sign in' at the provider as `person`, come back to the service."""
    provider.signed_in_as = person
    start = client.get(reverse("accounts:sso-start"))
    assert start.status_code == 302 and start["Location"].startswith(provider.base + "/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    return client.get(callback_path(at_provider.headers["Location"]), follow=True)


def signed_in_user(client):
    return client.get(reverse("accounts:account")).context["user"] if client.session.get("_auth_user_id") else None


def test_an_uninvited_email_gets_no_account(client, provider):
    response = sign_in_with_sso(client, provider, "eve")

    assert "You need an invitation" in response.text
    assert not User.objects.filter(email__iexact="eve@elsewhere.example").exists()
    assert signed_in_user(client) is None


def test_an_invited_person_signs_in_and_the_invitation_is_used(client, provider, trust):
    admin = TrustAdminFactory(trust=trust)
    invitation = invitation_create(invited_by=admin, email="Ada@Trust.example", role="trust_staff", trust=trust)

    response = sign_in_with_sso(client, provider, "ada")

    assert response.redirect_chain[-1][0] == reverse("partnerships:home")
    user = User.objects.get(email__iexact="ada@trust.example")
    assert (user.role, user.trust, user.get_full_name(), user.has_usable_password()) == (
        "trust_staff",
        trust,
        "Ada Lovelace",
        False,
    )
    assert signed_in_user(client) == user
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_an_existing_account_signs_in_by_email(client, provider, trust_staff):
    sign_in_with_sso(client, provider, "priya")
    assert signed_in_user(client) == trust_staff


def test_a_deactivated_account_cannot_sign_in_with_sso(client, provider, trust):
    TrustStaffFactory(email="ada@trust.example", trust=trust, is_active=False)
    response = sign_in_with_sso(client, provider, "ada")
    assert signed_in_user(client) is None
    assert "You need an invitation" in response.text


def test_an_unverified_email_is_refused(client, provider, trust):
    invitation_create(
        invited_by=TrustAdminFactory(trust=trust), email="ada@trust.example", role="trust_staff", trust=trust
    )
    sign_in_with_sso(client, provider, "unverified")
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="ada@trust.example").exists()


def test_an_organisation_claim_for_another_organisation_is_refused(client, provider, trust):
    invitation_create(
        invited_by=TrustAdminFactory(trust=trust), email="ada@trust.example", role="trust_staff", trust=trust
    )
    sign_in_with_sso(client, provider, "moved")
    assert signed_in_user(client) is None
    assert not User.objects.filter(email="ada@trust.example").exists()


def test_an_organisation_claim_naming_their_school_is_accepted(client, provider, school, trust):
    from tests.partnerships.factories import PartnershipFactory

    PartnershipFactory(school=school, trust=trust)
    staff = TrustStaffFactory(trust=trust)
    invitation_create(invited_by=staff, email="head@sthildas.example", role="headteacher", school=school)

    sign_in_with_sso(client, provider, "head")

    user = signed_in_user(client)
    assert (user.email, user.role, user.school) == ("head@sthildas.example", "headteacher", school)


def test_single_sign_on_pages_are_not_found_when_it_is_off(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    assert client.get(reverse("accounts:sso-callback")).status_code == 404
    assert reverse("accounts:sso-start") not in client.get(reverse("login")).text


def test_the_sign_in_page_offers_single_sign_on_when_it_is_set_up(client, provider, settings):
    settings.SSO_PROVIDER_NAME = "DfE Sign-in"
    page = client.get(reverse("login")).text
    assert "Sign in with DfE Sign-in" in page and reverse("accounts:sso-start") in page
