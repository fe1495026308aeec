import datetime

import pytest

from partnerships.models import Partnership
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True, role="oversight")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/partnerships/partnership/?q=TP26",
        "/admin/schools/school/?q=107654",
        "/admin/schools/trust/?q=TR02343",
        "/admin/partnerships/clause/",
        "/admin/partnerships/activity/",
    ],
)
def test_oversight_admins_can_read_the_admin(client, oversight, school, trust, url):
    PartnershipFactory(school=school, trust=trust)
    client.force_login(oversight)
    assert client.get(url).status_code == 200


def test_oversight_admins_cannot_change_rows_directly(client, oversight, school, trust):
    partnership = PartnershipFactory(school=school, trust=trust)
    client.force_login(oversight)
    response = client.post(f"/admin/partnerships/partnership/{partnership.pk}/change/", {"purpose": "Hijacked"})
    assert response.status_code == 403
    assert client.get("/admin/partnerships/partnership/add/").status_code == 403
    partnership.refresh_from_db()
    assert partnership.purpose != "Hijacked"


def test_admin_action_runs_the_transition_service_for_a_superuser_only(
    client, oversight, superuser, school, trust, trust_staff, governor
):
    from agreements.services import agreement_issue
    from tests.agreements.builders import record_approval
    from tests.partnerships.factories import ready_for_review

    partnership = ready_for_review(
        school=school,
        trust=trust,
        status=Partnership.Status.AGREED,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 8, 31),
    )
    record_approval(partnership, governor)
    agreement_issue(partnership=partnership, issued_by=trust_staff)
    client.force_login(oversight)
    action = {"action": "activate", "_selected_action": [partnership.pk], "confirmed": "yes"}
    client.post("/admin/partnerships/partnership/", action, follow=True)
    assert Partnership.objects.get().status == Partnership.Status.AGREED  # oversight has no actions

    client.force_login(superuser)
    confirm = client.post("/admin/partnerships/partnership/", {**action, "confirmed": ""})
    assert "Activate (start date reached): are you sure?" in confirm.text
    assert Partnership.objects.get().status == Partnership.Status.AGREED
    response = client.post("/admin/partnerships/partnership/", action, follow=True)
    assert "Activated: 1 partnership." in response.text
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACTIVE
    latest = partnership.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (superuser, "Start date reached")


def test_admin_action_reports_an_illegal_transition(client, superuser, school, trust):
    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.DRAFT)
    client.force_login(superuser)
    response = client.post(
        "/admin/partnerships/partnership/",
        {"action": "conclude", "_selected_action": [partnership.pk], "confirmed": "yes"},
        follow=True,
    )
    assert f"{partnership.reference}: You cannot conclude a partnership that is draft." in response.text
    assert Partnership.objects.get().status == Partnership.Status.DRAFT


def test_history_view_shows_the_change(client, superuser, school, trust):
    partnership = PartnershipFactory(school=school, trust=trust)
    client.force_login(superuser)
    response = client.get(f"/admin/partnerships/partnership/{partnership.pk}/history/")
    assert response.status_code == 200
    assert partnership.reference in response.text


def test_trust_staff_and_governors_have_no_admin(client, trust_staff, governor):
    for user in (trust_staff, governor):
        client.force_login(user)
        assert client.get("/admin/").status_code == 302


def test_partnership_admin_offers_the_agreement_actions(client, superuser, school, trust):
    from agreements.models import AgreementVersion

    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.AGREED)
    client.force_login(superuser)
    response = client.post(
        "/admin/partnerships/partnership/",
        {"action": "generate_draft_agreement", "_selected_action": [partnership.pk], "confirmed": "yes"},
        follow=True,
    )
    assert f"Draft agreement generated: {partnership.reference} version 1." in response.text
    assert AgreementVersion.objects.get().status == "draft"
