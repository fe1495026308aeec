"""The team page: people with role, last sign-in and status; administrators invite, change roles
and deactivate (never delete), and a deactivated person cannot sign in."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from tests.accounts.factories import PASSWORD, ChairFactory, ClerkFactory, GovernorFactory, TrustAdminFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
Role = User.Role


@pytest.fixture
def trust_admin(trust):
    return TrustAdminFactory(username="admin.a", first_name="Sam", last_name="Patel", trust=trust)


def test_team_page_lists_the_organisations_people_with_role_last_sign_in_and_status(client, trust_admin, trust_staff):
    User.objects.filter(pk=trust_staff.pk).update(last_login=timezone.make_aware(timezone.datetime(2026, 11, 3, 14, 5)))
    gone = TrustAdminFactory(trust=trust_admin.trust, first_name="Former", last_name="Colleague", is_active=False)
    outsider = TrustAdminFactory(first_name="Other", last_name="Trust")
    client.force_login(trust_admin)

    page = client.get(reverse("accounts:team")).text

    assert "Priya Shah" in page and "3 November 2026 at 2:05pm" in page
    assert "Former Colleague" in page and "Deactivated" in page
    assert "Never" in page  # Sam Patel has not signed in through the page
    assert str(outsider) not in page
    assert reverse("accounts:person-deactivate", args=[trust_staff.pk]) in page
    assert reverse("accounts:person-reactivate", args=[gone.pk]) in page
    assert reverse("accounts:person-deactivate", args=[trust_admin.pk]) not in page  # not themselves


def test_staff_see_their_team_but_cannot_manage_it(client, trust_admin, trust_staff):
    client.force_login(trust_staff)
    page = client.get(reverse("accounts:team")).text
    assert "Sam Patel" in page
    assert "Invite someone" not in page and "Deactivate" not in page
    assert client.get(reverse("accounts:person-deactivate", args=[trust_admin.pk])).status_code == 403
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_admin_invites_from_the_team_page(client, trust_admin, trust, django_capture_on_commit_callbacks):
    client.force_login(trust_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite"),
            {"first_name": "Jo", "last_name": "Fletcher", "email": "jo@trust.example", "role": "trust_staff"},
            follow=True,
        )
    assert "Invitation sent to jo@trust.example" in response.text
    assert "jo@trust.example" in client.get(reverse("accounts:team")).text
    invitation = Invitation.objects.get()
    assert (invitation.trust, invitation.role, invitation.invited_by) == (trust, Role.TRUST_STAFF, trust_admin)
    assert mail.outbox[0].to == ["jo@trust.example"]


def test_a_posted_role_the_inviter_cannot_give_is_refused_and_changes_nothing(client, school):
    chair = ChairFactory(school=school)
    client.force_login(chair)
    for role in ("chair", "trust_admin", "oversight"):
        response = client.post(
            reverse("accounts:invite"), {"first_name": "X", "last_name": "Y", "email": "x@example.org", "role": role}
        )
        assert "Select one of the roles you can give" in response.text
    assert not Invitation.objects.exists()


def test_admin_changes_a_role_and_grants_the_authority_to_sign(client, trust_admin, trust_staff):
    client.force_login(trust_admin)
    response = client.post(
        reverse("accounts:person-role", args=[trust_staff.pk]),
        {"role": "trust_admin", "can_sign_for_trust": "on"},
        follow=True,
    )
    assert "Priya Shah is now trust administrator" in response.text
    trust_staff.refresh_from_db()
    assert (trust_staff.role, trust_staff.can_sign_for_trust) == (Role.TRUST_ADMIN, True)
    latest = trust_staff.history.latest()
    assert latest.history_user == trust_admin
    assert latest.history_change_reason == (
        "Changed by Sam Patel: role from trust staff to trust administrator; can sign for the trust"
    )


def test_a_chair_changes_governors_roles_but_not_the_headteachers(client, school):
    chair = ChairFactory(school=school, first_name="Daniel", last_name="Okafor")
    governor = GovernorFactory(school=school)
    head = GovernorFactory(school=school, role=Role.HEADTEACHER)
    client.force_login(chair)

    client.post(reverse("accounts:person-role", args=[governor.pk]), {"role": "vice_chair"})
    governor.refresh_from_db()
    assert governor.role == Role.VICE_CHAIR
    assert client.get(reverse("accounts:person-role", args=[head.pk])).status_code == 403
    response = client.post(reverse("accounts:person-role", args=[governor.pk]), {"role": "chair"})
    assert "Select one of the roles you can give" in response.text
    governor.refresh_from_db()
    assert governor.role == Role.VICE_CHAIR


def test_someone_of_another_organisation_is_not_found(client, school):
    chair = ChairFactory(school=school)
    elsewhere = GovernorFactory(school=SchoolFactory())
    client.force_login(chair)
    assert client.get(reverse("accounts:person-role", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("accounts:person-deactivate", args=[elsewhere.pk])).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active


def test_deactivated_people_cannot_sign_in_and_are_signed_out(client, trust_admin, trust_staff):
    their_browser = Client()
    their_browser.post(reverse("login"), {"username": trust_staff.email, "password": PASSWORD})
    assert their_browser.get(reverse("partnerships:home")).status_code == 200

    client.force_login(trust_admin)
    response = client.post(reverse("accounts:person-deactivate", args=[trust_staff.pk]), follow=True)
    assert "Priya Shah&#x27;s account has been deactivated" in response.text

    assert their_browser.get(reverse("partnerships:home")).status_code == 302  # signed out
    again = their_browser.post(reverse("login"), {"username": trust_staff.email, "password": PASSWORD})
    assert again.status_code == 200 and "Enter a correct email address and password" in again.text
    trust_staff.refresh_from_db()
    assert not trust_staff.is_active
    assert User.objects.filter(pk=trust_staff.pk).exists()  # never deleted
    latest = trust_staff.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (trust_admin, "Deactivated by Sam Patel")


def test_reactivating_lets_them_sign_in_again(client, trust_admin, trust_staff):
    trust_staff.is_active = False
    trust_staff.save()
    client.force_login(trust_admin)
    client.post(reverse("accounts:person-reactivate", args=[trust_staff.pk]))
    assert Client().login(username=trust_staff.username, password=PASSWORD)


def test_nobody_deactivates_themselves(client, trust_admin):
    client.force_login(trust_admin)
    assert client.post(reverse("accounts:person-deactivate", args=[trust_admin.pk])).status_code == 403
    trust_admin.refresh_from_db()
    assert trust_admin.is_active


def test_the_clerk_cannot_manage_the_team(client, school):
    clerk = ClerkFactory(school=school)
    governor = GovernorFactory(school=school)
    client.force_login(clerk)
    assert client.post(reverse("accounts:person-deactivate", args=[governor.pk])).status_code == 403
    governor.refresh_from_db()
    assert governor.is_active


def test_withdrawing_an_invitation_from_the_team_page(client, trust_admin, trust):
    from accounts.services import invitation_create

    invitation = invitation_create(invited_by=trust_admin, email="jo@trust.example", role="trust_staff", trust=trust)
    client.force_login(trust_admin)
    response = client.post(reverse("accounts:invitation-revoke", args=[invitation.pk]), follow=True)
    assert "The invitation to jo@trust.example has been withdrawn" in response.text
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
