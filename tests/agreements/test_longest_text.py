"""Every text field has a length limit, the forms enforce it, and the agreement PDF still renders
when every field holds the longest text allowed, as words and as one unbroken string.

The PDF is made the way the service makes it (agreements.services, real WeasyPrint). The text is
read back with pypdf, to find the end of the longest clause; the layout is read from WeasyPrint
itself, to check that no line runs past the right-hand edge of the page, where it would be cut off.
"""

import datetime
import io

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.utils import timezone
from pypdf import PdfReader
from weasyprint.formatting_structure.boxes import TextBox

from accounts.models import User
from agreements import rendering, services
from agreements.snapshot import agreed_terms_fingerprint, build_terms
from partnerships import forms as partnership_forms
from partnerships.models import (
    AcademisationConsideration,
    Activity,
    Clause,
    ClauseSection,
    Comment,
    CostLine,
    LibraryClause,
    Objective,
    Partnership,
    ReviewDecision,
)
from schools.models import School, Trust
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    ObjectiveFactory,
    PartnershipFactory,
)
from tests.schools.factories import SchoolFactory, TrustFactory

# About the document itself: rendered with WeasyPrint, not the stand-in.
pytestmark = pytest.mark.real_pdf

APPS = ("accounts", "schools", "partnerships", "agreements")
# Text no person types, so no form limits it: written by code, bounded there.
UNBOUNDED_BY_DESIGN = {
    "agreements.AgreementVersion.render_error": "set by agreements.services._record_render_error, cut to 2,000 characters",
}


def text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                yield f"{model._meta.label}.{field.name}", field


def test_every_text_field_has_a_maximum_length():
    unbounded = [name for name, field in text_fields() if field.max_length is None and name not in UNBOUNDED_BY_DESIGN]
    assert not unbounded, f"text fields without max_length: {unbounded}"


# Each form's text fields and the model field it is stored in.
FORM_FIELDS = {
    partnership_forms.KeyDetailsForm: {
        name: (Partnership, name)
        for name in (
            "purpose",
            "trust_lead_name",
            "trust_lead_role",
            "trust_lead_email",
            "chair_of_governors_name",
            "chair_of_governors_email",
            "headteacher_name",
            "headteacher_email",
            "payment_terms",
            "purchase_order_reference",
            "trust_vat_number",
            "internal_reference",
        )
    },
    partnership_forms.ClauseForm: {"heading": (Clause, "heading"), "body": (Clause, "body")},
    partnership_forms.LibraryClauseForm: {"heading": (LibraryClause, "heading"), "body": (LibraryClause, "body")},
    partnership_forms.CostLineForm: {"description": (CostLine, "description")},
    partnership_forms.ObjectiveForm: {
        "description": (Objective, "description"),
        "measure_of_success": (Objective, "measure_of_success"),
    },
    partnership_forms.ActivityForm: {
        "title": (Activity, "title"),
        "description": (Activity, "description"),
        "lead": (Activity, "lead"),
    },
    partnership_forms.ActivityProgressForm: {"impact_notes": (Activity, "impact_notes")},
    partnership_forms.CommentForm: {"body": (Comment, "body"), "clause": None},  # clause: an id, not text
    partnership_forms.ReasonForm: {"reason": (Partnership, "closure_reason")},
    partnership_forms.EndEarlyForm: {"reason": (Partnership, "closure_reason")},
    partnership_forms.ExtendForm: {"reason": (Partnership, "closure_reason")},
    partnership_forms.ApproveForm: {
        "comment": (ReviewDecision, "reason"),
        "meeting_resolution": (ReviewDecision, "meeting_resolution"),
    },
    partnership_forms.RequestChangesForm: {"reason": (ReviewDecision, "reason")},
    partnership_forms.AcademisationForm: {
        name: (AcademisationConsideration, name)
        for name in ("notes", "consultees", "consultation_outcome", "conversion_project_url")
    },
    partnership_forms.SchoolSearchForm: {"q": (School, "name")},
}


@pytest.mark.parametrize("form_class", FORM_FIELDS, ids=lambda form: form.__name__)
def test_forms_limit_text_to_what_the_database_holds(form_class):
    stored_in = FORM_FIELDS[form_class]
    problems = []
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.CharField):
            continue
        if name not in stored_in:
            problems.append(f"{name}: not in FORM_FIELDS (which model field is it stored in?)")
            continue
        if stored_in[name] is None:  # an id looked up, never stored as text: it only needs a bound
            limit = 100
        else:
            model, model_field = stored_in[name]
            limit = model._meta.get_field(model_field).max_length
        if field.max_length is None or field.max_length > limit:
            problems.append(f"{name}: form allows {field.max_length}, the database holds {limit}")
    assert not problems, "\n".join(problems)


# --- The agreement with the longest text everywhere ------------------------------------------------------

WORDS = ("partnership", "governors", "curriculum", "leadership", "safeguarding", "benchmarking", "trust", "school")


def longest(field_owner, name: str, style: str, marker: str = "") -> str:
    """Text exactly as long as the field allows: words, or one unbroken string, ending in marker."""
    size = field_owner._meta.get_field(name).max_length
    if style == "unbroken":
        return ("W" * size)[: size - len(marker)] + marker
    text, index = "", 0
    while len(text) < size - len(marker):
        text += WORDS[index % len(WORDS)] + " "
        index += 1
    return text[: size - len(marker)].rstrip().ljust(size - len(marker), "x") + marker


def longest_email(size: int = 254) -> str:
    """A valid address of the greatest length an EmailField takes: 64-character local part, 63-character labels."""
    local = "l" * 64
    domain = f"{'d' * 63}.{'e' * 63}.{'f' * (size - 64 - 1 - 63 - 1 - 63 - 1 - 1 - 2)}.uk"
    return f"{local}@{domain}"


def build_longest(style: str) -> Partnership:
    person = {
        "first_name": longest(User, "first_name", style),
        "last_name": longest(User, "last_name", style),
        "job_title": longest(User, "job_title", style),
    }
    trust = TrustFactory(
        name=longest(Trust, "name", style),
        street=longest(Trust, "street", style),
        town=longest(Trust, "town", style),
        region=longest(Trust, "region", style),
        contact_email=longest_email(),
    )
    school = SchoolFactory(
        name=longest(School, "name", style),
        la_name=longest(School, "la_name", style),
        street=longest(School, "street", style),
        town=longest(School, "town", style),
        establishment_type=longest(School, "establishment_type", style),
        phase=longest(School, "phase", style),
    )
    partnership = PartnershipFactory(
        trust=trust,
        school=school,
        status=Partnership.Status.AGREED,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 2, 29),
        purpose=longest(Partnership, "purpose", style, "ENDPURPOSE"),
        trust_lead_name=longest(Partnership, "trust_lead_name", style),
        trust_lead_role=longest(Partnership, "trust_lead_role", style),
        trust_lead_email=longest_email(),
        chair_of_governors_name=longest(Partnership, "chair_of_governors_name", style),
        chair_of_governors_email=longest_email(),
        headteacher_name=longest(Partnership, "headteacher_name", style),
        headteacher_email=longest_email(),
        payment_terms=longest(Partnership, "payment_terms", style),
        purchase_order_reference=longest(Partnership, "purchase_order_reference", style),
    )
    # Three clauses at the limit as words; one as an unbroken string (breaking one anywhere is slow
    # to lay out, and one is enough to show it wraps).
    sections = (ClauseSection.SCOPE, ClauseSection.TERMINATION, ClauseSection.OTHER)[: 3 if style == "words" else 1]
    for number, section in enumerate(sections):
        ClauseFactory(
            partnership=partnership,
            section=section,
            heading=longest(Clause, "heading", style),
            body=longest(Clause, "body", style, f"ENDCLAUSE{number}"),
        )
    CostLineFactory(
        partnership=partnership,
        description=longest(CostLine, "description", style),
        amount="9999999.99",
        frequency=CostLine.Frequency.MONTHLY,
        vat_treatment=CostLine.VatTreatment.STANDARD,
    )
    ObjectiveFactory(
        partnership=partnership,
        description=longest(Objective, "description", style),
        measure_of_success=longest(Objective, "measure_of_success", style, "ENDMEASURE"),
        target_date=partnership.end_date,
    )
    ActivityFactory(
        partnership=partnership,
        title=longest(Activity, "title", style),
        description=longest(Activity, "description", style, "ENDACTIVITY"),
        lead=longest(Activity, "lead", style),
        starts_on=partnership.start_date,
        ends_on=partnership.end_date,
    )
    governor = GovernorFactory(school=school, **person)
    ReviewDecision.objects.create(
        partnership=partnership,
        decision=ReviewDecision.Decision.APPROVED,
        decided_by=governor,
        decided_by_name=longest(ReviewDecision, "decided_by_name", style),
        decided_by_role=longest(ReviewDecision, "decided_by_role", style),
        reason=longest(ReviewDecision, "reason", style, "ENDAPPROVAL"),
        decided_at=timezone.now(),
        authority=longest(ReviewDecision, "authority", style),
        meeting_date=datetime.date(2026, 7, 1),
        meeting_resolution=longest(ReviewDecision, "meeting_resolution", style, "ENDMEETING"),
        terms_sha256=agreed_terms_fingerprint(build_terms(partnership)),
    )
    return partnership


def squashed(text: str) -> str:
    return "".join(text.split())


class LaidOut(rendering.AgreementHTML):
    """The renderer's HTML class, keeping the laid-out document of the last render for inspection."""

    documents = []

    def render(self, *args, **kwargs):
        document = super().render(*args, **kwargs)
        LaidOut.documents.append(document)
        return document


def overflowing_lines(document) -> list[str]:
    """Lines of text whose right end lies past the page's printable area, as WeasyPrint laid them out."""
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        right_edge = page_box.content_box_x() + page_box.width
        for box in page_box.descendants():
            if isinstance(box, TextBox) and box.position_x + box.width > right_edge + 1:
                found.append(
                    f"page {number}: {box.text[:60]!r} ends {box.position_x + box.width - right_edge:.0f}px past the edge"
                )
    return found


@pytest.mark.parametrize("style", ["words", "unbroken"])
def test_the_agreement_pdf_renders_the_longest_allowed_text(db, monkeypatch, style):
    monkeypatch.setattr(rendering, "AgreementHTML", LaidOut)  # the service renders as usual; we keep the layout
    LaidOut.documents.clear()
    partnership = build_longest(style)
    issuer = TrustStaffFactory(
        trust=partnership.trust,
        first_name=longest(User, "first_name", style),
        last_name=longest(User, "last_name", style),
        job_title=longest(User, "job_title", style),
    )
    version = services.agreement_issue(partnership=partnership, issued_by=issuer)
    version.refresh_from_db()
    assert version.is_rendered and not version.render_error

    content = services.agreement_pdf_for_download(version)
    text = squashed("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    clause_markers = [f"ENDCLAUSE{number}" for number in range(partnership.clauses.count())]
    for marker in ("ENDPURPOSE", *clause_markers, "ENDMEASURE", "ENDACTIVITY", "ENDAPPROVAL", "ENDMEETING"):
        assert marker in text, f"{marker} is missing from the PDF"
    longest_body = partnership.clauses.get(body__endswith=clause_markers[-1]).body
    assert squashed(longest_body)[-200:] in text  # the end of the longest clause, every character of it

    overflow = overflowing_lines(LaidOut.documents[-1])
    assert not overflow, "text runs off the page:\n" + "\n".join(overflow[:20])
