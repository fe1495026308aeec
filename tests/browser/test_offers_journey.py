"""Where partnerships begin, in the browser: a trust administrator publishes the trust's offer and
an anonymous visitor finds it by distance from a school. Every page is screenshotted
(test-output/screenshots/offers-*.png) and checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import click_button, click_link, expect_success_banner, heading
from tests.offers.factories import OfferFactory, TrustAdminFactory
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
    admin = TrustAdminFactory(username="trust.admin", first_name="Amara", last_name="Okoye", trust=trust)
    return {"trust": trust, "school": school, "admin": admin}


def test_admin_publishes_and_a_visitor_finds_the_offer_by_distance(new_page, sign_in, look, world):
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
    look.assert_clean()
