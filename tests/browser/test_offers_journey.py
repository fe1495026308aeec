"""Where partnerships begin, in the browser: a trust administrator publishes the trust's offer; an
anonymous visitor finds it by distance from a school and sends an enquiry; trust staff turn it into
a draft partnership; a system leader records a recommendation and sees suggested trusts with their
reasons. Every page is checked with
axe-core (`make screenshots` saves them as test-output/screenshots/offers-*.png)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from partnerships.models import Partnership
from tests.accounts.factories import TrustStaffFactory
from tests.browser.conftest import PHONE
from tests.browser.steps import click_button, click_link, expect_success_banner, fill_date, heading
from tests.offers.factories import EnquiryFactory, OfferFactory, SystemLeaderFactory, TrustAdminFactory
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

pytestmark = pytest.mark.browser

LEEDS = (429_800, 433_900)
YORK = (460_300, 451_900)


@pytest.fixture
def world(db):
    trust = TrustFactory(name="Northern Lights Academy Trust")
    AcademyFactory(trust=trust, name="Northern Lights Kirkstall Academy", easting=YORK[0], northing=YORK[1])
    nearer = TrustFactory(name="Aire Valley Trust")
    AcademyFactory(trust=nearer, easting=LEEDS[0] + 1600, northing=LEEDS[1])
    OfferFactory(trust=nearer)
    far = TrustFactory(name="Far Away Trust")
    AcademyFactory(trust=far, easting=200_000, northing=100_000)
    OfferFactory(trust=far)
    school = SchoolFactory(
        name="St Hilda's Church of England Primary School", urn="107654", easting=LEEDS[0], northing=LEEDS[1]
    )
    SchoolFactory(name="Meadowbank Primary School", urn="107655", easting=LEEDS[0] + 800, northing=LEEDS[1])
    admin = TrustAdminFactory(username="trust.admin", first_name="Amara", last_name="Okoye", trust=trust)
    TrustStaffFactory(username="trust.staff", first_name="Priya", last_name="Shah", trust=trust)
    SystemLeaderFactory(username="system.leader", first_name="Graham", last_name="Lister")
    return {"trust": trust, "school": school, "admin": admin}


def test_from_published_offer_to_enquiry_partnership_and_recommendation(new_page, sign_in, look, world):
    admin = sign_in(new_page(), "trust.admin")
    click_link(admin, "Your offer")
    look(admin, "offers-01-your-offer-empty")
    click_link(admin, "Write your offer")
    admin.get_by_label("Summary of your offer").fill("Our team works alongside your leaders for a year.")
    admin.get_by_label("Headteacher mentoring and support").check()
    admin.get_by_label("Curriculum development").check()
    admin.get_by_label("Primary", exact=True).check()
    admin.get_by_label("Local authorities you serve").fill("Leeds")
    admin.get_by_label("How many new trust partnerships can you take on now?").fill("2")
    admin.get_by_label("How charges work").fill("No charge for the first term.")
    admin.get_by_label("Name", exact=True).fill("Priya Shah")
    admin.get_by_label("Email address").fill("partnerships@northernlights.example")
    look(admin, "offers-02-write-offer")
    click_button(admin, "Save offer")
    expect_success_banner(admin, "Offer saved as a draft.")
    click_link(admin, "Publish the offer")
    look(admin, "offers-03-publish-confirm")
    click_button(admin, "Publish offer")
    expect_success_banner(admin, "Your offer is published.")
    look(admin, "offers-04-your-offer-published")

    visitor = new_page()
    visitor.goto("/find-a-trust-partnership-offer/")
    look(visitor, "offers-05-directory")
    visitor.get_by_label("Your school's name, URN or postcode").fill("107654")
    click_button(visitor, "Apply filters")
    expect(visitor.get_by_text(re.compile("Sorted by distance from"))).to_contain_text("St Hilda's")
    results = visitor.locator(".app-offer-result h2")
    expect(results).to_have_text(["Aire Valley Trust", "Northern Lights Academy Trust", "Far Away Trust"])
    expect(visitor.locator(".app-offer-result").nth(1)).to_contain_text("22.0 miles")
    look(visitor, "offers-06-directory-by-distance")
    click_link(visitor, "Northern Lights Academy Trust")
    expect(heading(visitor)).to_have_text("Northern Lights Academy Trust")
    expect(visitor.locator("#principles")).to_contain_text("It is time-limited")
    expect(visitor.get_by_role("complementary")).to_contain_text("Open academies")
    look(visitor, "offers-07-offer-page")

    # The visitor sends an enquiry (no account).
    click_link(visitor, "Send an enquiry")
    look(visitor, "offers-08-enquiry-form")
    visitor.get_by_label("Your name").fill("Margaret Ellis")
    visitor.get_by_label("Your role at the school").fill("Headteacher")
    visitor.get_by_label("Your school's URN").fill("107654")
    visitor.get_by_label("Email address").fill("head@sthildas.example")
    visitor.get_by_label("Headteacher mentoring and support").check()
    visitor.get_by_label("Your message").fill("Our governors would like to explore working with a trust.")
    click_button(visitor, "Send enquiry")
    expect(heading(visitor)).to_have_text("Enquiry sent")
    look(visitor, "offers-09-enquiry-sent")

    # Trust staff convert the enquiry into a draft partnership with the school's contacts filled in.
    staff = sign_in(new_page(), "trust.staff")
    click_link(staff, "Enquiries")
    look(staff, "offers-10-enquiries")
    click_link(staff, "St Hilda's Church of England Primary School")
    look(staff, "offers-11-enquiry")
    click_link(staff, "Start a partnership with this school")
    expect(staff.get_by_role("group", name="Headteacher").get_by_label("Full name")).to_have_value("Margaret Ellis")
    fill_date(staff, "Start date", datetime.date(2027, 9, 1))
    fill_date(staff, "End date", datetime.date(2028, 8, 31))
    staff.get_by_role("group", name="Chair of governors").get_by_label("Full name").fill("Daniel Okafor")
    look(staff, "offers-12-start-from-enquiry")
    click_button(staff, "Create draft partnership")
    expect_success_banner(staff, re.compile(r"Draft partnership TP\d\d-\d{5} set up with St Hilda's"))
    partnership = Partnership.objects.get()
    assert (partnership.school.urn, partnership.status, partnership.headteacher_email) == (
        "107654",
        "draft",
        "head@sthildas.example",
    )

    # A system leader records a recommendation and sees suggested trusts with their reasons.
    leader = sign_in(new_page(), "system.leader")
    click_link(leader, "Recommendations")
    look(leader, "offers-13-recommendations")
    click_link(leader, "Record a recommendation")
    leader.get_by_label("School URN").fill("107655")
    leader.get_by_role("group", name="Is the school interested in a trust partnership?").get_by_label("Yes").check()
    leader.get_by_label("Curriculum development").check()
    leader.get_by_label("Context").fill("New headteacher; the governors want support with the curriculum.")
    look(leader, "offers-14-record-recommendation")
    click_button(leader, "Save and see suggested trusts")
    expect_success_banner(leader, "Recommendation recorded for Meadowbank Primary School.")
    first = leader.locator("tbody tr").first
    expect(first).to_contain_text("Aire Valley Trust")
    expect(first).to_contain_text("miles to the trust's nearest open academy")
    expect(first).to_contain_text("Offers all the support wanted (Curriculum development): 25 points")
    leader.get_by_label(re.compile(r"Northern Lights Academy Trust \(\d+ points\)")).check()
    click_button(leader, "Save suggested trusts")
    expect_success_banner(leader, "1 suggested trust saved.")
    look(leader, "offers-15-recommendation")
    look.assert_clean()


def test_the_directory_works_without_javascript(new_page, world, look):
    visitor = new_page(java_script_enabled=False)
    visitor.goto("/find-a-trust-partnership-offer/")
    visitor.get_by_label("Your school's name, URN or postcode").fill("St Hilda")
    visitor.get_by_label("Headteacher mentoring and support").check()
    click_button(visitor, "Apply filters")

    expect(visitor.get_by_text(re.compile("Sorted by distance from"))).to_contain_text("St Hilda's")
    expect(visitor.locator(".app-offer-result h2")).to_have_text(["Aire Valley Trust", "Far Away Trust"])
    click_link(visitor, "Aire Valley Trust")
    click_link(visitor, "Send an enquiry")
    click_button(visitor, "Send enquiry")
    expect(visitor.locator(".govuk-error-summary")).to_contain_text("Enter your name")
    look(visitor, "offers-16-enquiry-errors-without-javascript")  # axe-core checks it in a twin page
    look.assert_clean()


def test_on_a_phone_the_results_are_one_tap_past_the_filters(new_page, world, look):
    visitor = new_page(java_script_enabled=False)
    visitor.set_viewport_size(PHONE)
    visitor.goto("/find-a-trust-partnership-offer/?phase=&region=")
    first_result = visitor.locator(".app-offer-result").first
    skip = visitor.get_by_role("link", name="Skip to results (2 offers)")
    expect(skip).to_be_in_viewport()  # the filters fill more than the first screen...
    expect(first_result).not_to_be_in_viewport()
    for question in ("Your school's name, URN or postcode", "Phase", "Region", "Local authority served"):
        label = visitor.locator("label", has_text=question)  # ...every question is bold, like the other filters
        expect(label).to_have_css("font-weight", "700")
    skip.click()
    expect(first_result).to_be_in_viewport()
    expect(visitor.get_by_text("Showing 1 to 2 of 2 offers matching your filters.")).to_be_in_viewport()

    visitor.set_viewport_size({"width": 1024, "height": 768})  # beside the results: shown only when focused
    visitor.goto("/find-a-trust-partnership-offer/")
    look(visitor, "offers-05b-directory-without-javascript")  # axe-core here, the width at 390 px
    assert skip.bounding_box()["width"] <= 1
    skip.focus()
    assert skip.bounding_box()["width"] > 100
    look.assert_clean()


def test_reply_contacted_decline_and_withdraw_pages(new_page, sign_in, look, world):
    offer = OfferFactory(trust=world["trust"], contact_email="partnerships@northernlights.example")
    replied = EnquiryFactory(offer=offer, school=world["school"])
    EnquiryFactory(offer=offer, school=SchoolFactory(name="Holbeck Primary School"), name="Rachel Dunn")

    staff = sign_in(new_page(), "trust.staff")
    staff.goto(f"/enquiries/{replied.pk}/")
    click_link(staff, "Reply by email")
    look(staff, "offers-17-reply")
    staff.get_by_label("Your reply").fill("Thank you. Could we visit next week?")
    click_button(staff, "Send reply")
    expect_success_banner(staff, "Reply sent to head@school.example.")
    click_link(staff, "Decline this enquiry")
    look(staff, "offers-18-decline")
    staff.get_by_label("Why are you declining this enquiry?").fill("We cannot support a school so far away.")
    click_button(staff, "Decline enquiry")
    expect_success_banner(staff, "Enquiry declined.")
    click_link(staff, "Enquiries")
    click_link(staff, "Holbeck Primary School")
    click_link(staff, "Mark as contacted")
    look(staff, "offers-19-contacted")
    click_button(staff, "Mark as contacted")
    expect_success_banner(staff, "Enquiry marked as contacted.")

    admin = sign_in(new_page(), "trust.admin")
    click_link(admin, "Your offer")
    click_link(admin, "Withdraw the offer")
    look(admin, "offers-20-withdraw")
    admin.get_by_label("Why are you withdrawing the offer?").fill("We are full this year.")
    click_button(admin, "Withdraw offer")
    expect_success_banner(admin, "Your offer has been withdrawn.")
    look.assert_clean()
