"""What a person does in the browser, step by step: find things by their visible text and labels."""

import datetime
import re

from playwright.sync_api import Locator, Page, expect


def fill_date(page: Page | Locator, legend: str, date: datetime.date) -> None:
    """Fill a GOV.UK date input (Day, Month, Year) found by its fieldset legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(date.day))
    group.get_by_label("Month").fill(str(date.month))
    group.get_by_label("Year").fill(str(date.year))


def name_the_meeting(page: Page, on: datetime.date, resolution: str) -> None:
    """The chair, approving, names the governing body meeting that resolved to enter the agreement."""
    fill_date(page, "When did the governing body resolve to enter the agreement?", on)
    page.get_by_label("Resolution or minute reference", exact=True).fill(resolution)


def click_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def click_link(page: Page, name: "str | re.Pattern", exact: bool = True) -> None:
    """Follow a link, or a link styled as a button (GOV.UK's `<a role="button">`), by its text."""
    link = page.get_by_role("link", name=name, exact=exact).or_(page.get_by_role("button", name=name, exact=exact))
    link.first.click()


def open_task(page: Page, title: str) -> None:
    """Follow a task list link (its accessible name also carries the task's status)."""
    page.locator(".govuk-task-list").get_by_role("link", name=title).click()


def task_status(page: Page, title: str) -> Locator:
    row = page.locator(".govuk-task-list__item").filter(has_text=title)
    return row.locator(".govuk-task-list__status")


def expect_success_banner(page: Page, text: str | re.Pattern) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(text)


def expect_error_summary(page: Page, *messages: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    for message in messages:
        expect(summary).to_contain_text(message)


def expect_status_tag(page: Page, text: str) -> None:
    expect(
        page.locator("main .govuk-tag").filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).first
    ).to_be_visible()


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def text_top(locator: Locator) -> float:
    """Where the first line of an element's text starts on screen (not its box, which in a table
    cell spans the whole row)."""
    return locator.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects()[0].top; }"
    )
