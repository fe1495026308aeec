"""Enquiries: the public form (honeypot, rate limit, length limits), the trust's inbox, replies by
email, declining, converting into a draft partnership, and removing personal data after closing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offers import services
from offers.models import Enquiry, EnquiryReply
from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory
from tests.offers.factories import EnquiryFactory, OfferFactory
from tests.offers.helpers import page_text
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Margaret Ellis",
    "role": "Headteacher",
    "urn": "107654",
    "email": "head@school.example",
    "phone": "",
    "support_wanted": ["headteacher_mentoring"],
    "message": "We would like help with leadership while the governors think about our future.",
    "website": "",
}


@pytest.fixture
def offer(trust):
    return OfferFactory(trust=trust, contact_email="partnerships@trust.example")


def enquire(client, offer, **changes):
    return client.post(reverse("offers:enquire", args=[offer.pk]), {**FORM, **changes}, REMOTE_ADDR="203.0.113.9")


def test_a_visitor_sends_an_enquiry_and_the_school_gets_an_acknowledgement(
    client, offer, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = enquire(client, offer)

    assert response.status_code == 302 and response["Location"] == reverse("offers:enquiry-sent", args=[offer.pk])
    enquiry = Enquiry.objects.get()
    assert (enquiry.school, enquiry.name, enquiry.status, enquiry.support_wanted) == (
        school,
        "Margaret Ellis",
        "new",
        "|headteacher_mentoring|",
    )
    assert "203.0.113.9" not in enquiry.sender_key and len(enquiry.sender_key) == 64
    assert sorted(message.to[0] for message in mail.outbox) == ["head@school.example", "partnerships@trust.example"]
    acknowledgement = next(m for m in mail.outbox if m.to == ["head@school.example"])
    assert acknowledgement.subject == f"We have sent your enquiry to {offer.trust.name}"
    assert "remove your name, contact details and message 12 months after it is closed" in acknowledgement.body
    assert enquiry.history.get().history_user.username == "public-enquiries"


def test_the_honeypot_looks_like_success_and_stores_nothing(client, offer, school):
    response = enquire(client, offer, website="http://spam.example")

    assert response.status_code == 302
    assert not Enquiry.objects.exists() and mail.outbox == []


def test_the_sixth_enquiry_in_an_hour_from_one_address_is_refused(client, offer, school, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 5
    for _ in range(5):
        assert enquire(client, offer).status_code == 302

    refused = enquire(client, offer)
    other_address = client.post(reverse("offers:enquire", args=[offer.pk]), FORM, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 200
    assert "You have sent 5 enquiries in the last hour" in page_text(refused.text)
    assert other_address.status_code == 302
    assert Enquiry.objects.count() == 6


def test_the_limit_counts_only_the_last_hour(client, offer, school, settings):
    settings.ENQUIRY_RATE_LIMIT_PER_HOUR = 1
    enquire(client, offer)
    Enquiry.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))

    assert enquire(client, offer).status_code == 302


def test_over_long_text_and_an_unknown_urn_are_form_errors(client, offer, school):
    response = enquire(client, offer, message="x" * 3001, urn="999999", name="n" * 151)

    text = page_text(response.text)
    assert response.status_code == 200 and not Enquiry.objects.exists()
    assert "Ensure this value has at most 3000 characters" in text
    assert "Enter the URN of an open school: 6 digits" in text
    assert "Ensure this value has at most 150 characters" in text


def test_a_withdrawn_offer_takes_no_enquiries(client, offer, school):
    offer.status = "withdrawn"
    offer.save()
    assert enquire(client, offer).status_code == 404


def test_staff_reply_by_email_and_the_enquiry_becomes_contacted(
    client, offer, school, trust_staff, django_capture_on_commit_callbacks
):
    enquiry = EnquiryFactory(offer=offer, school=school)
    client.force_login(trust_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("offers:enquiry-reply", args=[enquiry.pk]), {"body": "Thank you. Could we meet?"}, follow=True
        )

    assert "Reply sent to head@school.example." in page_text(response.text)
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted"
    (message,) = mail.outbox
    assert message.to == ["head@school.example"] and message.reply_to == ["partnerships@trust.example"]
    assert "Thank you. Could we meet?" in message.body and "Priya Shah" in message.body


def test_declining_needs_a_reason_and_closes_the_enquiry(client, offer, school, trust_staff):
    enquiry = EnquiryFactory(offer=offer, school=school)
    client.force_login(trust_staff)
    url = reverse("offers:enquiry-decline", args=[enquiry.pk])

    assert "Enter why you are declining the enquiry" in page_text(client.post(url, {"reason": ""}).text)
    client.post(url, {"reason": "We are not working in that phase."})

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.decline_reason) == ("declined", "We are not working in that phase.")
    assert enquiry.closed_at is not None
    assert client.post(reverse("offers:enquiry-contacted", args=[enquiry.pk])).status_code == 403


def test_a_decline_reason_may_be_as_long_as_the_enquiry_keeps_it_and_no_longer(
    client, offer, school, trust_staff, monkeypatch
):
    # The page reads the limit from Enquiry.decline_reason, so it follows the column if that changes.
    monkeypatch.setattr(Enquiry._meta.get_field("decline_reason"), "max_length", 40)
    enquiry = EnquiryFactory(offer=offer, school=school)
    client.force_login(trust_staff)
    url = reverse("offers:enquiry-decline", args=[enquiry.pk])

    page = client.post(url, {"reason": "x" * 41}).text
    assert "Ensure this value has at most 40 characters (it has 41)." in page_text(page)
    assert 'maxlength="40"' in page and "Why are you declining this enquiry?" in page
    enquiry.refresh_from_db()
    assert enquiry.status == "new"

    client.post(url, {"reason": "x" * 40})
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.decline_reason) == ("declined", "x" * 40)


KEY_DETAILS = {
    "start_date_0": "1",
    "start_date_1": "9",
    "start_date_2": "2027",
    "end_date_0": "31",
    "end_date_1": "8",
    "end_date_2": "2028",
    "purpose": "Leadership support",
    "trust_lead_name": "Jo Fletcher",
    "trust_lead_role": "",
    "trust_lead_email": "jo@trust.example",
    "chair_of_governors_name": "Daniel Okafor",
    "chair_of_governors_email": "",
    "headteacher_name": "Margaret Ellis",
    "headteacher_email": "head@school.example",
    "payment_terms": "",
    "purchase_order_reference": "",
}


@pytest.mark.template_context
def test_converting_prefills_the_school_contacts_and_creates_a_draft_partnership(client, offer, school, trust_staff):
    enquiry = EnquiryFactory(offer=offer, school=school)
    client.force_login(trust_staff)
    url = reverse("offers:enquiry-convert", args=[enquiry.pk])

    form = client.get(url).context["form"]
    assert (form.initial["headteacher_name"], form.initial["headteacher_email"]) == (
        "Margaret Ellis",
        "head@school.example",
    )
    response = client.post(url, KEY_DETAILS)

    partnership = Partnership.objects.get()
    assert response["Location"] == reverse("partnerships:partnership-detail", args=[partnership.pk])
    assert (partnership.school, partnership.trust, partnership.status, partnership.headteacher_name) == (
        school,
        offer.trust,
        "draft",
        "Margaret Ellis",
    )
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.partnership) == ("converted", partnership)


def test_converting_an_ineligible_school_is_refused_with_the_rule(client, offer, trust_staff):
    academy = AcademyFactory(trust=offer.trust, name="Own Academy")
    enquiry = EnquiryFactory(offer=offer, school=academy)
    client.force_login(trust_staff)

    response = client.post(reverse("offers:enquiry-convert", args=[enquiry.pk]), KEY_DETAILS)

    assert "Own Academy is already an academy in" in page_text(response.text)
    assert not Partnership.objects.exists()
    enquiry.refresh_from_db()
    assert enquiry.status == "new"


def test_the_inbox_shows_only_the_trusts_own_enquiries(client, offer, school, trust_staff):
    EnquiryFactory(offer=offer, school=school)
    other = EnquiryFactory(offer=OfferFactory(trust=TrustFactory()), school=SchoolFactory(name="Other Primary"))
    client.force_login(trust_staff)

    page = page_text(client.get(reverse("offers:enquiry-list")).text)

    assert school.name in page and "Other Primary" not in page
    assert client.get(reverse("offers:enquiry-detail", args=[other.pk])).status_code == 404
    client.force_login(GovernorFactory(school=school))
    assert client.get(reverse("offers:enquiry-list")).status_code == 403


def test_personal_data_is_removed_a_year_after_closing_from_rows_history_and_replies(
    offer, school, trust_staff, settings
):
    settings.ENQUIRY_RETENTION_MONTHS = 12
    old = EnquiryFactory(offer=offer, school=school)
    services.enquiry_reply(enquiry=old, body="Dear Margaret, thank you.", sent_by=trust_staff)
    services.enquiry_decline(enquiry=old, reason="Full this year", declined_by=trust_staff)
    recent = EnquiryFactory(
        offer=offer, school=school, status="declined", closed_at=timezone.now() - datetime.timedelta(days=300)
    )
    still_open = EnquiryFactory(offer=offer, school=school)
    Enquiry.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=370))
    Enquiry.objects.filter(pk=still_open.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))

    assert services.enquiries_remove_personal_data() == 1

    old.refresh_from_db()
    assert (old.name, old.email, old.message, old.role, old.sender_key) == ("", "", "", "", "")
    assert old.personal_data_removed_at is not None and old.school == school and old.decline_reason == "Full this year"
    assert not Enquiry.history.filter(id=old.pk, email="head@school.example").exists()
    assert not EnquiryReply.objects.filter(body__contains="Margaret").exists()
    assert not EnquiryReply.history.filter(body__contains="Margaret").exists()
    assert old.history.latest().history_change_reason == "Personal data removed: closed more than 12 months ago"
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.email == still_open.email == "head@school.example"
    assert services.enquiries_remove_personal_data() == 0


def test_the_daily_job_removes_expired_personal_data(offer, school):
    from django.core.management import call_command

    EnquiryFactory(
        offer=offer, school=school, status="declined", closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("send_reminders")
    assert Enquiry.objects.get().email == ""
