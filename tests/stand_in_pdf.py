"""A stand-in for WeasyPrint: a real one-page PDF made in milliseconds.

Every test gets it by default (tests/conftest.py); tests about the document itself are marked
``@pytest.mark.real_pdf`` and render with WeasyPrint as production does.
"""

import io

from pypdf import PdfWriter

from agreements.rendering import RenderedPdf


def tiny_pdf(title: str = "Agreement") -> bytes:
    """A real one-page PDF; the title makes each version's bytes (and so its SHA-256) differ."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def quick_render(snapshot: dict) -> RenderedPdf:
    title = f"{snapshot['reference']} version {snapshot['version']['number']} {snapshot['version']['status']}"
    return RenderedPdf(content=tiny_pdf(title), page_count=1)


def quick_report_render(snapshot: dict, *, narratives: dict, version: dict) -> RenderedPdf:
    """The impact report's stand-in."""
    return RenderedPdf(content=tiny_pdf(f"{snapshot['reference']} impact report {version['number']}"), page_count=1)


def use_stand_ins(patch) -> None:
    """Every agreement and impact report rendered while ``patch`` (a pytest MonkeyPatch) holds
    gets a one-page stand-in instead of WeasyPrint."""
    from agreements import services as agreement_services
    from delivery.services import reports as report_services

    patch.setattr(agreement_services, "render_pdf", quick_render)
    patch.setattr(report_services, "render_report_pdf", quick_report_render)
