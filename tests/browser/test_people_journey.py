"""People get in, in the browser: trust staff invite the chair of governors from the partnership;
the chair accepts, sets a password, leaves two-factor authentication off, reviews and approves;
the chair invites the clerk, who records the governing body's review meeting; an oversight lead
invites an oversight user, who must set up two-factor authentication at first sign-in; and a
forgotten password is reset through the emailed link.

Emails are read from Django's test outbox (the live server runs in this process). Main pages are
checked with axe-core (`make screenshots` saves them under test-output/screenshots/).
"""

import base64
import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.factories import OversightLeadFactory, TrustStaffFactory
from tests.browser.steps import (
    click_button,
    click_link,
    expect_status_tag,
    expect_success_banner,
    heading,
    name_the_meeting,
)
from tests.partnerships.factories import ready_for_review
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.browser

SCHOOL = "St Hilda's Church of England Primary School"
CHAIR_EMAIL = "daniel.okafor@sthildas.example"
CHAIR_PASSWORD = "kingfisher-meadow-lantern-9"
CLERK_EMAIL = "janet.hughes@sthildas.example"


@pytest.fixture
def world(live_server, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = ("oversight", "superusers")  # as in production
    settings.SITE_URL = live_server.url
    trust = TrustFactory(name="Northern Lights Academy Trust", group_id="TR02343")
    school = SchoolFactory(name=SCHOOL, urn="107654")
    partnership = ready_for_review(
        school=school,
        trust=trust,
        chair_of_governors_name="Daniel Okafor",
        chair_of_governors_email=CHAIR_EMAIL,
    )
    TrustStaffFactory(username="priya", first_name="Priya", last_name="Shah", trust=trust)
    OversightLeadFactory(username="grace", first_name="Grace", last_name="Mensah", email="grace@oversight.example")
    return partnership


def emailed_link(to: str, pattern: str) -> str:
    """The path of the last link matching `pattern` in the last email to `to` (built from SITE_URL)."""
    message = [message for message in mail.outbox if message.to == [to]][-1]
    return urlsplit(re.findall(rf"http://\S+{pattern}\S*", message.body)[-1]).path


def accept_invitation(page, email: str, first: str, last: str, password: str):
    page.goto(emailed_link(email, "/invitations/"))
    expect(heading(page)).to_have_text("Create your account")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Confirm your password").fill(password)
    click_button(page, "Create my account")


def invite(page, *, first: str, last: str, email: str, role: str):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your team").click()
    click_link(page, "Invite someone")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    click_button(page, "Send the invitation")
    expect_success_banner(page, f"Invitation sent to {email}")


def set_up_two_factor(page, look, name: str):
    """Read the key the page shows (as a person types it into their app) and enter the app's code."""
    expect(heading(page)).to_have_text("Set up two-factor authentication")
    expect(page.locator("img[alt='QR code for your authenticator app']")).to_be_visible()
    look(page, name)
    page.get_by_text("I cannot scan the QR code").click()
    typed = page.locator("#typed-key").inner_text().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    page.get_by_label("Enter the 6-digit code from your app").fill(f"{TOTP(key).token():06d}")
    click_button(page, "Turn on two-factor authentication")
    expect(heading(page)).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    click_link(page, "Continue")


def test_people_are_invited_and_sign_in(new_page, sign_in, look, world):
    partnership = world

    # Trust staff invite the chair of governors from the partnership, then send it for review.
    staff = sign_in(new_page(), "priya")
    page_of_partnership = staff.get_by_role("link", name=re.compile(partnership.reference))
    page_of_partnership.first.click()
    click_link(staff, "Invite the chair of governors")
    expect(staff.get_by_label("Email address")).to_have_value(CHAIR_EMAIL)
    expect(staff.get_by_label("First name")).to_have_value("Daniel")
    look(staff, "people-01-invite-chair")
    click_button(staff, "Send the invitation")
    expect_success_banner(staff, f"Invitation sent to {CHAIR_EMAIL}")
    expect(staff.locator("main")).to_contain_text(f"{CHAIR_EMAIL} (chair of governors)")
    click_link(staff, "Send to governors for review")
    staff.locator("main form").get_by_role("button").first.click()
    expect_status_tag(staff, "In review")

    # The chair accepts, sets a password, leaves two-factor off, and approves.
    chair = new_page()
    chair.goto(emailed_link(CHAIR_EMAIL, "/invitations/"))
    look(chair, "people-02-accept")
    accept_invitation(chair, CHAIR_EMAIL, "Daniel", "Okafor", CHAIR_PASSWORD)
    expect_success_banner(chair, "Welcome, Daniel. Your account is ready.")
    expect(heading(chair)).to_have_text("Your school's partnerships")
    chair.get_by_role("link", name=re.compile("your account")).click()
    expect(chair.locator("main")).to_contain_text("Two-factor authentication")
    expect(chair.locator("main")).to_contain_text("Off")
    look(chair, "people-03-your-account")
    chair.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    chair.get_by_role("link", name=re.compile(partnership.reference)).first.click()
    click_link(chair, "Approve the agreement")
    name_the_meeting(chair, datetime.date.today() - datetime.timedelta(days=1), "Minute 3: enter the agreement")
    click_button(chair, "Approve the agreement")
    expect_success_banner(chair, re.compile(r"You approved version \d+"))
    expect_status_tag(chair, "Agreed")

    # The chair invites the clerk, who records the governing body's review meeting.
    invite(chair, first="Janet", last="Hughes", email=CLERK_EMAIL, role="Clerk to the governors")
    look(chair, "people-04-school-team")
    clerk = new_page()
    accept_invitation(clerk, CLERK_EMAIL, "Janet", "Hughes", "otter-harbour-chestnut-41")
    clerk.get_by_role("link", name=re.compile(partnership.reference)).first.click()
    click_link(clerk, "Reviews and progress against objectives")
    click_link(clerk, re.compile("Record the governing body"), exact=False)
    today = __import__("datetime").date.today()
    group = clerk.get_by_role("group", name="Date of the meeting")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    clerk.get_by_label("Who attended for the trust").fill("Priya Shah")
    clerk.get_by_label("Who attended for the school").fill("Daniel Okafor, Janet Hughes")
    for index in range(partnership.objectives.count()):
        clerk.locator("main fieldset").filter(has_text="How is it going?").nth(index).get_by_role("radio").first.check()
    look(clerk, "people-05-clerk-records-review")
    click_button(clerk, "Save the review")
    expect(clerk.locator(".govuk-notification-banner--success")).to_be_visible()
    assert partnership.review_meetings.filter(recorded_by__email=CLERK_EMAIL).exists()

    # An oversight lead (two-factor required) invites an oversight user, who must set it up first.
    lead = sign_in(new_page(), "grace")
    set_up_two_factor(lead, look, "people-06-two-factor-setup")
    invite(lead, first="Omar", last="Haddad", email="omar@oversight.example", role="Oversight user")
    omar = new_page()
    accept_invitation(omar, "omar@oversight.example", "Omar", "Haddad", "quartz-willow-ember-58")
    expect(heading(omar)).to_have_text("Set up two-factor authentication")
    expect(omar.locator("main")).to_contain_text("Your role needs two-factor authentication")
    omar.goto("/oversight/")  # nothing else opens first
    expect(heading(omar)).to_have_text("Set up two-factor authentication")
    set_up_two_factor(omar, look, "people-07-oversight-user-setup")
    omar.goto("/oversight/")
    expect(omar.locator("main")).not_to_contain_text("Set up two-factor authentication")

    # The clerk forgets her password and resets it through the emailed link.
    forgetful = new_page()
    forgetful.goto("/sign-in/")
    click_link(forgetful, "Forgotten your password?")
    forgetful.get_by_label("Email address").fill(CLERK_EMAIL)
    click_button(forgetful, "Send the link")
    expect(heading(forgetful)).to_have_text("Check your email")
    forgetful.goto(emailed_link(CLERK_EMAIL, "/password/reset/"))
    expect(heading(forgetful)).to_have_text("Create a new password")
    forgetful.get_by_label("New password", exact=True).fill("copper-kestrel-valley-63")
    forgetful.get_by_label("Confirm your new password").fill("copper-kestrel-valley-63")
    click_button(forgetful, "Save the new password")
    expect(forgetful.locator("main")).to_contain_text("Your password has been changed")
    sign_in(forgetful, CLERK_EMAIL, "copper-kestrel-valley-63")
    expect(heading(forgetful)).to_have_text("Your school's partnerships")

    assert User.objects.get(email=CLERK_EMAIL).role == User.Role.CLERK
    look.assert_clean()
