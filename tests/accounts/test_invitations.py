"""Invitations: who may invite whom, the signed single-use 7-day link, accepting it, and the
pages a person sees when the link no longer works."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, User
from partnerships.models import Partnership
from tests.accounts.factories import (
    ChairFactory,
    ClerkFactory,
    GovernorFactory,
    OversightFactory,
    OversightLeadFactory,
    TrustAdminFactory,
    TrustStaffFactory,
    UserFactory,
)
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db
Role = User.Role
GOOD_PASSWORD = "a-long-unusual-passphrase-42"


@pytest.fixture
def trust_admin(trust):
    return TrustAdminFactory(username="admin.a", first_name="Sam", last_name="Patel", trust=trust)


@pytest.fixture
def chair(school):
    return ChairFactory(username="chair.a", first_name="Daniel", last_name="Okafor", school=school)


def invite(by, *, email="new.person@example.org", role, trust=None, school=None, **extra):
    return services.invitation_create(
        invited_by=by,
        email=email,
        role=role,
        trust=trust,
        school=school,
        first_name="Ada",
        last_name="Lovelace",
        **extra,
    )


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", message.body).group(1)


def accept(client, path, **overrides):
    data = {"first_name": "Ada", "last_name": "Lovelace", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    return client.post(path, {**data, **overrides})


# --- Who may invite whom ---------------------------------------------------------------------------


def test_trust_admin_invites_trust_colleagues_of_their_own_trust_only(trust_admin, trust):
    assert invite(trust_admin, role=Role.TRUST_STAFF, trust=trust).trust == trust
    assert invite(trust_admin, email="boss@example.org", role=Role.TRUST_ADMIN, trust=trust).role == Role.TRUST_ADMIN
    with pytest.raises(PermissionDenied):
        invite(trust_admin, email="x@example.org", role=Role.TRUST_STAFF, trust=TrustFactory())


@pytest.mark.parametrize(
    ("inviter", "role"),
    [
        ("trust_staff", Role.TRUST_STAFF),  # staff are not the trust's administrators
        ("trust_staff", Role.GOVERNOR),  # staff invite a partner school's chair, clerk and head only
        ("chair", Role.CHAIR),  # a chair cannot make another chair
        ("chair", Role.HEADTEACHER),
        ("clerk", Role.GOVERNOR),
        ("governor", Role.CLERK),
        ("oversight", Role.OVERSIGHT),  # oversight users are invited by oversight leads
        ("oversight_lead", Role.OVERSIGHT_LEAD),
        ("oversight_lead", Role.TRUST_ADMIN),
    ],
)
def test_an_invitation_cannot_grant_a_role_the_inviter_may_not_give(inviter, role, trust, school):
    PartnershipFactory(school=school, trust=trust)
    people = {
        "trust_staff": TrustStaffFactory(trust=trust),
        "chair": ChairFactory(school=school),
        "clerk": ClerkFactory(school=school),
        "governor": GovernorFactory(school=school, role=Role.GOVERNOR),
        "oversight": OversightFactory(),
        "oversight_lead": OversightLeadFactory(),
    }
    scope = {"trust": trust} if role in User.TRUST_ROLES else {"school": school} if role in User.SCHOOL_ROLES else {}

    with pytest.raises(PermissionDenied):
        invite(people[inviter], role=role, **scope)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invitation_cannot_grant_another_organisation(chair, trust_admin):
    with pytest.raises(PermissionDenied):
        invite(chair, role=Role.GOVERNOR, school=SchoolFactory(name="Somewhere Else Primary"))
    with pytest.raises(PermissionDenied):
        invite(trust_admin, role=Role.TRUST_STAFF, trust=TrustFactory(name="Another Trust"))
    assert not Invitation.objects.exists()


def test_only_trust_admins_give_the_authority_to_sign(trust, trust_admin):
    staff = TrustStaffFactory(trust=trust)
    assert invite(trust_admin, role=Role.TRUST_STAFF, trust=trust, can_sign_for_trust=True).can_sign_for_trust
    with pytest.raises(PermissionDenied):
        # staff could not invite a colleague at all, let alone one who signs
        invite(staff, email="other@example.org", role=Role.TRUST_STAFF, trust=trust, can_sign_for_trust=True)


def test_trust_staff_invite_the_partner_schools_chair_clerk_and_headteacher(trust, school, trust_staff):
    PartnershipFactory(school=school, trust=trust)
    for number, role in enumerate((Role.CHAIR, Role.CLERK, Role.HEADTEACHER)):
        assert invite(trust_staff, email=f"p{number}@school.example", role=role, school=school).school == school
    with pytest.raises(PermissionDenied):  # a school their trust has no partnership with
        invite(trust_staff, email="x@example.org", role=Role.CHAIR, school=SchoolFactory())


def test_trust_staff_cannot_invite_at_a_school_whose_partnership_is_withdrawn(trust, school, trust_staff):
    PartnershipFactory(school=school, trust=trust, status=Partnership.Status.WITHDRAWN)
    with pytest.raises(PermissionDenied):
        invite(trust_staff, role=Role.CHAIR, school=school)


def test_chair_invites_governors_and_the_clerk_of_their_school(chair, school):
    assert invite(chair, role=Role.CLERK, school=school).role == Role.CLERK
    assert invite(chair, email="gov@example.org", role=Role.GOVERNOR, school=school).role == Role.GOVERNOR


def test_oversight_lead_invites_oversight_users_and_a_superuser_anyone(trust):
    assert invite(OversightLeadFactory(), role=Role.OVERSIGHT).role == Role.OVERSIGHT
    root = UserFactory(username="root", is_superuser=True, is_staff=True, role=Role.OVERSIGHT)
    assert invite(root, email="ceo@example.org", role=Role.TRUST_ADMIN, trust=trust).role == Role.TRUST_ADMIN


def test_deactivated_people_cannot_invite(trust):
    admin = TrustAdminFactory(trust=trust, is_active=False)
    with pytest.raises(PermissionDenied):
        invite(admin, role=Role.TRUST_STAFF, trust=trust)


def test_an_address_with_an_active_account_cannot_be_invited(trust_admin, trust):
    TrustStaffFactory(email="taken@example.org", trust=TrustFactory(name="Elsewhere Trust"))
    with pytest.raises(ValidationError) as error:
        invite(trust_admin, email="TAKEN@example.org", role=Role.TRUST_STAFF, trust=trust)
    assert "already has an account (Elsewhere Trust)" in error.value.message_dict["email"][0]


# --- The email and the link ------------------------------------------------------------------------


def test_the_invitation_email_names_who_invited_them_to_what_with_a_link_from_site_url(
    trust_admin, trust, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://partnerships.example.gov.uk"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)

    (message,) = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert message.subject == "Sam Patel has invited you to Trust Partnerships"
    assert "as trust staff at Northern Lights Academy Trust" in message.body
    assert "The link works once, for 7 days" in message.body
    token = services.invitation_token(invitation)
    assert f"https://partnerships.example.gov.uk/invitations/{token}/" in message.body
    assert "<" not in message.body  # plain text, nothing escaped into HTML


@pytest.mark.template_context
def test_accepting_creates_the_account_in_the_invited_role_and_signs_in(
    client, trust_admin, trust, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust, can_sign_for_trust=True)
    path = link_in(mail.outbox[0])

    page = client.get(path)
    assert "Sam Patel has invited you to join Trust Partnerships as <strong>trust staff</strong>" in page.text
    response = accept(client, path, first_name="Ada ", last_name="Lovelace")

    assert response.status_code == 302 and response["Location"] == reverse("partnerships:home")
    user = User.objects.get(email="new.person@example.org")
    assert (user.role, user.trust, user.can_sign_for_trust, user.get_full_name()) == (
        Role.TRUST_STAFF,
        trust,
        True,
        "Ada Lovelace",
    )
    assert user.check_password(GOOD_PASSWORD)
    assert client.get(reverse("partnerships:home")).context["user"] == user
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (Invitation.Status.ACCEPTED, user)


def test_the_link_works_only_once(client, trust_admin, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    path = link_in(mail.outbox[0])
    accept(client, path)
    client.logout()

    again = client.get(path)
    assert "This invitation has already been used" in again.text
    reused = accept(client, path, first_name="Eve")
    assert "This invitation has already been used" in reused.text
    assert User.objects.filter(email="new.person@example.org").count() == 1
    assert not User.objects.filter(first_name="Eve").exists()


def test_an_expired_link_says_so_and_who_to_ask(client, trust_admin, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    path = link_in(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    page = client.get(path)
    assert "This invitation has expired" in page.text
    assert "Ask Sam Patel" in page.text and trust_admin.email in page.text
    accept(client, path)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_invitations_last_seven_days(trust_admin, trust):
    invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert Invitation.objects.pending(now=invitation.created_at + datetime.timedelta(days=6, hours=23)).exists()
    assert not Invitation.objects.pending(now=invitation.created_at + datetime.timedelta(days=7)).exists()


def test_a_withdrawn_link_says_so_and_creates_nothing(client, trust_admin, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    path = link_in(mail.outbox[0])
    services.invitation_revoke(invitation=invitation, revoked_by=trust_admin)

    assert "This invitation has been withdrawn" in client.get(path).text
    accept(client, path)
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_new_invitation_replaces_the_old_link(client, trust_admin, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
        invite(trust_admin, role=Role.TRUST_ADMIN, trust=trust)
    first, second = (link_in(message) for message in mail.outbox)

    assert "This invitation has been withdrawn" in client.get(first).text
    accept(client, second)
    assert User.objects.get(email="new.person@example.org").role == Role.TRUST_ADMIN


def test_an_altered_link_does_not_work(client, trust_admin, trust):
    token = services.invitation_token(invite(trust_admin, role=Role.TRUST_STAFF, trust=trust))
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.get(reverse("accounts:invitation-accept", args=[forged]))
    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert "support@trust-partnerships.example" in response.text


def test_the_password_must_pass_djangos_validators(client, trust_admin, trust, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    path = link_in(mail.outbox[0])

    short = accept(client, path, password="password1", password_again="password1")
    assert "This password is too short" in short.text
    assert "This password is too common" in short.text
    mismatch = accept(client, path, password_again=GOOD_PASSWORD + "x")
    assert "The passwords do not match" in mismatch.text
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_history_names_who_invited_accepted_and_withdrew(trust_admin, trust):
    invitation = invite(trust_admin, role=Role.TRUST_STAFF, trust=trust)
    user = services.invitation_accept(
        invitation=invitation, first_name="Ada", last_name="Lovelace", password=GOOD_PASSWORD
    )
    created, accepted = invitation.history.order_by("history_id")
    assert (created.history_user, created.history_change_reason) == (
        trust_admin,
        "Invited new.person@example.org as trust staff at Northern Lights Academy Trust",
    )
    assert (accepted.history_user, accepted.history_change_reason) == (user, "Accepted")
    account = user.history.get()
    assert (account.history_user, account.history_change_reason) == (user, "Accepted the invitation from Sam Patel")

    withdrawn = invite(trust_admin, email="other@example.org", role=Role.TRUST_STAFF, trust=trust)
    services.invitation_revoke(invitation=withdrawn, revoked_by=trust_admin)
    latest = withdrawn.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (trust_admin, "Withdrawn by Sam Patel")


def test_a_signed_in_person_opening_someone_elses_link_is_told_to_sign_out(client, trust_admin, trust, trust_staff):
    token = services.invitation_token(invite(trust_admin, role=Role.TRUST_STAFF, trust=trust))
    client.force_login(trust_staff)
    page = client.get(reverse("accounts:invitation-accept", args=[token]))
    assert "You are signed in as someone else" in page.text
    accept(client, reverse("accounts:invitation-accept", args=[token]))
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_the_invite_command_follows_the_same_rules(trust, trust_staff, capsys):
    from django.core.management import CommandError, call_command

    root = UserFactory(username="root", is_superuser=True, is_staff=True, role=Role.OVERSIGHT)
    call_command("invite", "ceo@trust.example", role="trust_admin", trust=trust.group_id, by=root.username)
    assert Invitation.objects.get(email="ceo@trust.example").role == Role.TRUST_ADMIN
    assert "/invitations/" in capsys.readouterr().out

    with pytest.raises(CommandError, match="You cannot invite someone as trust administrator"):
        call_command("invite", "x@trust.example", role="trust_admin", trust=trust.group_id, by=trust_staff.username)
    assert not Invitation.objects.filter(email="x@trust.example").exists()


@pytest.mark.template_context
def test_trust_staff_invite_the_chair_from_the_partnership_prefilled_from_its_contacts(
    client, trust, school, trust_staff, django_capture_on_commit_callbacks
):
    partnership = PartnershipFactory(
        school=school,
        trust=trust,
        chair_of_governors_name="Daniel Okafor",
        chair_of_governors_email="chair@school.example",
    )
    client.force_login(trust_staff)
    detail = client.get(reverse("partnerships:partnership-detail", args=[partnership.pk])).text
    invite_url = reverse("accounts:partnership-invite", args=[partnership.pk]) + "?role=chair"
    assert invite_url in detail and "Nobody from the school has an account yet" in detail

    form = client.get(invite_url).context["form"]
    assert (form.initial["first_name"], form.initial["last_name"], form.initial["email"]) == (
        "Daniel",
        "Okafor",
        "chair@school.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url, {**form.initial, "job_title": ""})
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.school, invitation.invited_by) == (Role.CHAIR, school, trust_staff)
    assert f"to work on the trust partnership {partnership.reference}" in mail.outbox[0].body
    assert (
        "chair@school.example (chair of governors)"
        in client.get(reverse("partnerships:partnership-detail", args=[partnership.pk])).text
    )
