"""The service works with JavaScript switched off: forms post, errors show, dates can be entered."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import TrustStaffFactory
from tests.browser.steps import (
    click_button,
    click_link,
    expect_error_summary,
    expect_success_banner,
    fill_date,
    heading,
)
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.browser


def test_staff_add_an_objective_without_javascript(new_page, sign_in, shot):
    staff = TrustStaffFactory(username="priya")
    partnership = PartnershipFactory(trust=staff.trust)
    page = sign_in(new_page(java_script_enabled=False), "priya")

    page.get_by_role("link", name=partnership.reference).click()
    page.locator(".govuk-task-list").get_by_role("link", name="Objectives").click()
    click_link(page, "Add an objective")
    target_date = page.get_by_role("group", name="Target date", exact=True)
    target_date.get_by_label("Day").fill("30")  # 30 February: no such day
    target_date.get_by_label("Month").fill("2")
    target_date.get_by_label("Year").fill("2027")
    click_button(page, "Save objective")

    expect_error_summary(
        page,
        "Enter the objective",
        "Enter how you will know the objective has been achieved",
        "The target date must be a real date",
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary_links = page.locator(".govuk-error-summary").get_by_role("link")
    expect(summary_links).to_have_count(3)
    shot(page, "40-no-javascript-objective-errors")

    page.get_by_label("Objective").fill("Improve attendance")
    page.get_by_label("How will you know it has been achieved?").fill("Persistent absence below 15%")
    fill_date(page, "Target date", datetime.date(2027, 7, 1))
    click_button(page, "Save objective")

    expect_success_banner(page, "Objective added")
    expect(heading(page)).to_have_text("Objectives")
    card = page.locator(".govuk-summary-card").filter(has_text="Improve attendance")
    expect(card).to_contain_text("Persistent absence below 15%")
    expect(card).to_contain_text("1 July 2027")
