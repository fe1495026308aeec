"""The pages every service has, the footer that links them, and feedback that oversight reads."""

import html
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from support.models import Feedback
from support.services import feedback_create

pytestmark = pytest.mark.django_db


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("support:accessibility", "Accessibility statement for Trust Partnerships"),
        ("support:privacy", "Privacy notice"),
        ("support:cookies", "Cookies"),
        ("support:help", "Help and contact"),
    ],
)
def test_service_pages_are_public_and_linked_from_every_footer(client, name, title):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in response.content.decode()
    footer = client.get(reverse("login")).content.decode().split('<footer class="govuk-footer">')[1]
    assert f'href="{reverse(name)}"' in footer


@override_settings(
    SERVICE_CONTACT_EMAIL="help@tp.example",
    SERVICE_CONTACT_PHONE="0113 496 0000",
    DATA_PROTECTION_EMAIL="dpo@tp.example",
)
def test_contact_details_come_from_settings(client):
    help_page = words(client.get(reverse("support:help")))
    assert "help@tp.example" in help_page and "0113 496 0000" in help_page
    assert "dpo@tp.example" in words(client.get(reverse("support:privacy")))
    assert "help@tp.example" in words(client.get(reverse("support:accessibility")))


def test_accessibility_statement_names_the_standard_and_how_to_report_a_problem(client):
    page = words(client.get(reverse("support:accessibility")))
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in page
    assert "Enforcement procedure" in page and "find a problem that is not listed" in page


def test_privacy_notice_says_what_is_held_why_and_for_how_long(client):
    page = words(client.get(reverse("support:privacy")))
    for said in ("names, email addresses", "governors' decisions", "Why we hold it", "How long we keep it"):
        assert said in page


@override_settings(SESSION_COOKIE_AGE=8 * 3600)
def test_cookies_page_lists_only_the_essential_cookies(client):
    page = words(client.get(reverse("support:cookies")))
    assert "only uses essential cookies" in page
    assert "sessionid Keeps you signed in. Expires when you sign out or after 8 hours." in page
    assert "csrftoken" in page


def test_phase_banner_links_to_feedback_from_this_page(client, governor):
    client.force_login(governor)
    content = client.get(reverse("partnerships:home")).content.decode()
    banner = content.split('class="govuk-phase-banner"')[1].split("</div>")[0]
    assert f'href="{reverse("support:feedback")}?from=/"' in banner


def test_feedback_is_stored_with_the_page_and_the_person(client, governor):
    client.force_login(governor)
    form = client.get(reverse("support:feedback") + "?from=/partnerships/3/governors/")
    assert 'value="/partnerships/3/governors/"' in form.content.decode()
    response = client.post(
        reverse("support:feedback"),
        {"satisfaction": "dissatisfied", "message": "  The PDF was slow.  ", "page": "/partnerships/3/governors/"},
        follow=True,
    )
    assert "Feedback sent" in words(response)
    feedback = Feedback.objects.get()
    assert (feedback.satisfaction, feedback.message, feedback.page, feedback.submitted_by) == (
        "dissatisfied",
        "The PDF was slow.",
        "/partnerships/3/governors/",
        governor,
    )
    assert feedback.history.get().history_user == governor


def test_feedback_without_an_answer_is_one_clear_error_and_nothing_stored(client):
    response = client.post(reverse("support:feedback"), {"message": "hello"})
    assert response.status_code == 200
    assert words(response).count("Select how you felt about the service") == 2  # summary and field
    assert not Feedback.objects.exists()


def test_feedback_keeps_only_a_page_on_this_site(client):
    client.post(reverse("support:feedback"), {"satisfaction": "satisfied", "page": "https://evil.example/x"})
    client.post(reverse("support:feedback"), {"satisfaction": "satisfied", "page": "//evil.example/x"})
    assert list(Feedback.objects.values_list("page", flat=True)) == ["", ""]
    assert list(Feedback.objects.values_list("submitted_by", flat=True)) == [None, None]
    # History still names an actor: the account that stands for someone not signed in.
    assert {row.history_user.username for row in Feedback.history.all()} == {"anonymous-feedback"}


def test_oversight_reads_feedback(client, oversight, governor):
    feedback_create(satisfaction="very_satisfied", message="Clear and quick.", page="/", submitted_by=governor)
    client.force_login(oversight)
    page = words(client.get(reverse("support:feedback-list")))
    assert "Very satisfied" in page and "Clear and quick." in page and governor.display_name in page


def test_feedback_list_is_for_oversight_only(client, governor, trust_staff):
    for person in (governor, trust_staff):
        client.force_login(person)
        assert client.get(reverse("support:feedback-list")).status_code == 403
