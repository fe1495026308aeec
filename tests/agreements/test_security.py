"""User-entered text goes into a PDF renderer: it must stay text, read no local file, reach no network."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher, path2url

from agreements import services
from agreements.rendering import FetchRefused, PrintAssetFetcher, assets_dir, fetcher
from partnerships.models import Activity, ClauseSection, Partnership
from tests.accounts.factories import GovernorFactory
from tests.agreements.builders import realistic_partnership, record_approval
from tests.agreements.conftest import pdf_text, squashed
from tests.partnerships.factories import ActivityFactory, ClauseFactory

# About the document itself: rendered with WeasyPrint, not the stand-in.
pytestmark = pytest.mark.real_pdf


class Listener:
    """A loopback HTTP server that records every request it gets."""

    def __init__(self):
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                body = b"body { color: red }" if self.path.endswith(".css") else b"leaked"
                self.send_response(200)
                self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    with Listener() as running:
        yield running


def attacks(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"<style>@import url(http://127.0.0.1:{port}/x.css);</style>",
        f'<img src="http://127.0.0.1:{port}/tracker.png">',
        f"See http://127.0.0.1:{port}/ for details.",
    ]


def embedded_files(content: bytes) -> dict:
    reader = PdfReader(io.BytesIO(content))
    names = reader.trailer["/Root"].get("/Names")
    return {
        "attachments": dict(reader.attachments),
        "EmbeddedFiles": names and names.get_object().get("/EmbeddedFiles"),
    }


def test_hostile_terms_print_as_text_and_fetch_nothing(trust, school, trust_staff, listener):
    texts = attacks(listener.port)
    partnership = realistic_partnership(
        trust=trust,
        school=school,
        status=Partnership.Status.AGREED,
        clauses=0,
        cost_lines=1,
        activities=0,
        objectives=1,
        purpose=texts[0],
    )
    for index, text in enumerate(texts):
        ClauseFactory(
            partnership=partnership, section=ClauseSection.DATA_PROTECTION, heading=f"Clause {index}", body=text
        )
    ActivityFactory(
        partnership=partnership,
        title=texts[1][:200],
        description=texts[2],
        category=Activity.Category.TRUST_WIDE_TRAINING,
    )

    record_approval(partnership, GovernorFactory(school=school))
    version = services.agreement_issue(partnership=partnership, issued_by=trust_staff)
    content = services.agreement_pdf_for_download(version)

    flat = squashed(pdf_text(content))
    for text in texts:
        assert squashed(text) in flat
    assert embedded_files(content) == {"attachments": {}, "EmbeddedFiles": None}
    assert "root:" not in pdf_text(content)
    assert listener.requests == []


def test_the_fetcher_blocks_files_and_network_even_in_raw_html(tmp_path, listener):
    """A second wall: were markup ever to reach the renderer, it still reads and sends nothing."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    raw = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{listener.port}/sheet.css">
      <link rel="attachment" href="{path2url(secret)}">
      <link rel="attachment" href="file:///etc/hostname">
      <style>@import url(http://127.0.0.1:{listener.port}/x.css); body {{ background: url({path2url(secret)}) }}</style>
    </head><body>
      <p>Hello</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:{listener.port}/i.png">
      <object data="{path2url(secret)}"></object><iframe src="http://127.0.0.1:{listener.port}/frame"></iframe>
    </body></html>"""

    content = HTML(string=raw, base_url=path2url(assets_dir()), url_fetcher=fetcher()).write_pdf()

    assert embedded_files(content) == {"attachments": {}, "EmbeddedFiles": None}
    assert b"TOP SECRET" not in content
    assert listener.requests == []


def test_control_the_default_fetcher_would_have_leaked(tmp_path, listener):
    """Shows the checks above can fail: WeasyPrint's own fetcher embeds the file and calls out."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    raw = (
        f'<link rel="attachment" href="{path2url(secret)}">'
        f'<img src="http://127.0.0.1:{listener.port}/i.png"><p>Hello</p>'
    )
    content = HTML(string=raw, url_fetcher=URLFetcher()).write_pdf()
    assert embedded_files(content)["attachments"]
    assert listener.requests == ["/i.png"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.com/font.woff2",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_but_print_assets(url):
    with pytest.raises(FetchRefused):
        fetcher().fetch(url)


def test_the_fetcher_refuses_paths_that_climb_out_of_the_print_assets():
    escape = path2url(assets_dir()) + "../../../../../../etc/passwd"
    with pytest.raises(FetchRefused):
        fetcher().fetch(escape)


def test_the_fetcher_refuses_a_symlink_out_of_the_print_assets(tmp_path):
    assets = tmp_path / "print"
    assets.mkdir()
    (assets / "link.css").symlink_to(Path("/etc/hostname"))
    with pytest.raises(FetchRefused):
        PrintAssetFetcher(assets).fetch(path2url(assets / "link.css"))


def test_the_fetcher_serves_the_print_stylesheet_and_data_urls():
    stylesheet = fetcher().fetch(path2url(assets_dir() / "agreement.css"))
    assert stylesheet.content_type == "text/css" and b"@page" in stylesheet.read()
    pixel = fetcher().fetch("data:text/plain;base64,SGVsbG8=")
    assert pixel.read() == b"Hello"
