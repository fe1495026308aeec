"""Render an agreement snapshot to PDF with WeasyPrint, reading nothing but our own print assets.

Stored text reaches the document only through the autoescaping print template, so users never
supply HTML or CSS. As a second wall, every resource WeasyPrint asks for (images, stylesheets,
@import, <link rel="attachment">) goes through `PrintAssetFetcher`, which serves files from
static/agreements/print/ and data: URLs and refuses everything else: no other local file, no
network request.
"""

import gc
import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint.css
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.html import UA_COUNTER_STYLE
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from .document import agreement_context

logger = logging.getLogger(__name__)

PRINT_TEMPLATE = "agreements/print/agreement.html"
PRINT_STYLESHEET = "agreements/print/agreement.css"
# Tagged PDF conforming to PDF/UA-1 (structure tree, title shown, language), as public bodies need.
PDF_VARIANT = "pdf/ua-1"


class FetchRefused(ValueError):
    """WeasyPrint asked for a resource outside the print assets. It is left out of the document."""


class PrintAssetFetcher(URLFetcher):
    """Serve only files under the print assets folder and data: URLs; refuse everything else."""

    def __init__(self, assets_dir: Path):
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)
        self.assets_dir = assets_dir.resolve()

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._asset(url)
        logger.warning("Agreement rendering refused to fetch %s", url)
        raise FetchRefused(f"Refused to fetch {url}")

    def _asset(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.netloc not in ("", "localhost") or not path.is_relative_to(self.assets_dir) or not path.is_file():
            logger.warning("Agreement rendering refused to read %s", url)
            raise FetchRefused(f"Refused to read {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path2url(path), body=path.read_bytes(), headers={"Content-Type": content_type})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    stylesheet = finders.find(PRINT_STYLESHEET)
    if stylesheet is None:
        raise FileNotFoundError(f"The print stylesheet {PRINT_STYLESHEET} is missing from the static files.")
    return Path(stylesheet).resolve().parent


@lru_cache(maxsize=1)
def _stylesheet() -> CSS:
    # Parsed once per process: the stylesheet is a fixed project file.
    path = assets_dir() / Path(PRINT_STYLESHEET).name
    return CSS(string=path.read_text(encoding="utf-8"), base_url=path2url(path), url_fetcher=fetcher())


@lru_cache(maxsize=1)
def fetcher() -> PrintAssetFetcher:
    # One per process: building a URLFetcher makes an SSL context (about 20 ms of CPU), which
    # every render paid although this fetcher never opens a network connection. It keeps no
    # state between fetches, so renders can share it.
    return PrintAssetFetcher(assets_dir())


def render_html(snapshot: dict) -> str:
    """The print template filled in from the snapshot (everything autoescaped)."""
    return render_to_string(PRINT_TEMPLATE, agreement_context(snapshot))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while WeasyPrint lays out and writes a document.

    A render makes hundreds of thousands of short-lived objects (boxes, styles, lines), so the
    collector ran about 250 times during the realistic agreement, and each full collection
    walked the whole process (Django, fonts, every module) again: about a quarter of the render's
    CPU time (README, "Agreement PDF"). Paused, reference counting still frees almost everything;
    the cycles left are collected once at the end, in one pass over the render's own objects.
    Nothing about the document changes. Left off if something else had already turned it off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)


# WeasyPrint's own (user agent) stylesheet gives every element a ::marker and five footnote and
# note pseudo-elements, and computes their styles eagerly: six styles for each of the document's
# ~1,300 elements, 94% of all the styles a render computed. The agreement has no footnotes or
# notes, and only list items have markers, so these rules are dropped or scoped to li. The look is
# unchanged (pages compared as images, README); a WeasyPrint upgrade that changes the rules fails
# loudly here rather than silently.
UA_RULES_REWRITTEN = {
    "::marker {": "li::marker {",
    "::footnote-call {": None,
    "::footnote-marker {": None,
    "::note-call {": None,
    "::note-marker {": None,
    "::note-callback {": None,
}


@lru_cache(maxsize=1)
def user_agent_stylesheet() -> CSS:
    """WeasyPrint's HTML user agent stylesheet without the pseudo-elements the agreement never has."""
    lines = (files(weasyprint.css) / "html5_ua.css").read_text(encoding="utf-8").splitlines()
    for rule, replacement in UA_RULES_REWRITTEN.items():
        matching = [index for index, line in enumerate(lines) if line.startswith(rule)]
        if len(matching) != 1:
            raise RuntimeError(f"WeasyPrint's user agent stylesheet has changed: {rule!r} is not one rule line.")
        line = lines[matching[0]]
        lines[matching[0]] = line.replace(rule, replacement, 1) if replacement else ""
    return CSS(string="\n".join(lines), counter_style=UA_COUNTER_STYLE)


class AgreementHTML(HTML):
    """An HTML document rendered with the trimmed user agent stylesheet."""

    def _ua_stylesheets(self, forms=False):
        return [user_agent_stylesheet()]


def render_pdf(snapshot: dict) -> RenderedPdf:
    """The agreement PDF for a snapshot, and how many pages it has."""
    with collector_paused():
        return _render(snapshot)  # the laid-out document is released before the collector runs


def _render(snapshot: dict) -> RenderedPdf:
    html = AgreementHTML(string=render_html(snapshot), base_url=path2url(assets_dir()), url_fetcher=fetcher())
    document = html.render(stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT)
    return RenderedPdf(content=document.write_pdf(pdf_variant=PDF_VARIANT), page_count=len(document.pages))
