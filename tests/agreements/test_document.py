"""The PDF a reader gets: its text, extracted with pypdf, shows the stored terms and nothing else."""

import datetime
import re
from types import SimpleNamespace

import pytest

from agreements import services
from partnerships.dates import last_day_for_term
from partnerships.models import ClauseSection, Partnership
from partnerships.models.terms import service_charge_totals
from tests.access_world import module_transaction
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.agreements.builders import realistic_partnership, record_approval
from tests.agreements.conftest import agreed_partnership, pdf_pages, pdf_text, printed_pieces, squashed
from tests.partnerships.factories import ClauseFactory
from tests.schools.factories import SchoolFactory, TrustFactory

# About the document itself: rendered with WeasyPrint, not the stand-in.
pytestmark = pytest.mark.real_pdf


def gbp(amount) -> str:
    return f"£{amount:,.2f}"


def issued_pdf(partnership, issued_by) -> tuple[object, bytes]:
    version = services.agreement_issue(partnership=partnership, issued_by=issued_by)
    return version, services.agreement_pdf_for_download(version)


@pytest.fixture(scope="module")
def issued_world(django_db_setup, django_db_blocker):
    """An agreed partnership like the `agreed` fixture's, issued once for the tests that only read
    its document (each real render and seal takes about a second). Its trust, school and people
    have identifiers of their own: other tests here make the fixtures' ones inside this world."""
    with module_transaction(django_db_blocker):
        trust = TrustFactory(
            name="Northern Lights Academy Trust", group_id="TR02345", companies_house_number="07654322"
        )
        school = SchoolFactory(name="St Hilda's Church of England Primary School", urn="107656")
        governor = GovernorFactory(username="document.governor", first_name="Daniel", last_name="Okafor", school=school)
        trust_staff = TrustStaffFactory(username="document.staff", first_name="Priya", last_name="Shah", trust=trust)
        agreed = agreed_partnership(trust, school, governor)
        version, content = issued_pdf(agreed, trust_staff)
        yield SimpleNamespace(agreed=agreed, trust_staff=trust_staff, version=version, content=content)


@pytest.fixture
def issued(issued_world, db):
    return issued_world


def test_issued_pdf_shows_every_stored_clause_numbered_in_section_order(issued):
    agreed, content = issued.agreed, issued.content
    text = squashed(pdf_text(content))
    sections = {}
    for clause in agreed.clauses.order_by("section", "position", "id"):
        sections.setdefault(clause.section, []).append(clause)
    for section_number, clauses in enumerate(sections.values(), 1):
        for index, clause in enumerate(clauses, 1):
            assert squashed(f"{section_number}.{index}{clause.heading}") in text
            for piece in printed_pieces(clause.body):
                assert squashed(piece) in text


def test_issued_pdf_shows_both_parties_identifiers_totals_and_approvals(issued):
    agreed, trust_staff, content = issued.agreed, issued.trust_staff, issued.content
    text = pdf_text(content)
    flat = squashed(text)
    for identifier in (
        "Northern Lights Academy Trust",
        "TR02345",
        "07654322",
        "St Hilda's Church of England Primary School",
        "107656",
        "Leeds (383)",
    ):
        assert squashed(identifier) in flat
    totals = service_charge_totals(agreed)
    assert squashed(f"{gbp(totals.net)}{gbp(totals.vat)}{gbp(totals.gross)}") in flat
    for line in agreed.cost_lines.all():
        assert squashed(line.description) in flat
    # The execution page: the governing body's signatory with role and time (UK time); the audit
    # certificate: the approval and the trust's issue, with who and when.
    assert squashed("Name Daniel Okafor Role Chair of governors") in flat
    assert squashed("Date signed 14 July 2026 at 4:05pm") in flat
    assert squashed("Approved by the governing body") in flat
    assert squashed(f"Version 1 issued (this document) {trust_staff.get_full_name()}, {trust_staff.job_title}") in flat


def test_issued_pdf_has_running_header_and_page_x_of_y_and_no_watermark(issued):
    agreed, version, content = issued.agreed, issued.version, issued.content
    pages = pdf_pages(content)
    assert len(pages) == version.page_count > 5
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert "DRAFT" not in page
        if number > 1:
            assert f"{agreed.reference} · version {version.number}" in page


def test_draft_pdf_is_watermarked_on_every_page_with_blank_signature_lines(draft, trust_staff, governor):
    version = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
    pages = pdf_pages(services.agreement_pdf_for_download(version))
    assert all("DRAFT" in page for page in pages)
    signatures = pages[-1]
    assert "This is a draft" in signatures
    for label in (
        f"Signed for {draft.trust.name}",
        f"Signed for the governing body of {draft.school.name}",
        "Signature",
        "Name",
        "Role",
        "Date signed",
        "Governing body resolution (date)",
    ):
        assert label in signatures
    assert "Audit certificate" not in signatures and "Daniel Okafor" not in signatures


def test_schedules_show_objectives_activities_timeline_and_data_protection(issued):
    agreed, content = issued.agreed, issued.content
    text = pdf_text(content)
    flat = squashed(text)
    for objective in agreed.objectives.all():
        assert squashed(objective.measure_of_success) in flat
    for activity in agreed.activities.all():
        assert squashed(activity.title) in flat
    # The timeline has a column for each month of the partnership: September 2026 to August 2027.
    assert squashed("Sep Oct Nov Dec Jan Feb Mar Apr May Jun Jul Aug") in flat
    schedule_3 = text[text.index("Schedule 3: Data protection", text.index("Schedule 2: Services")) :]
    for clause in agreed.clauses.filter(section=ClauseSection.DATA_PROTECTION):
        for piece in printed_pieces(clause.body):
            assert squashed(piece) in squashed(schedule_3)


def test_partnership_with_no_charge_says_so(trust, school, trust_staff):
    partnership = realistic_partnership(
        trust=trust,
        school=school,
        status=Partnership.Status.AGREED,
        no_charge=True,
        clauses=2,
        cost_lines=0,
        activities=1,
        objectives=1,
    )
    record_approval(partnership, GovernorFactory(school=school))
    _, content = issued_pdf(partnership, trust_staff)
    flat = squashed(pdf_text(content))
    assert squashed("No charge: the Trust provides its support at no cost to the School.") in flat
    assert squashed("There is no Service Charge.") in flat


def test_pdf_is_built_from_the_snapshot_not_the_live_terms(agreed, trust_staff):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    ClauseFactory(
        partnership=agreed, heading="Added after issue", body="A clause written after the agreement was issued."
    )
    agreed.clauses.filter(section=ClauseSection.SCOPE).update(body="Rewritten after issue.")
    version.refresh_from_db()
    from agreements.rendering import render_pdf

    text = squashed(pdf_text(render_pdf(version.snapshot).content))
    assert squashed("Added after issue") not in text
    assert squashed("Rewritten after issue.") not in text


def test_timeline_of_an_18_month_partnership_has_18_month_columns(trust, school, trust_staff):
    start = datetime.date(2026, 9, 1)
    partnership = realistic_partnership(
        trust=trust,
        school=school,
        start_date=start,
        end_date=last_day_for_term(start, 18),
        clauses=1,
        cost_lines=1,
        activities=2,
        objectives=1,
    )
    version = services.agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    text = pdf_text(services.agreement_pdf_for_download(version))
    months_row = re.search(r"Activity\s*2026\s*2027\s*2028\s*((?:[A-Z][a-z]{2}\s*)+)", text)
    assert months_row is not None
    assert months_row.group(1).split() == [
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Jan",
        "Feb",
    ]
