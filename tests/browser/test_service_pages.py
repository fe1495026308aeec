"""The pages every service has, reached from the footer, and the feedback form from the phase
banner: each passes axe-core and fits a 390 px phone without sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import GovernorFactory, OversightFactory

pytestmark = pytest.mark.browser

FOOTER_PAGES = [
    ("Help and contact", "Help and contact", "50-help"),
    ("Accessibility statement", "Accessibility statement for Trust Partnerships", "51-accessibility"),
    ("Privacy notice", "Privacy notice", "52-privacy"),
    ("Cookies", "Cookies", "53-cookies"),
]


def test_footer_pages_and_feedback_read_by_oversight(new_page, sign_in, look, live_server):
    GovernorFactory(username="daniel", first_name="Daniel", last_name="Okafor")
    OversightFactory(username="helen", first_name="Helen", last_name="Wright")
    page = new_page()
    page.goto("/sign-in/")
    footer = page.locator("footer")
    for link, title, name in FOOTER_PAGES:
        footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        look(page, name)

    sign_in(page, "daniel")
    page.locator(".govuk-phase-banner").get_by_role("link", name="feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback on Trust Partnerships")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how you felt about the service")
    look(page, "54-feedback-error")
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("How could we improve this service? (optional)").fill("Show the term in months on the list.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback sent")
    look(page, "55-feedback-sent")

    oversight = sign_in(new_page(), "helen")
    oversight.get_by_role("navigation", name="Menu").get_by_role("link", name="Feedback").click()
    main = oversight.locator("main")
    expect(main).to_contain_text("Show the term in months on the list.")
    expect(main).to_contain_text("Daniel Okafor")
    expect(main.get_by_text(re.compile("^/$"))).to_be_visible()  # sent from the home page
    look(oversight, "56-oversight-feedback")
    look.assert_clean()
