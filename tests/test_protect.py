"""Deleting a school, trust or person that partnerships, decisions or history refer to is refused."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import User
from partnerships import services
from partnerships.models import Partnership, ReviewDecision
from schools.models import School, Trust
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.agreements.builders import CHAIR_MEETING
from tests.partnerships.factories import ClauseFactory, PartnershipFactory, ready_for_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership(school, trust, trust_staff):
    return PartnershipFactory(school=school, trust=trust, created_by=trust_staff)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_school_with_a_partnership_cannot_be_deleted(partnership, school):
    with pytest.raises(ProtectedError):
        school.delete()

    assert School.objects.filter(pk=school.pk).exists()
    assert Partnership.objects.get(pk=partnership.pk).school == school


def test_trust_with_a_partnership_cannot_be_deleted(partnership, trust):
    with pytest.raises(ProtectedError):
        trust.delete()

    assert Trust.objects.filter(pk=trust.pk).exists()


def test_person_who_set_up_a_partnership_cannot_be_deleted(partnership, trust_staff):
    with pytest.raises(ProtectedError):
        trust_staff.delete()

    assert Partnership.objects.get(pk=partnership.pk).created_by == trust_staff


def test_governor_who_decided_a_review_cannot_be_deleted(school, trust, trust_staff, governor):
    partnership = ready_for_review(school=school, trust=trust, created_by=trust_staff)
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    services.partnership_approve(partnership=partnership, approved_by=governor, **CHAIR_MEETING)

    with pytest.raises(ProtectedError):
        governor.delete()

    decision = ReviewDecision.objects.get(partnership=partnership)
    assert (decision.decided_by, decision.decided_by_name) == (governor, "Daniel Okafor")


def test_person_named_only_in_the_history_cannot_be_deleted(partnership, trust):
    colleague = TrustStaffFactory(username="colleague", first_name="Sam", last_name="Ellis", trust=trust)
    clause = ClauseFactory(partnership=partnership, heading="Scope of support")
    services.clause_update(clause=clause, updated_by=colleague, body="Updated by a colleague.")

    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        colleague.delete()

    message = str(refused.value.args[0])
    assert message.startswith("Sam Ellis cannot be deleted because the history records them as making 1 change")
    assert "clause \u201cScope of support\u201d changed on" in message
    assert "Switch the account off instead" in message
    assert clause.history.latest().history_user.username == "colleague"


def test_person_with_no_records_can_be_deleted(school):
    newcomer = GovernorFactory(username="newcomer", school=school)

    newcomer.delete()

    assert not User.objects.filter(username="newcomer").exists()


def test_admin_lists_the_partnerships_that_stop_a_school_being_deleted(admin_client, partnership, school):
    url = reverse("admin:schools_school_delete", args=[school.pk])

    page = admin_client.get(url)
    confirmed = admin_client.post(url, {"post": "yes"})

    assert page.status_code == 200
    # Partnerships are the services' rows, which nobody deletes in the admin, so the admin
    # refuses before it gets to the protection: either way it says why and deletes nothing.
    assert "Cannot delete school" in page.text and "partnership" in page.text
    assert confirmed.status_code in (200, 403)  # an explanation or a refusal, never a 500
    assert School.objects.filter(pk=school.pk).exists()


def test_admin_bulk_delete_of_trusts_explains_the_refusal(admin_client, partnership, trust):
    response = admin_client.post(
        reverse("admin:schools_trust_changelist"),
        {"action": "delete_selected", "_selected_action": [trust.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "Cannot delete trust" in response.text and "partnership" in response.text
    assert Trust.objects.filter(pk=trust.pk).exists()


def test_admin_delete_of_a_person_named_in_history_shows_the_reason(admin_client, partnership, trust):
    colleague = TrustStaffFactory(username="colleague", first_name="Sam", last_name="Ellis", trust=trust)
    services.clause_create(partnership=partnership, created_by=colleague, section=10, heading="Scope", body="Text")

    response = admin_client.post(
        reverse("admin:accounts_user_delete", args=[colleague.pk]), {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse("admin:accounts_user_change", args=[colleague.pk])
    assert "Sam Ellis cannot be deleted because the history records them" in response.text
    assert User.objects.filter(pk=colleague.pk).exists()


def test_refusal_from_a_protect_key_reads_as_a_sentence(partnership, school):
    from config.middleware import refused_delete_message

    with pytest.raises(ProtectedError) as refused:
        school.delete()

    assert refused_delete_message(refused.value) == (
        f"This cannot be deleted because other records depend on it: {partnership}. Nothing was deleted."
    )
