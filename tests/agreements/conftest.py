import io

import pytest
from pypdf import PdfReader

from agreements import services
from partnerships.models import Partnership
from tests import stand_in_pdf
from tests.agreements.builders import realistic_partnership, record_approval


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, as a reader's PDF viewer would extract it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def squashed(text: str) -> str:
    """Text with all whitespace removed, so wrapped lines still match."""
    return "".join(text.split())


def printed_pieces(body: str) -> list[str]:
    """The pieces of clause text a reader sees: each paragraph line and list item, markup removed."""
    from partnerships.markup import BULLET, NUMBERED, blocks, plain_text

    pieces = []
    for _kind, lines in blocks(body):
        for line in lines:
            bullet, numbered = BULLET.match(line), NUMBERED.match(line)
            text = bullet.group(1) if bullet else numbered.group(2) if numbered else line
            pieces.append(plain_text(text))
    return pieces


@pytest.fixture
def agreed(trust, school, governor):
    """An agreed partnership with a few of everything and the governors' approval recorded."""
    return agreed_partnership(trust, school, governor)


def agreed_partnership(trust, school, governor) -> Partnership:
    """The `agreed` fixture's partnership, for module fixtures that build their own world."""
    partnership = realistic_partnership(
        trust=trust,
        school=school,
        status=Partnership.Status.AGREED,
        clauses=12,
        cost_lines=3,
        activities=4,
        objectives=2,
    )
    record_approval(partnership, governor, comment="Approved at the full governing body meeting.")
    return partnership


@pytest.fixture
def draft(trust, school):
    return realistic_partnership(trust=trust, school=school, clauses=6, cost_lines=2, activities=3, objectives=1)


@pytest.fixture
def quick_render(monkeypatch):
    """Skip WeasyPrint where the test is about records and access, not the document itself:
    every version gets a real (blank, one-page) PDF, so hashing and downloads work as usual."""
    calls = []

    def fake_render(snapshot):
        calls.append(snapshot)
        return stand_in_pdf.quick_render(snapshot)

    monkeypatch.setattr(services, "render_pdf", fake_render)
    return calls
