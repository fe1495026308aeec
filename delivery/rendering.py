"""Render an impact report to PDF through the agreement's print pipeline: WeasyPrint with
`agreements.rendering.PrintAssetFetcher`, which serves only this report's own print assets and
data: URLs and refuses every other file or network request. Stored text reaches the document only
through the autoescaping template."""

from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import path2url

from agreements.rendering import PrintAssetFetcher, RenderedPdf

from .report import report_context

PRINT_TEMPLATE = "delivery/print/impact_report.html"
PRINT_STYLESHEET = "delivery/print/impact_report.css"


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    stylesheet = finders.find(PRINT_STYLESHEET)
    if stylesheet is None:
        raise FileNotFoundError(f"The print stylesheet {PRINT_STYLESHEET} is missing from the static files.")
    return Path(stylesheet).resolve().parent


def fetcher() -> PrintAssetFetcher:
    return PrintAssetFetcher(assets_dir())


def render_report_html(snapshot: dict, *, narratives: dict, version: dict) -> str:
    return render_to_string(PRINT_TEMPLATE, report_context(snapshot, narratives=narratives, version=version))


def render_report_pdf(snapshot: dict, *, narratives: dict, version: dict) -> RenderedPdf:
    """The impact report PDF and how many pages it has."""
    stylesheet_path = assets_dir() / Path(PRINT_STYLESHEET).name
    stylesheet = CSS(
        string=stylesheet_path.read_text(encoding="utf-8"), base_url=path2url(stylesheet_path), url_fetcher=fetcher()
    )
    html = HTML(
        string=render_report_html(snapshot, narratives=narratives, version=version),
        base_url=path2url(assets_dir()),
        url_fetcher=fetcher(),
    )
    document = html.render(stylesheets=[stylesheet])
    return RenderedPdf(content=document.write_pdf(), page_count=len(document.pages))
