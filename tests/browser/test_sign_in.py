"""Signing in, as each kind of user meets it first."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import TrustStaffFactory

pytestmark = pytest.mark.browser


def test_sign_in_page_is_a_gov_uk_form_that_passes_axe(page, live_server, shot, check_a11y):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Trust Partnerships")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    shot(page, "00-sign-in")
    check_a11y(page)


def test_wrong_password_shows_the_error_summary(page, live_server, shot, check_a11y):
    TrustStaffFactory(username="priya")
    page.goto("/sign-in/")

    page.get_by_label("Username").fill("priya")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    shot(page, "00-sign-in-error")
    check_a11y(page)


def test_sign_in_works_without_javascript(new_page, live_server):
    staff = TrustStaffFactory(username="priya", first_name="Priya", last_name="Shah")
    page = new_page(java_script_enabled=False)
    page.goto("/sign-in/")

    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")

    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header")).to_contain_text("Priya Shah")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
