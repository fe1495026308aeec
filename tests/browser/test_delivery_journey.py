"""Delivery and impact in the browser: trust staff record a review meeting with ratings and an
action; the governor reads it and comments; staff generate the impact report and share it, and its
PDF (read with pypdf) holds the four parts with the stored activities and ratings; the partnership
concludes only once the end-of-partnership review is recorded.

Pages are checked with axe-core (`make screenshots` saves them under test-output/screenshots/).
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from partnerships.dates import add_months
from partnerships.models import Activity, Partnership
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.browser.steps import click_button, click_link, expect_status_tag, expect_success_banner, fill_date, heading
from tests.partnerships.factories import ActivityFactory, ObjectiveFactory, PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.browser

SCHOOL = "St Hilda's Church of England Primary School"
PHONICS = "Improve the teaching of phonics in key stage 1"
LEADERSHIP = "Strengthen middle leadership in English and maths"


@pytest.fixture
def running(live_server):
    """An active partnership that started eleven months ago, with two objectives, one activity
    done and one planned."""
    today = datetime.date.today()
    start = add_months(today.replace(day=1), -11)
    trust = TrustFactory(name="Northern Lights Academy Trust")
    school = SchoolFactory(name=SCHOOL, urn="107654", previous_ofsted_grade="Requires improvement")
    partnership = PartnershipFactory(
        school=school,
        trust=trust,
        status=Partnership.Status.ACTIVE,
        start_date=start,
        end_date=add_months(start, 12) - datetime.timedelta(days=1),
    )
    ObjectiveFactory(partnership=partnership, description=PHONICS, position=1)
    ObjectiveFactory(partnership=partnership, description=LEADERSHIP, position=2)
    ActivityFactory(
        partnership=partnership,
        title="Fortnightly mentoring for the headteacher",
        status=Activity.Status.DONE,
        impact_notes="The headteacher has a written plan for the school's priorities.",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=120),
    )
    ActivityFactory(
        partnership=partnership,
        title="Subject leadership programme",
        category=Activity.Category.SUBJECT_LEADERSHIP,
        starts_on=today + datetime.timedelta(days=5),
        ends_on=partnership.end_date,
    )
    TrustStaffFactory(username="priya", first_name="Priya", last_name="Shah", trust=trust)
    GovernorFactory(username="daniel", first_name="Daniel", last_name="Okafor", school=school)
    return partnership


@pytest.mark.real_pdf
def test_review_comment_impact_report_and_end_review(new_page, sign_in, look, running):
    staff_page = sign_in(new_page(), "priya")
    staff_record_a_review(staff_page, look, running)
    governor_page = sign_in(new_page(), "daniel")
    governor_read_and_comment(governor_page, look, running)
    staff_generate_and_share_the_report(staff_page, look)
    concluding_needs_the_end_review(staff_page, look, running)
    look.assert_clean()


def staff_record_a_review(page, look, partnership):
    page.goto(f"/partnerships/{partnership.pk}/")
    click_link(page, "Reviews and progress against objectives")
    expect(heading(page)).to_have_text("Reviews and progress")
    look(page, "delivery-01-reviews-empty")
    click_link(page, "Record a review")
    fill_date(page, "Date of the meeting", datetime.date.today() - datetime.timedelta(days=2))
    page.get_by_label("Who attended for the trust").fill("Priya Shah, Director of School Improvement")
    page.get_by_label("Who attended for the school").fill("Margaret Ellis, Headteacher\nDaniel Okafor, Chair")
    for number, rating, evidence in (
        (1, "On track", "78% of year 1 on track in the autumn phonics assessment."),
        (2, "Some concerns", "The maths lead has not yet led monitoring."),
    ):
        objective = page.get_by_role("group", name=re.compile(rf"^Objective {number}:"))
        objective.get_by_label(rating, exact=True).check()
        objective.get_by_label("Evidence").fill(evidence)
    look(page, "delivery-02-record-review")
    click_button(page, "Save the review")
    expect_success_banner(page, "Partnership review recorded")
    expect_status_tag(page, "Some concerns")

    click_link(page, "Add an action")
    page.get_by_label("What needs doing").fill("Maths lead to shadow a trust school's monitoring")
    page.get_by_label("Who will do it").fill("Sam Patel, maths lead")
    fill_date(page, "Due date", datetime.date.today() + datetime.timedelta(days=30))
    click_button(page, "Add action")
    expect_success_banner(page, "Action added")
    expect(page.locator("main")).to_contain_text("Maths lead to shadow a trust school's monitoring")
    look(page, "delivery-03-review")


def governor_read_and_comment(page, look, partnership):
    page.goto(f"/partnerships/{partnership.pk}/governors/")
    click_link(page, "Reviews and progress against objectives")
    table = page.get_by_role("table", name=re.compile("Rating of each objective"))
    expect(table.get_by_role("row", name=re.compile(PHONICS))).to_contain_text("On track")
    expect(table.get_by_role("row", name=re.compile(LEADERSHIP))).to_contain_text("Some concerns")
    click_link(page, "Partnership review")
    expect(page.locator("main")).to_contain_text("Sam Patel, maths lead")
    click_link(page, "Comment on this review")
    page.get_by_label("Your comment").fill("The full governing body discussed this on Tuesday.")
    click_button(page, "Add comment")
    expect_success_banner(page, "Comment added")
    expect(page.locator("#comments ~ .govuk-inset-text")).to_contain_text("Daniel Okafor")
    look(page, "delivery-04-governor-comment")
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)


def staff_generate_and_share_the_report(page, look):
    click_link(page, "Back to reviews and progress")
    click_link(page, "Back to the partnership")
    click_link(page, "Impact report")
    click_link(page, "Generate a new version")
    page.get_by_label("Context (optional)").fill("Two inspections judged the school to require improvement.")
    page.get_by_label("Early impact (optional)").fill("A clear road map to 'good'.")
    look(page, "delivery-05-report-form")
    click_button(page, "Generate the report")
    expect_success_banner(page, "Version 1 of the impact report has been generated")
    for part in ("1. Context", "2. Support provided to date", "3. Plan for future support", "4. Early impact"):
        expect(page.get_by_role("heading", name=part)).to_be_visible()
    look(page, "delivery-06-report")

    link = page.get_by_role("link", name=re.compile(r"^Download version 1 \(PDF"))
    with page.expect_download() as download:
        link.click()
    content = open(download.value.path(), "rb").read()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))
    for expected in (
        "1. Context",
        "2. Support provided to date",
        "3. Plan for future support",
        "4. Early impact",
        "Requires improvement",
        "Fortnightly mentoring for the headteacher",
        "Subject leadership programme",
        "On track",
        "Some concerns",
        "A clear road map to 'good'.",
    ):
        assert expected in text, f"{expected!r} is not in the PDF"

    click_link(page, "Share with the governors and oversight")
    click_button(page, "Share the report")
    expect_success_banner(page, "is shared with the governors and oversight")
    expect_status_tag(page, "Shared")


def concluding_needs_the_end_review(page, look, partnership):
    after_end = (partnership.end_date + datetime.timedelta(days=1)).isoformat()
    call_command("send_reminders", "--today", after_end, stdout=io.StringIO())
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACTIVE  # not concluded without its end review

    page.goto(f"/partnerships/{partnership.pk}/reviews/")
    click_link(page, "Record the end-of-partnership review")
    for number in (1, 2):
        page.get_by_role("group", name=re.compile(rf"^Objective {number}:")).get_by_label(
            "Achieved", exact=True
        ).check()
    page.get_by_label("Joined the trust").check()
    page.get_by_label("Lessons learned").fill("Agree the assessment information at the first review.")
    page.get_by_role("group", name=re.compile("^Would you recommend")).get_by_label("Yes").check()
    look(page, "delivery-07-end-review")
    click_button(page, "Save the end-of-partnership review")
    expect_success_banner(page, "End-of-partnership review saved")

    call_command("send_reminders", "--today", after_end, stdout=io.StringIO())
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.CONCLUDED
