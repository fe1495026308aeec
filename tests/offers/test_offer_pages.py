"""A trust administrator writes, publishes and withdraws the offer; the public offer page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from offers import services
from offers.models import Offer
from tests.accounts.factories import TrustStaffFactory
from tests.offers.factories import OfferFactory, TrustAdminFactory
from tests.offers.helpers import page_text
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

OFFER_FORM = {
    "summary": "We work alongside your leaders for a year.",
    "support": ["headteacher_mentoring", "trust_wide_training"],
    "phases": ["primary"],
    "local_authorities": "leeds\nBradford",
    "capacity": "3",
    "team": "Jo Fletcher, Director of Education",
    "charges": "No charge for the first term.",
    "contact_name": "Jo Fletcher",
    "contact_role": "Director of Education",
    "contact_email": "jo@trust.example",
    "contact_phone": "",
}


@pytest.fixture
def admin(trust):
    SchoolFactory(la_name="Leeds")
    SchoolFactory(la_name="Bradford")
    return TrustAdminFactory(username="trust.admin", trust=trust)


def test_admin_writes_publishes_and_withdraws_with_history(client, admin, trust):
    client.force_login(admin)

    response = client.post(reverse("offers:trust-offer-edit"), OFFER_FORM, follow=True)
    assert "Offer saved as a draft." in response.text
    offer = Offer.objects.get(trust=trust)
    assert (offer.status, offer.local_authority_list, offer.support_list) == (
        "draft",
        ["Leeds", "Bradford"],
        ["headteacher_mentoring", "trust_wide_training"],
    )

    response = client.post(reverse("offers:trust-offer-publish"), {}, follow=True)
    assert "Your offer is published. Schools can now find it." in response.text
    assert trust.name in client.get(reverse("offers:directory")).text

    response = client.post(reverse("offers:trust-offer-withdraw"), {"reason": "Full this year"}, follow=True)
    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    assert [(row.history_change_reason, row.history_user) for row in offer.history.order_by("history_id")] == [
        ("Offer written (draft)", admin),
        ("Offer published", admin),
        ("Offer withdrawn: Full this year", admin),
    ]
    assert "Offer withdrawn: Full this year" in client.get(reverse("offers:trust-offer")).text


def test_withdrawing_asks_why_in_at_most_500_characters(client, admin, trust):
    offer = OfferFactory(trust=trust)
    client.force_login(admin)
    url = reverse("offers:trust-offer-withdraw")

    page = page_text(client.post(url, {"reason": " "}).text)
    assert "Why are you withdrawing the offer?" in page and "Enter why you are withdrawing the offer" in page
    page = page_text(client.post(url, {"reason": "x" * 501}).text)
    assert "Ensure this value has at most 500 characters (it has 501)." in page
    offer.refresh_from_db()
    assert offer.status == "published"

    client.post(url, {"reason": "x" * 500})
    offer.refresh_from_db()
    assert (offer.status, offer.history.first().history_change_reason) == ("withdrawn", "Offer withdrawn: " + "x" * 500)


def test_the_withdraw_service_refuses_a_reason_longer_than_the_limit_and_changes_nothing(admin, trust):
    """Not only the form: a command or any other caller of the service is held to the same limit."""
    offer = OfferFactory(trust=trust)
    with pytest.raises(ValidationError) as refused:
        services.offer_withdraw(offer=offer, withdrawn_by=admin, reason="x" * 501)
    assert refused.value.message_dict == {
        "reason": ["Why you are withdrawing the offer must be 500 characters or fewer."]
    }
    offer.refresh_from_db()
    assert (offer.status, offer.history.count()) == ("published", 1)


def test_unknown_local_authority_is_an_error_on_the_field(client, admin):
    client.force_login(admin)

    response = client.post(reverse("offers:trust-offer-edit"), {**OFFER_FORM, "local_authorities": "Leeds\nAtlantis"})

    assert response.status_code == 200
    assert "These are not local authorities in GIAS: Atlantis." in response.text
    assert not Offer.objects.exists()


def test_trust_staff_read_the_offer_but_cannot_change_it(client, trust):
    OfferFactory(trust=trust, status=Offer.Status.DRAFT, published_at=None)
    staff = TrustStaffFactory(trust=trust)
    client.force_login(staff)

    assert client.get(reverse("offers:trust-offer")).status_code == 200
    assert client.post(reverse("offers:trust-offer-edit"), OFFER_FORM).status_code == 403
    assert client.post(reverse("offers:trust-offer-publish"), {}).status_code == 403
    with pytest.raises(Exception, match="Only a trust administrator"):
        services.offer_publish(offer=Offer.objects.get(), published_by=staff)
    assert Offer.objects.get().status == "draft"


def test_publishing_twice_is_refused(admin, trust):
    offer = OfferFactory(trust=trust)
    with pytest.raises(Exception, match="already published"):
        services.offer_publish(offer=offer, published_by=admin)


def test_offer_page_shows_principles_and_gias_facts_without_current_grades(client, trust):
    offer = OfferFactory(trust=trust)
    AcademyFactory(
        trust=trust,
        name="Old Grade Academy",
        pupils_on_roll=300,
        phase="Primary",
        previous_ofsted_grade="Good",
        previous_ofsted_grade_on=datetime.date(2023, 3, 14),
        ofsted_last_inspection=datetime.date(2023, 3, 14),
    )
    AcademyFactory(
        trust=trust,
        name="New Inspection Academy",
        pupils_on_roll=500,
        phase="Secondary",
        previous_ofsted_grade="Outstanding",
        previous_ofsted_grade_on=datetime.date(2019, 6, 5),
        ofsted_last_inspection=datetime.date(2025, 10, 2),
    )

    page = page_text(client.get(reverse("offers:offer-detail", args=[offer.pk])).text)

    assert "It is not academy conversion, nor a routine step before it." in page
    assert "Open academies 2 Pupils on roll 800 Phases Primary, Secondary" in page
    assert "the most recent was on 2 October 2025" in page
    assert "New Inspection Academy Latest inspection 2 October 2025" in page
    assert "Previous overall grade (before September 2024): Outstanding, 5 June 2019" in page
    assert "Previous overall grade (before September 2024): Good, 14 March 2023" in page
    # A grade never appears except as a previous grade with its date.
    for grade in ("Good", "Outstanding"):
        assert page.count(grade) == page.count(f"Previous overall grade (before September 2024): {grade}")


def test_draft_offer_is_a_preview_for_its_own_trust_only(client, trust):
    offer = OfferFactory(trust=trust, status=Offer.Status.DRAFT, published_at=None)
    url = reverse("offers:offer-detail", args=[offer.pk])

    assert client.get(url).status_code == 404
    client.force_login(TrustStaffFactory(trust=TrustFactory()))
    assert client.get(url).status_code == 404
    client.force_login(TrustStaffFactory(trust=trust))
    assert "only your trust can see it" in client.get(url).text
