"""The issued agreement as a complete contract (issue 15): every model section, the defined
parties, the invoice schedule and yearly totals, the execution page, the audit certificate; a
tagged PDF/UA-1 file; and a seal that validates, and fails after one byte changes."""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from agreements import services
from agreements.seal import SealCheck, check_seal
from partnerships import services as partnership_services
from partnerships.markup import blocks, plain_text
from partnerships.model_clauses import MODEL_CLAUSES
from partnerships.models import ClauseSection, Partnership
from tests.access_world import module_transaction
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.agreements.builders import realistic_partnership, record_approval
from tests.agreements.conftest import pdf_pages, squashed
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.real_pdf

OUTPUT = Path(settings.BASE_DIR) / "test-output"


@pytest.fixture(scope="module")
def issued_world(django_db_setup, django_db_blocker):
    """A realistic agreed partnership (the model clause set and more), issued once for the module's
    tests that read the one document (a real render and seal take seconds). Built in a module
    transaction rolled back at the end; each test's own transaction nests inside it."""
    with module_transaction(django_db_blocker):
        trust = TrustFactory(
            name="Northern Lights Academy Trust",
            group_id="TR02344",
            companies_house_number="07654321",
            street="1 Aurora Way",
            town="Leeds",
            postcode="LS1 4AP",
        )
        school = SchoolFactory(name="St Hilda's Church of England Primary School", urn="107655")
        governor = GovernorFactory(username="module.governor", first_name="Daniel", last_name="Okafor", school=school)
        trust_staff = TrustStaffFactory(username="module.staff", first_name="Priya", last_name="Shah", trust=trust)
        partnership = realistic_partnership(
            trust=trust,
            school=school,
            status=Partnership.Status.AGREED,
            clauses=len(MODEL_CLAUSES) + 1,
            cost_lines=5,
            activities=8,
            objectives=3,
            start_date=datetime.date(2026, 11, 1),
            end_date=datetime.date(2027, 10, 31),
            trust_vat_number="GB 123 4567 89",
            internal_reference="SIP-26-014",
            extendable_until=datetime.date(2028, 4, 30),
        )
        record_approval(partnership, governor, when=datetime.datetime(2026, 10, 20, 18, 30, tzinfo=datetime.UTC))
        partnership_services.academisation_record(
            partnership=partnership,
            recorded_by=governor,
            resolution_on=datetime.date(2026, 11, 12),
            consultation_started_on=datetime.date(2026, 11, 16),
            consultees="Parents and carers, staff, the local authority",
            intended_conversion_on=datetime.date(2027, 9, 1),
        )
        version = services.agreement_issue(partnership=partnership, issued_by=trust_staff)
        content = services.agreement_pdf_for_download(version)
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / "agreement-issued.pdf").write_bytes(content)
        yield SimpleNamespace(
            partnership=partnership, version=version, content=content, governor=governor, trust_staff=trust_staff
        )


@pytest.fixture
def issued(issued_world, db):
    return issued_world.partnership, issued_world.version, issued_world.content


def test_issued_pdf_has_every_model_section_the_parties_and_every_clause(issued):
    partnership, version, content = issued
    text = squashed("\n".join(pdf_pages(content)))
    for section in {section for section, _heading, _body in MODEL_CLAUSES}:
        assert squashed(ClauseSection(section).label) in text
    for clause in partnership.clauses.all():
        for _kind, lines in blocks(clause.body):
            for line in lines:
                item = line[2:] if line[:2] in ("- ", "* ") else line.split(". ", 1)[-1] if line[:1].isdigit() else line
                assert squashed(plain_text(item)) in text
    # Defined parties: the trust as a charitable company with its registered office; the governing body.
    assert (
        squashed("Northern Lights Academy Trust (“the Trust”), an academy trust, a company limited by guarantee")
        in text
    )
    assert squashed("whose registered office is at 1 Aurora Way, Leeds, LS1 4AP") in text
    assert squashed("The governing body of St Hilda's Church of England Primary School (“the Governing Body”)") in text
    assert squashed("Yes: the parties may extend the Term by a variation, to end no later than 30 April 2028.") in text


def test_issued_pdf_has_the_invoice_schedule_and_totals_by_financial_and_academic_year(issued):
    partnership, version, content = issued
    text = squashed("\n".join(pdf_pages(content)))
    costs = version.snapshot["terms"]["costs"]
    assert squashed("Invoice schedule") in text
    for invoice in costs["invoices"]:
        day = datetime.date.fromisoformat(invoice["date"])
        assert squashed(f"{day.day} {day:%B %Y}") in text
    assert [year["label"] for year in costs["by_financial_year"]] == ["2026-27", "2027-28"]
    assert [year["label"] for year in costs["by_academic_year"]] == ["2026/27", "2027/28"]
    for year in costs["by_financial_year"] + costs["by_academic_year"]:
        assert squashed(f"{year['label']}£{Decimal(year['net']):,.2f}") in text
    # 1 November 2026 to 31 October 2027 runs in four school terms, so a termly line is charged 4 times.
    termly = next(line for line in costs["lines"] if line["frequency"] == "Termly")
    assert termly["occurrences"] == 4
    assert squashed("Payment method BACS (bank transfer)") in text
    assert squashed("Trust's VAT registration number GB 123 4567 89") in text
    assert squashed("School's internal reference SIP-26-014") in text


def test_issued_pdf_has_the_execution_page_audit_certificate_and_academisation_record(issued, issued_world):
    partnership, version, content = issued
    governor, trust_staff = issued_world.governor, issued_world.trust_staff
    pages = pdf_pages(content)
    execution = next(squashed(page) for page in pages if "Execution" in page and "Date signed" in page)
    assert squashed(f"Name {governor.get_full_name()}") in execution
    assert squashed(f"Name {trust_staff.get_full_name()} Role {trust_staff.job_title}") in execution
    assert squashed("Date signed 20 October 2026 at 7:30pm") in execution
    audit = next(squashed(page) for page in pages if "Audit certificate" in page and "Fingerprint" in page)
    assert squashed(f"Approved by the governing body {governor.get_full_name()}") in audit
    assert squashed(f"Version {version.number} issued (this document)") in audit
    assert version.terms_sha256[:20] in audit
    # An approval recorded before the chair was asked for the meeting says so honestly.
    assert squashed("Governing body resolution Not recorded at approval") in execution
    text = squashed("\n".join(pages))
    assert squashed("Governing body resolution 12 November 2026") in text
    assert squashed("Intended conversion date 1 September 2027") in text


def test_issued_pdf_is_tagged_pdf_ua_1_with_title_and_language(issued):
    _partnership, version, content = issued
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root and len(root.StructTreeRoot.K) > 0
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as meta:
            assert meta["pdfuaid:part"] == "1"
            assert f"{version.reference}, version {version.number}" in meta["dc:title"]


def test_issued_pdf_seal_validates_and_fails_after_one_byte_changes(issued):
    _partnership, _version, content = issued
    assert check_seal(content).state == SealCheck.VALID
    middle = len(content) // 2
    changed = content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]
    assert check_seal(changed).state == SealCheck.ALTERED


def test_execution_page_prints_the_meeting_that_authorised_the_approving_governor(trust, school, trust_staff):
    """A governor (not the chair) approves under an authorisation the clerk recorded: the execution
    page prints that meeting's date and resolution, not "Not recorded"."""
    from partnerships.services import governor_authorisation_record
    from tests.accounts.factories import ClerkFactory, GovernorFactory

    governor = GovernorFactory(
        school=school, role=User.Role.GOVERNOR, job_title="Governor", first_name="Amira", last_name="Hussain"
    )
    authorisation = governor_authorisation_record(
        school=school,
        governor=governor,
        meeting_date=datetime.date(2026, 10, 8),
        resolution="Minute 7.2: approve and sign the trust partnership agreement",
        recorded_by=ClerkFactory(school=school),
    )
    partnership = realistic_partnership(trust=trust, school=school, status=Partnership.Status.AGREED, clauses=3)
    approval = record_approval(partnership, governor, when=timezone.now())
    approval.authority = authorisation.description
    approval.save()
    version = services.agreement_issue(partnership=partnership, issued_by=trust_staff)
    content = services.agreement_pdf_for_download(version)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "agreement-issued-authorised-governor.pdf").write_bytes(content)
    pages = pdf_pages(content)
    execution = next(squashed(page) for page in pages if "Execution" in page and "Date signed" in page)
    assert squashed("Name Amira Hussain Role Governor") in execution
    assert squashed("Governing body resolution Meeting of 8 October 2026: Minute 7.2: approve and sign") in execution
    assert squashed("Not recorded") not in execution


def test_execution_page_prints_the_meeting_the_chair_named_at_approval(client, trust, school, governor, trust_staff):
    """The chair approves through the service, naming the meeting that resolved to enter the
    agreement: the issued PDF's execution page and the web view print it."""
    from django.urls import reverse

    from agreements.services import agreement_generate_draft

    partnership = realistic_partnership(trust=trust, school=school, status=Partnership.Status.IN_REVIEW, clauses=3)
    agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    partnership_services.partnership_approve(
        partnership=partnership,
        approved_by=governor,
        meeting_date=datetime.date(2026, 11, 3),
        meeting_resolution="Minute 9.1: resolved to enter the agreement with Northern Lights Academy Trust",
    )
    version = services.agreement_issue(partnership=partnership, issued_by=trust_staff)
    content = services.agreement_pdf_for_download(version)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "agreement-issued-chair-meeting.pdf").write_bytes(content)

    execution = next(squashed(page) for page in pdf_pages(content) if "Execution" in page and "Date signed" in page)
    assert (
        squashed(f"Name {governor.get_full_name()} Role Chair of governors Authority Chair of governors") in execution
    )
    assert (
        squashed(
            "Governing body resolution Meeting of 3 November 2026: "
            "Minute 9.1: resolved to enter the agreement with Northern Lights Academy Trust"
        )
        in execution
    )
    assert squashed("Not recorded") not in execution
    client.force_login(governor)
    page = client.get(reverse("agreements:version-detail", args=[partnership.pk, version.number])).content.decode()
    assert squashed("Governing body resolution</dt>") in squashed(page)
    assert "Meeting of 3 November 2026: Minute 9.1: resolved to enter the agreement" in page
