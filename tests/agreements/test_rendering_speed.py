"""What makes rendering quicker must not change the document or leave the process worse off.

Rendering pauses Python's garbage collector (a quarter of the render's CPU time) and always turns
it back on: a failed render must not leave a worker process without it. It uses WeasyPrint's user
agent stylesheet without footnote and note pseudo-elements and with markers only on list items:
lists still show their bullets and numbers."""

import gc

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import TextBox

from agreements import rendering
from tests.test_production_settings import run_python


@pytest.fixture
def collector_on():
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_collector_is_off_during_a_render_and_on_after(collector_on, monkeypatch):
    seen = []
    monkeypatch.setattr(rendering, "_render", lambda snapshot: seen.append(gc.isenabled()) or "pdf")

    assert rendering.render_pdf({}) == "pdf"

    assert seen == [False]
    assert gc.isenabled()


def test_collector_is_on_again_after_a_render_fails(collector_on, monkeypatch):
    def fail(snapshot):
        raise ValueError("layout failed")

    monkeypatch.setattr(rendering, "_render", fail)

    with pytest.raises(ValueError, match="layout failed"):
        rendering.render_pdf({})
    assert gc.isenabled()


def test_collector_turned_off_elsewhere_stays_off(collector_on):
    gc.disable()
    with rendering.collector_paused():
        pass
    assert not gc.isenabled()


def laid_out_text(html_class, html: str) -> list[tuple[str, float, float]]:
    """Each piece of text WeasyPrint lays out on the first page, with where it is."""
    found = []

    def walk(box):
        if isinstance(box, TextBox):
            found.append((box.text, round(box.position_x, 2), round(box.position_y, 2)))
        for child in getattr(box, "children", []):
            walk(child)

    walk(html_class(string=html).render().pages[0]._page_box)
    return found


def test_lists_keep_their_bullets_and_numbers_where_weasyprint_puts_them():
    html = (
        '<html lang="en-GB"><body><p>The Trust reports:</p><ul><li>to the Governing Body</li><li>to the '
        "headteacher</li></ul><ol><li>each term</li><li>at the end</li><li>and when asked</li></ol></body></html>"
    )

    ours = laid_out_text(rendering.AgreementHTML, html)

    assert ours == laid_out_text(HTML, html)
    assert [text for text, _x, _y in ours if text.strip() in ("•", "1.", "2.", "3.")] == [
        "• ",
        "• ",
        "1. ",
        "2. ",
        "3. ",
    ]


def test_the_user_agent_rules_rewritten_are_still_weasyprints():
    """A WeasyPrint upgrade that changes these rules stops rendering here, not silently."""
    rendering.user_agent_stylesheet.cache_clear()
    assert rendering.user_agent_stylesheet() is not None


def test_starting_django_and_loading_every_page_does_not_import_weasyprint_or_pyhanko():
    """They take about a second to import; a process pays it on its first render or seal, not at
    start-up (every web worker, management command and test process started with it)."""
    code = (
        "import sys, django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; import agreements.services, agreements.views, delivery.services; "
        "print(sorted(name for name in ('weasyprint', 'pyhanko') if name in sys.modules))"
    )
    done = run_python(code, {"DJANGO_SETTINGS_MODULE": "config.settings.test"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
