"""The whole journey through the service, as its three kinds of user take it.

Trust staff start a partnership and build its terms, service charge, objectives and activity
plan, then send it to the governors; the chair of governors asks for a change; staff make it
and send it again; the governors approve; staff issue the agreement; the governor downloads the
issued PDF; oversight sees the partnership on the dashboard and exports it as CSV.

Every main page is checked with axe-core and at 390 px (`make screenshots` saves them under
test-output/screenshots/).
"""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from partnerships.dates import last_day_for_term
from partnerships.models import ClauseSection, Partnership
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.browser.steps import (
    click_button,
    click_link,
    expect_error_summary,
    expect_status_tag,
    expect_success_banner,
    fill_date,
    heading,
    name_the_meeting,
    open_task,
    task_status,
    text_top,
)
from tests.partnerships.factories import LibraryClauseFactory, PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.browser

URN = "107654"
SCHOOL = "St Hilda's Church of England Primary School"
TRUST = "Northern Lights Academy Trust"


def next_month_start() -> datetime.date:
    today = datetime.date.today()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def people(live_server):
    trust = TrustFactory(name=TRUST, group_id="TR02343", companies_house_number="07654321")
    SchoolFactory(name=SCHOOL, urn=URN, la_name="Leeds", region="Yorkshire and the Humber")
    SchoolFactory(name="St Hilda's Catholic Primary School", urn="107655")
    LibraryClauseFactory(
        trust=trust,
        section=ClauseSection.SAFEGUARDING,
        heading="Safeguarding responsibilities",
        body="Both parties follow Keeping children safe in education.",
    )
    # Someone else's partnership, so the oversight list has something to filter out.
    PartnershipFactory(reference="TP25-00042", status=Partnership.Status.ACTIVE)
    return {
        "staff": TrustStaffFactory(username="priya", first_name="Priya", last_name="Shah", trust=trust),
        "governor": GovernorFactory(
            username="daniel",
            first_name="Daniel",
            last_name="Okafor",
            school__urn=URN,
            school__name=SCHOOL,
        ),
        "oversight": OversightFactory(username="helen", first_name="Helen", last_name="Wright"),
    }


@pytest.mark.real_pdf
def test_partnership_journey_from_start_to_oversight_export(new_page, sign_in, look, people):
    start = next_month_start()
    end = last_day_for_term(start, 12)

    staff = sign_in(new_page(), "priya")
    reference = staff_start_partnership(staff, look, start, end)
    staff_build_the_plan(staff, look, start)
    staff_send_for_review(staff, look)

    governor = sign_in(new_page(), "daniel")
    governor_request_changes(governor, look, reference)
    staff_make_the_change_and_resend(staff, look)
    governor_approve(governor, look)
    version = staff_issue_the_agreement(staff, look)
    governor_download_the_issued_pdf(governor, version)

    # A variation: staff extend the agreed partnership, the governor sees what changes and
    # approves it, staff issue the next version, and its PDF cites the approval of the variation.
    longer = last_day_for_term(start, 16)
    staff_propose_an_extension(staff, look, reference, longer)
    governor_approve_the_variation(governor, look, reference, end, longer)
    varied = staff_issue_the_variation(staff, look)
    assert int(varied) > int(version)
    text = governor_download_the_issued_pdf(governor, varied)
    assert "A variation of the agreement: version" in text
    assert "Authority Chair of governors" in text
    meeting_on = f"{MEETING_ON.day} {MEETING_ON:%B %Y}"
    assert f"Governing body resolution Meeting of {meeting_on}: Minute 8.1: resolved to extend the partnership" in text

    oversight = sign_in(new_page(), "helen")
    oversight_dashboard_and_export(oversight, look, reference, start, longer)

    look.assert_clean()


# --- Trust staff: start the partnership ------------------------------------------------------------


def staff_start_partnership(page, look, start, end) -> str:
    expect(heading(page)).to_have_text("Your trust's partnerships")
    look(page, "01-staff-home-empty")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Clause library").click()
    expect(page.locator("main")).to_contain_text("Safeguarding responsibilities")
    look(page, "01-clause-library")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()

    click_link(page, "Start a new partnership")
    expect(heading(page)).to_have_text("Find the school")
    page.get_by_label("School name or URN").fill("St Hilda")
    click_button(page, "Search")
    expect(page.get_by_role("heading", name=re.compile("2 schools matching"))).to_be_visible()
    look(page, "02-school-search")
    page.get_by_role("row").filter(has_text=URN).get_by_role("link", name=re.compile("^Select")).click()

    expect(heading(page)).to_have_text("Key details")
    expect(page.get_by_role("group", name="Trust lead contact").get_by_label("Full name")).to_have_value("Priya Shah")
    look(page, "03-key-details")
    fill_date(page, "Start date", start)
    fill_date(page, "End date", last_day_for_term(start, 20))  # too long: the 12–18 month rule
    page.get_by_label("Purpose of the partnership").fill("Strengthen leadership and early reading.")
    page.get_by_role("group", name="Chair of governors").get_by_label("Full name").fill("Daniel Okafor")
    page.get_by_role("group", name="Headteacher").get_by_label("Full name").fill("Margaret Ellis")
    click_button(page, "Continue")
    expect_error_summary(page, "A trust partnership must last between 12 and 18 months")
    look(page, "03-key-details-error")

    fill_date(page, "End date", end)
    click_button(page, "Continue")
    expect(heading(page)).to_have_text("Check the details before you set up the partnership")
    expect(page.locator("main")).to_contain_text("12 months")
    look(page, "04-check-answers")
    click_button(page, "Set up partnership")

    expect_success_banner(page, re.compile(r"Partnership TP\d\d-\d{5} set up with"))
    expect(heading(page)).to_have_text(SCHOOL)
    expect_status_tag(page, "Draft")
    expect(task_status(page, "Key details")).to_have_text("Completed")
    look(page, "05-task-list-new")
    return re.search(r"TP\d\d-\d{5}", page.locator(".govuk-notification-banner--success").inner_text()).group(0)


# --- Trust staff: terms, service charge, objectives, activity plan ------------------------------------


def staff_build_the_plan(page, look, start):
    open_task(page, "Terms and conditions")
    expect(heading(page)).to_have_text("Terms and conditions")
    click_link(page, "Add from your clause library")
    page.get_by_label("Safeguarding responsibilities").check()
    look(page, "06-add-from-library")
    click_button(page, "Add clauses")
    expect_success_banner(page, "1 clause added: Safeguarding responsibilities.")
    expect(page.locator("main")).to_contain_text("Safeguarding responsibilities")

    click_link(page, "Write a new clause")
    page.get_by_label("Section").select_option(label="Scope and services")
    page.get_by_label("Heading").fill("Services the trust provides")
    page.get_by_label("Clause text").fill("The trust's CEO mentors the headteacher every fortnight.")
    click_button(page, "Save clause")
    expect(page.locator("main")).to_contain_text("Services the trust provides")
    look(page, "06-terms")
    click_link(page, "Back to the task list")
    expect(task_status(page, "Terms and conditions")).not_to_have_text("Not started")

    open_task(page, "Service charge")
    expect(heading(page)).to_have_text("Service charge")
    click_link(page, "Add a cost")
    page.get_by_label("Description").fill("Headteacher mentoring")
    page.get_by_label("Amount each time, in pounds").fill("1500")
    page.get_by_label("Termly").check()
    page.get_by_label("Outside the scope of VAT").check()
    click_button(page, "Save cost")
    expect(page.locator("main")).to_contain_text("Headteacher mentoring")
    look(page, "07-service-charge")
    click_link(page, "Back to the task list")

    open_task(page, "Objectives")
    click_link(page, "Add an objective")
    page.get_by_label("Objective").fill("Improve the teaching of phonics in key stage 1")
    page.get_by_label("How will you know it has been achieved?").fill("Phonics check pass rate at the national average")
    fill_date(page, "Target date", start + datetime.timedelta(days=200))
    click_button(page, "Save objective")
    expect(page.locator("main")).to_contain_text("Improve the teaching of phonics")
    look(page, "08-objectives")
    click_link(page, "Back to the task list")

    open_task(page, "Activity plan")
    click_link(page, "Add an activity")
    page.get_by_label("Type of activity").select_option(label="Headteacher mentoring and support")
    page.get_by_label("Title").fill("Fortnightly mentoring for the headteacher")
    page.get_by_label("Who leads it?").fill("Jo Fletcher, CEO")
    fill_date(page, "Start date", start + datetime.timedelta(days=14))
    fill_date(page, "End date", start + datetime.timedelta(days=300))
    click_button(page, "Save activity")
    expect(page.locator("main")).to_contain_text("Fortnightly mentoring for the headteacher")
    look(page, "09-activities")
    click_link(page, "Back to the task list")


def staff_send_for_review(page, look, name="10-send-for-review"):
    click_link(page, "Send to governors for review")
    look(page, name)
    page.locator("main form").get_by_role("button").first.click()
    expect_success_banner(page, "Sent to the governors for review")
    expect_status_tag(page, "In review")


# --- The governor asks for a change; staff make it and send it again ----------------------------------

COMMENT = "Could the mentoring be weekly in the first term?"
REPLY = "Yes: we have changed the clause to weekly mentoring."
EDITED_CLAUSE = "The trust's CEO mentors the headteacher every week."
CHANGE_REASON = "Please reduce the mentoring charge to £1,200 a term, as agreed at the governors' meeting."


def governor_request_changes(page, look, reference):
    expect(heading(page)).to_have_text("Your school's partnerships")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row.locator(".govuk-tag")).to_have_text("In review")
    look(page, "11-governor-home")
    row.get_by_role("link", name=reference).click()

    expect(heading(page)).to_have_text(f"Trust partnership with {TRUST}")
    expect(page.locator("main")).to_contain_text("Headteacher mentoring")
    look(page, "12-governor-review")

    # A comment on a clause starts a thread the trust can reply to.
    clause = page.locator("[id^=clause-]").filter(has_text="Services the trust provides")
    clause.get_by_role("link", name=re.compile("^Comment on this clause")).click()
    page.get_by_label("Comment").fill(COMMENT)
    click_button(page, "Add comment")
    expect(page.locator(".app-comment-thread")).to_contain_text(COMMENT)

    click_link(page, "Ask for changes")
    expect(heading(page)).to_have_text("Ask the trust for changes")
    click_button(page, "Send to the trust")
    expect_error_summary(page)
    look(page, "13-request-changes-error")
    page.get_by_label("What does the trust need to change?").fill(CHANGE_REASON)
    click_button(page, "Send to the trust")
    expect_success_banner(page, "You asked the trust for changes")
    expect_status_tag(page, "Changes requested")


def staff_make_the_change_and_resend(page, look):
    page.reload()
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("The governors asked for changes")
    expect(banner).to_contain_text(CHANGE_REASON)
    expect_status_tag(page, "Changes requested")
    look(page, "14-task-list-changes-requested")
    # The tag wraps onto two lines here; the "Status" key stays level with its first line.
    status_row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text="Status"))
    tag = status_row.locator(".govuk-tag")
    assert tag.bounding_box()["height"] > 40, "the tag no longer wraps: this check needs a longer status"
    assert abs(text_top(status_row.locator("dt")) - text_top(tag)) < 8

    thread = page.locator(".app-comment-thread").filter(has_text=COMMENT)
    thread.get_by_role("link", name=re.compile("^Reply")).click()
    page.get_by_label("Your reply").fill(REPLY)
    click_button(page, "Add reply")
    expect_success_banner(page, "Reply added")
    expect(thread).to_contain_text(REPLY)

    open_task(page, "Service charge")
    page.get_by_role("row").filter(has_text="Headteacher mentoring").get_by_role(
        "link", name=re.compile("^Change")
    ).click()
    page.get_by_label("Amount each time, in pounds").fill("1200")
    click_button(page, "Save cost")
    expect(page.locator("main")).to_contain_text("£3,600.00")
    click_link(page, "Back to the task list")
    open_task(page, "Terms and conditions")
    page.get_by_role("link", name=re.compile(r"^Change clause [\d.]+ Services the trust provides")).click()
    page.get_by_label("Clause text").fill(EDITED_CLAUSE)
    click_button(page, "Save clause")
    expect(page.locator("main")).to_contain_text(EDITED_CLAUSE)
    click_link(page, "Back to the task list")
    staff_send_for_review(page, look, name="15-send-for-review-again")


# The governing body meeting the chair names when approving (a past date).
MEETING_ON = datetime.date.today() - datetime.timedelta(days=3)


def governor_approve(page, look):
    page.reload()
    expect_status_tag(page, "In review")
    expect(page.locator("main")).to_contain_text("£1,200.00")
    # What changed since the version they asked changes to, with the changed words marked.
    expect(page.get_by_role("heading", name="Changes since version 1, the one you reviewed")).to_be_visible()
    changes = page.locator(".app-comparison")
    expect(changes.locator("del.app-diff__delete")).to_have_text("[deleted: fortnight]")
    expect(changes.locator("ins.app-diff__insert")).to_have_text("[inserted: week]")
    expect(changes.locator("ins.app-diff__after").first).to_have_text("£1,200.00")
    look(page, "15-governor-review-changes")
    # The trust's reply settles the comment: the governor resolves the thread.
    thread = page.locator(".app-comment-thread").filter(has_text=COMMENT)
    expect(thread).to_contain_text(REPLY)
    expect(thread).to_contain_text("On an earlier version")  # the clause was reworded since
    thread.get_by_role("button", name=re.compile("^Resolve")).click()
    expect_success_banner(page, "Comment thread resolved")
    expect(thread.locator(".govuk-tag")).to_contain_text(["On an earlier version", "Resolved"])
    look(page, "15-governor-comment-resolved")
    # The decision panel is after the agreement too, where the reader finishes.
    expect(page.get_by_role("heading", name=re.compile("You have reached the end of the agreement"))).to_be_visible()
    click_link(page, "Approve the agreement")
    expect(heading(page)).to_have_text("Approve the partnership agreement")
    look(page, "16-approve")
    # The chair must say which meeting resolved to enter the agreement: the execution page prints it.
    click_button(page, "Approve the agreement")
    expect_error_summary(
        page, "Enter the date of the governing body meeting", "Enter the resolution or minute reference"
    )
    look(page, "16-approve-name-the-meeting")
    name_the_meeting(page, MEETING_ON, "Minute 5.2: resolved to enter the partnership agreement")
    click_button(page, "Approve the agreement")
    expect_success_banner(page, re.compile(r"You approved version \d+"))
    expect_status_tag(page, "Agreed")


# --- Staff issue the agreement; the governor downloads it --------------------------------------------


def staff_issue_the_agreement(page, look):
    page.reload()
    expect_status_tag(page, "Agreed")
    # The Agreement task opens the versions page: the preview, drafts and issuing are there.
    open_task(page, "Agreement")
    expect(heading(page)).to_have_text("The agreement")
    click_link(page, "Read the agreement as it stands now")
    expect(heading(page)).to_have_text("Trust partnership agreement")
    expect(page.locator("main")).to_contain_text("This is a preview of the terms as they are stored now")
    look(page, "17-agreement-preview")
    click_link(page, "Back to the agreement versions")
    expect(heading(page)).to_have_text("The agreement")
    look(page, "17-agreement-versions-before-issue")
    # The task list offers issuing directly as well.
    click_link(page, "Back to the partnership")
    look(page, "17-task-list-agreed")
    click_link(page, "Issue the agreement")
    expect(heading(page)).to_have_text("Issue the agreement")
    look(page, "18-issue-the-agreement")
    click_button(page, "Issue the agreement")
    # Each send for review made a draft version; the issued one comes after them.
    expect_success_banner(page, re.compile(r"Version \d+ of the agreement has been issued"))
    number = re.search(r"Version (\d+)", page.locator(".govuk-notification-banner--success").inner_text()).group(1)
    expect(page.locator(".govuk-inset-text")).to_contain_text(f"Version {number} was issued on")
    expect(page.get_by_role("row", name=re.compile(f"^Version {number} ")).locator(".govuk-tag")).to_have_text("Issued")
    expect(page.get_by_role("row", name=re.compile("^Version 1 ")).locator(".govuk-tag")).not_to_have_text("Issued")
    look(page, "19-agreement-versions")

    click_link(page, "Read the agreement")
    expect(page.locator("main .govuk-tag").first).to_have_text("Issued")
    expect(page.locator("main")).to_contain_text(f"URN: {URN}")
    look(page, "20-agreement-web-view")

    click_link(page, "Back to the agreement versions")
    click_link(page, "Back to the partnership")
    expect(task_status(page, "Governor review")).to_have_text("Completed")
    expect(task_status(page, "Agreement")).to_have_text("Completed")
    look(page, "21-task-list-issued")
    click_link(page, "See the history of changes")
    main = page.locator("main")
    expect(main).to_contain_text("Daniel Okafor")
    expect(main).to_contain_text("Priya Shah")
    expect(main).to_contain_text(CHANGE_REASON)
    expect(main).to_contain_text(f"Agreement version {number} issued")
    # New values are bold, not underlined like a link.
    new_value = main.locator(".app-history-change ins").first
    assert new_value.evaluate("el => getComputedStyle(el).textDecorationLine") == "none"
    look(page, "22-history")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    row = page.get_by_role("row").filter(has_text=SCHOOL)
    expect(row.locator(".govuk-tag")).to_have_text("Agreed")
    look(page, "23-staff-home")
    return number


def governor_download_the_issued_pdf(page, version):
    page.reload()
    click_link(page, re.compile(r"^Read the agreement"))
    expect(page.locator("main .govuk-tag").first).to_have_text("Issued")
    link = page.get_by_role("link", name=re.compile(rf"^Download version {version} as a PDF"))
    pages_shown = int(re.search(r"\((\d+) pages?\)", link.inner_text()).group(1))
    with page.expect_download() as download:
        link.click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    content = open(pdf.path(), "rb").read()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == pages_shown
    text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert URN in text
    assert SCHOOL in text
    assert "Daniel Okafor" in text  # the governors' approval block
    assert "DRAFT" not in text
    return text


# --- A variation: an extension the governors approve before it is issued --------------------------------


def staff_propose_an_extension(page, look, reference, new_end):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    page.get_by_role("link", name=re.compile(reference)).first.click()
    click_link(page, "Extend the partnership")
    expect(heading(page)).to_have_text("Extend the partnership")
    fill_date(page, "New end date", new_end)
    page.get_by_label("Why is the partnership being extended?").fill("The governors asked for the spring term too.")
    look(page, "24-extend")
    click_button(page, "Propose the extension")
    expect_success_banner(page, re.compile("Extension to .* proposed"))
    expect_status_tag(page, "Variation proposed")
    expect(page.locator("#in-force")).to_contain_text("of the agreement is in force")
    look(page, "25-variation-proposed")
    click_link(page, "Send to governors for review")
    click_button(page, "Send for review")
    expect_status_tag(page, "Variation in review")
    expect(page.locator("main")).not_to_contain_text("Issue the agreement")


def governor_approve_the_variation(page, look, reference, old_end, new_end):
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    page.get_by_role("link", name=re.compile(reference)).first.click()
    expect_status_tag(page, "Variation in review")
    changes = page.locator("main table").filter(has_text="In force").first
    expect(changes).to_contain_text("End date")
    expect(changes).to_contain_text(f"{old_end.day} {old_end:%B %Y}")
    expect(changes).to_contain_text(f"{new_end.day} {new_end:%B %Y}")
    expect(changes).to_contain_text("Service charge total including VAT")
    look(page, "26-governor-sees-the-variation")
    click_link(page, "Approve the agreement")
    expect(heading(page)).to_have_text("Approve the variation")
    expect(page.locator("#approved-version")).to_contain_text("Fingerprint of its terms (SHA-256)")
    look(page, "27-approve-the-variation")
    name_the_meeting(page, MEETING_ON, "Minute 8.1: resolved to extend the partnership")
    click_button(page, "Approve the variation")
    expect_success_banner(page, re.compile(r"You approved version \d+"))
    expect_status_tag(page, "Agreed")


def staff_issue_the_variation(page, look) -> str:
    page.reload()
    expect_status_tag(page, "Agreed")
    expect(page.locator("#in-force")).to_contain_text("variation the governors approved, not yet issued")
    click_link(page, "Issue the agreement")
    click_button(page, "Issue the agreement")
    expect_success_banner(page, re.compile(r"Version \d+ of the agreement has been issued"))
    look(page, "28-variation-issued")
    return re.search(r"Version (\d+)", page.locator(".govuk-notification-banner--success").inner_text()).group(1)


# --- Oversight: the dashboard, the list and the CSV export ---------------------------------------------


def oversight_dashboard_and_export(page, look, reference, start, end):
    # Oversight lands on the dashboard.
    expect(heading(page)).to_have_text("Trust partnerships dashboard")
    by_status = page.get_by_role("table", name="All partnerships by status")
    expect(by_status.get_by_role("row", name=re.compile(r"^Agreed 1\b"))).to_be_visible()
    by_region = page.get_by_role("table", name="Live partnerships by region")
    expect(by_region.get_by_role("row", name=re.compile(r"^Yorkshire and the Humber \d"))).to_be_visible()
    look(page, "30-oversight-dashboard")

    click_link(page, "View all partnerships")
    expect(heading(page)).to_have_text("All partnerships")
    page.get_by_label("Search").fill(URN)
    click_button(page, "Apply filters")
    assert "csrfmiddlewaretoken" not in page.url  # a GET form carries no token
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(reference)
    look(page, "31-oversight-list")

    with page.expect_download() as download:
        click_link(page, "Download this partnership as a spreadsheet (CSV)")
    export = download.value
    assert export.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(export.path(), encoding="utf-8-sig").read())))
    assert [row["Partnership reference"] for row in rows] == [reference]
    row = rows[0]
    assert (row["Status"], row["School URN"], row["School name"]) == ("Agreed", URN, SCHOOL)
    assert (row["Trust name"], row["Trust Group ID"], row["Trust Companies House number"]) == (
        TRUST,
        "TR02343",
        "07654321",
    )
    assert (row["Start date"], row["End date"]) == (start.isoformat(), end.isoformat())
    # Extended to 16 months by the variation: more terms are charged than the first 12 months' £3,600.
    assert row["Term (months)"] == "16" and float(row["Service charge total (£)"]) > 3600
    assert row["Approved on"] == timezone.localdate().isoformat()

    page.get_by_role("link", name=reference).click()
    expect(heading(page)).to_contain_text(SCHOOL)
    main = page.locator("main")
    expect(main).to_contain_text("You can read this partnership but not change it.")
    expect(main.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("heading", name="Change history")).to_be_visible()
    expect(main).to_contain_text(CHANGE_REASON)
    look(page, "32-oversight-partnership")
