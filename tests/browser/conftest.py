"""End-to-end browser tests: Playwright for Python driving Debian's Chromium against the live server.

Playwright's sync API runs an asyncio loop in the test thread, and Django refuses ORM calls
from a thread with a running loop. The tests (and the factories they call) are plain
synchronous code, so that check is switched off for the test process before Django touches
the database.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD

# Debian's chromium-headless-shell: the same Blink and V8 as Debian's Chromium without the
# desktop browser around them (the "old" headless mode Playwright itself uses for headless runs).
# It took about a quarter less CPU than /usr/bin/chromium over the journeys.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(os.environ.get("AXE_CORE_JS", settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"))
STYLESHEET = Path(settings.BASE_DIR) / "static" / "dist" / "application.css"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OUTPUT = Path(settings.BASE_DIR) / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
# Full-page screenshots of every page the journeys look at, for people to look at (make
# screenshots). Off by default: they cost about a fifth of the journeys' CPU and assert nothing.
# A failed browser test always saves its pages under test-output/failures/.
TAKE_SCREENSHOTS = os.environ.get("TP_SCREENSHOTS", "0") == "1"
FAILURES = OUTPUT / "failures"
# Generous: rendering an agreement PDF during a click takes seconds on a busy 2-core machine.
TIMEOUT_MS = 30_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def static_files_cached_as_in_production():
    """The live server serves static files through Django's `serve` view, which sends no
    Cache-Control, so Chromium fetched and parsed the stylesheet and scripts again for every page
    (about 2 of every 3 requests in a journey). In production whitenoise serves them with hashed
    names and a far-future lifetime; here each browser context caches them for the run."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    serve = StaticFilesHandler.serve

    def serve_cached(self, request):
        response = serve(self, request)
        response["Cache-Control"] = "max-age=3600"
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandler, "serve", serve_cached)
        yield


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the browser tests drive Debian's Chromium "
            "headless shell. Install it with `sudo apt-get install chromium-headless-shell` (`make "
            "test` does this for you), or point the CHROMIUM environment variable at a Chromium binary.",
            pytrace=False,
        )
    if not STYLESHEET.exists():
        pytest.fail(
            f"The GOV.UK Frontend styles are not built ({STYLESHEET} is missing): run `make assets` "
            "(`make test` does this), or the pages would be tested and screenshotted unstyled.",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open pages in fresh browser contexts (separate cookies: one per signed-in person)."""
    contexts = []
    problems: list[str] = []

    def open_page(**context_options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1024, "height": 768}, **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        # axe-core cannot run where JavaScript is off (evaluate() never returns): see axe_violations.
        page.javascript_off = context_options.get("java_script_enabled") is False
        page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
        page.on("console", lambda message: _note_csp_violation(message, page, problems))
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    for number, context in enumerate(contexts):
        for tab in context.pages:
            if failed:
                FAILURES.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=FAILURES / f"{request.node.name}-{number}.png", full_page=True)
        context.close()
    assert not problems, "\n".join(problems)


def _note_csp_violation(message, page, problems: list[str]) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        problems.append(f"Content Security Policy blocked something on {page.url}: {message.text}")


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def sign_in():
    """Sign in through the sign-in page as a user would, landing on their home page."""

    def sign_in_as(page, username: str, password: str = PASSWORD):
        page.goto(reverse("login"))
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
        page.wait_for_load_state()
        return page

    return sign_in_as


@pytest.fixture
def shot():
    """Save a full-page screenshot as test-output/screenshots/<name>.png when screenshots are on
    (TP_SCREENSHOTS=1, as `make screenshots` sets)."""

    def save(page, name: str) -> Path | None:
        if not TAKE_SCREENSHOTS:
            return None
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save


def axe_violations(page) -> list[str]:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page; one line per violation."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm install` (make test does this).", pytrace=False)
    if getattr(page, "javascript_off", False):
        # Check the same markup in a page where scripts run: the page as the user saw it, at the
        # same address so its stylesheet and links resolve.
        context = page.context.browser.new_context(viewport=page.viewport_size, java_script_enabled=True)
        try:
            twin = context.new_page()
            twin.goto(page.url)
            twin.set_content(page.content())
            return axe_violations(twin)
        finally:
            context.close()
    # Evaluated rather than added as a <script> tag: the site's Content Security Policy (rightly)
    # blocks inline scripts, and the tests keep that policy in force.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return _violation_lines(results)


def _violation_lines(results: dict) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
    ]


@pytest.fixture
def check_a11y():
    """Fail with axe-core's violations (rule, help text, offending elements) for the current page."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, f"axe-core found accessibility problems on {page.url}:\n" + "\n".join(violations)

    return check


PHONE = {"width": 390, "height": 844}
# Elements that stick out past the right edge of the viewport, widest first.
OVERFLOWING_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .map(el => [el, el.getBoundingClientRect().right])
    .filter(([el, right]) => right > width + 1)
    .sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([el, right]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} to ${Math.round(right)}px`);
}"""


# axe-core's rules that depend on the width of the screen: run again at a phone's width.
PHONE_AXE_RULES = ["target-size"]


def at_phone_width(page, viewport=PHONE) -> list[str]:
    """What is wrong with the page at a phone's width: anything that makes it scroll sideways and,
    when axe-core is already in the page (`axe_violations` ran), links and buttons too small or
    too close together to tap (WCAG 2.2 target size)."""
    original = page.viewport_size
    page.set_viewport_size(viewport)
    try:
        problems = []
        document_width, viewport_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if document_width > viewport_width:
            problems.append(
                f"the page is {document_width}px wide at {viewport_width}px: "
                + "; ".join(page.evaluate(OVERFLOWING_ELEMENTS))
            )
        if page.evaluate("() => typeof axe !== 'undefined'"):
            results = page.evaluate(
                "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
                PHONE_AXE_RULES,
            )
            problems += [f"at {viewport_width}px: {line}" for line in _violation_lines(results)]
        return problems
    finally:
        page.set_viewport_size(original)


class PageChecks:
    """Screenshot (when on) and axe-check each main page of a journey, check it at 390 px wide (no
    sideways scrolling, targets big enough to tap), then report every problem at once."""

    def __init__(self, shot):
        self.shot = shot
        self.problems: dict[str, list[str]] = {}

    def __call__(self, page, name: str):
        self.shot(page, name)
        problems = axe_violations(page) + at_phone_width(page)
        if problems:
            self.problems[f"{name} ({page.url})"] = problems

    def assert_clean(self):
        assert not self.problems, "accessibility problems (axe-core, width at 390 px):\n" + "\n".join(
            f"{name}:\n  " + "\n  ".join(violations) for name, violations in self.problems.items()
        )


@pytest.fixture
def look(shot):
    """`look(page, "03-key-details")` screenshots the page and records its axe-core violations;
    call `look.assert_clean()` at the end of the test."""
    return PageChecks(shot)
