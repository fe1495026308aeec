"""Benchmarks at England's size in one run, with a results table written to bench/results/.

    make bench                                   # national size on SQLite (a throwaway file)
    scripts/with-postgres make bench             # the same on a throwaway PostgreSQL 15
    make bench-smoke                             # CI: tiny data, pages answer 200, query counts constant
    .venv/bin/python bench/run_all.py --scale mid --rounds 20

What it does, in one process with Django's test client (no network, no web server):

1. migrates an empty database (refuses one that already holds schools or partnerships: it is
   flushed between steps) and builds a small dataset (100 partnerships; 10 at smoke scale) with
   bench/national_dataset.py, and counts the queries of every page;
2. flushes, builds the chosen scale (full: 50,000 schools, 2,500 trusts, 3,000 partnerships with
   their terms and history) and counts again. A page whose query count changed with the number of
   partnerships fails the run (exit status 1), as does any page that does not answer 200;
3. times each page, rounds interleaved so machine noise falls on every page alike: median and
   p95 of the server-side time (the time inside the test client's request, which runs the whole
   middleware stack and template rendering; for the CSV export, until the last byte is streamed);
4. measures the CSV export's memory with tracemalloc while streaming it;
5. runs the GIAS import and agreement PDF benchmarks (bench/bench_gias_import.py,
   bench/bench_agreement_pdf.py) in their own processes and databases, if they exist, and quotes
   their output (not at smoke scale);
6. writes bench/results/<scale>-<database>.md (e.g. full-postgresql.md) and, except at smoke
   scale, bench/results/latest.md: the table, the targets met or missed (judged at mid and full
   scale only), and the machine (CPU, cores, memory, Python, Django, database version, load).

The "trivial page" is the framework's floor: a signed-in page registered only in this process,
rendering the site's base template with one heading, through the same middleware. Each page's
ratio to it is the ratio of medians.

Settings: config.settings.test (DEBUG off, cached templates) with DATABASE_URL; the request log
middleware runs but its logger is set to WARNING so the terminal is not flooded.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import types
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"

SCALES = {
    "smoke": {"schools": 200, "trusts": 20, "partnerships": 50},
    "mid": {"schools": 10_000, "trusts": 500, "partnerships": 1_000},
    "full": {"schools": 50_000, "trusts": 2_500, "partnerships": 3_000},
}
BASELINES = {
    "smoke": {"schools": 100, "trusts": 10, "partnerships": 10},
    "default": {"schools": 600, "trusts": 60, "partnerships": 100},
}
DEFAULT_ROUNDS = {"smoke": 3, "mid": 30, "full": 50}
WARMUP = 2
TRIVIAL_PATH = "bench/trivial/"

# Targets from the issue. They are judged at full scale (on PostgreSQL they are the promise).
PAGE_P95_MS = 150
PAGE_FLOOR_RATIO = 5
AGREEMENT_FLOOR_RATIO = 3
EXPORT_SECONDS = 3
SEARCH_P95_MS = 50

OTHER_BENCHMARKS = [
    ("GIAS import", "bench/bench_gias_import.py"),
    ("Agreement PDF", "bench/bench_agreement_pdf.py"),
]


@dataclass
class Page:
    key: str
    label: str
    kind: str  # floor | page | export | search | directory | other
    user: str  # oversight | staff_active | staff_draft | anonymous
    path: str = ""
    constant_queries: bool = True
    floor_ratio: float | None = None  # a target as a multiple of the trivial page (task list, agreement)
    queries: dict[str, int] = field(default_factory=dict)  # "baseline"/"full" -> count
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # this process only (not PostgreSQL's)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --- Django and the data -------------------------------------------------------------------------


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    import logging

    logging.getLogger("trust_partnerships.requests").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    logging.getLogger("axes").setLevel(logging.WARNING)
    install_trivial_page()


def install_trivial_page() -> None:
    """A signed-in page on the same stack doing nothing but render the base template."""
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    import config.urls

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1 class="govuk-heading-l">Benchmark floor</h1>{% endblock %}'
    )

    @login_required
    def trivial(request):
        return HttpResponse(template.render({}, request))

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path(TRIVIAL_PATH, trivial), *config.urls.urlpatterns]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def prepare_database() -> None:
    from django.core.management import call_command

    from partnerships.models import Partnership
    from schools.models import School

    call_command("migrate", verbosity=0, interactive=False)
    if School.objects.exists() or Partnership.objects.exists():
        sys.exit(
            "Refusing to run: the database already holds schools or partnerships, and the benchmark flushes it. "
            "Point DATABASE_URL at an empty database (scripts/with-postgres makes a throwaway one)."
        )


def flush_database() -> None:
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


def build_dataset(size: dict) -> float:
    """Build, then refresh the planner's statistics as PostgreSQL's autovacuum would after a bulk
    load (SQLite has no autovacuum: without ANALYZE it picks the status index for every search)."""
    from django.db import connection

    from bench.national_dataset import build

    started = time.perf_counter()
    build(**size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


@dataclass
class Fixtures:
    users: dict
    active_pk: int
    draft_pk: int
    school_name_query: str
    common_name_query: str
    urn_query: str
    filter_query: str


def make_fixtures() -> Fixtures:
    """Users, an issued agreement (queued, not rendered: the web view reads its snapshot) and search terms."""
    from django.test import override_settings
    from django.utils import timezone

    from accounts.models import User
    from agreements.services import agreement_issue
    from agreements.snapshot import agreed_terms_fingerprint, build_terms
    from partnerships.models import Partnership, ReviewDecision
    from schools.models import School

    Status = Partnership.Status
    active = Partnership.objects.filter(status=Status.ACTIVE).select_related("school").order_by("pk").first()
    draft = Partnership.objects.filter(status=Status.DRAFT).order_by("pk").first()
    users = {
        "oversight": User.objects.create_user("bench-oversight", role=User.Role.OVERSIGHT, first_name="Olive"),
        "staff_active": User.objects.create_user(
            "bench-staff-a", role=User.Role.TRUST_STAFF, trust=active.trust, first_name="Sam", can_sign_for_trust=True
        ),
        "staff_draft": User.objects.create_user(
            "bench-staff-d", role=User.Role.TRUST_STAFF, trust=draft.trust, first_name="Dee"
        ),
    }
    # The school's chair approved the terms stored now (as partnership_approve records it): issuing
    # is refused for terms the governors have not approved.
    chair = User.objects.create_user("bench-chair", role=User.Role.CHAIR, school=active.school, first_name="Cy")
    ReviewDecision.objects.create(
        partnership=active,
        decision=ReviewDecision.Decision.APPROVED,
        decided_by=chair,
        decided_by_name=chair.get_full_name(),
        decided_by_role="Chair of governors",
        decided_at=timezone.now(),
        terms_sha256=agreed_terms_fingerprint(build_terms(active)),
        authority="Chair of governors",
        meeting_date=timezone.localdate(),
        meeting_resolution="Minute 4: resolved to enter the partnership agreement",
    )
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        agreement_issue(partnership=active, issued_by=users["staff_active"])
    open_schools = School.objects.open().order_by("pk")
    target = open_schools[open_schools.count() // 2]
    return Fixtures(
        users=users,
        active_pk=active.pk,
        draft_pk=draft.pk,
        school_name_query=target.name[2:].lower(),  # "kfield School 24680": a few matches
        common_name_query="oakfield",  # a fifth of the open schools
        urn_query=target.urn,
        filter_query=f"status=active&region={active.school.region.replace(' ', '+')}&sort=end",
    )


def pages_for(fx: Fixtures) -> list[Page]:
    from urllib.parse import quote

    return [
        Page("trivial", "Trivial signed-in page (floor)", "floor", "oversight", f"/{TRIVIAL_PATH}"),
        Page("dashboard", "Oversight dashboard", "page", "oversight", "/oversight/"),
        Page("list", "Partnership list, first page", "page", "oversight", "/oversight/partnerships/"),
        Page(
            "list_filtered",
            "Partnership list, filtered (status, region, sorted)",
            "page",
            "oversight",
            f"/oversight/partnerships/?{fx.filter_query}",
        ),
        Page(
            "task_list",
            "Partnership task list (trust staff)",
            "other",
            "staff_active",
            f"/partnerships/{fx.active_pk}/",
            floor_ratio=PAGE_FLOOR_RATIO,
        ),
        Page(
            "agreement",
            "Agreement web view (issued version)",
            "other",
            "staff_active",
            f"/partnerships/{fx.active_pk}/agreement/",
            floor_ratio=AGREEMENT_FLOOR_RATIO,
        ),
        Page(
            "agreement_preview",
            "Agreement web view (preview of draft terms)",
            "other",
            "staff_draft",
            f"/partnerships/{fx.draft_pk}/agreement/",
            floor_ratio=AGREEMENT_FLOOR_RATIO,
        ),
        Page(
            "export",
            "CSV export of every partnership",
            "export",
            "oversight",
            "/oversight/partnerships/export.csv",
            constant_queries=False,
        ),
        Page(
            "search_name",
            "School search by name (specific)",
            "search",
            "staff_active",
            f"/start/?q={quote(fx.school_name_query)}",
        ),
        Page(
            "search_common",
            "School search by name (common word)",
            "search",
            "staff_active",
            f"/start/?q={quote(fx.common_name_query)}",
        ),
        Page("search_urn", "School search by URN", "search", "staff_active", f"/start/?q={fx.urn_query}"),
        # Delivery and impact: a partnership's reviews, and oversight's exports (one streamed query each).
        Page(
            "reviews",
            "Reviews and progress (trust staff)",
            "other",
            "staff_active",
            f"/partnerships/{fx.active_pk}/reviews/",
        ),
        Page(
            "outcomes_filtered",
            "Partnership list, an objective not on track at the last review",
            "page",
            "oversight",
            "/oversight/partnerships/?delivery=not_on_track",
        ),
        Page(
            "review_export", "CSV export of every review rating", "other", "oversight", "/oversight/reviews/export.csv"
        ),
        Page(
            "outcome_export",
            "CSV export of every partnership outcome",
            "other",
            "oversight",
            "/oversight/outcomes/export.csv",
        ),
        # The public directory of Trust Partnership Offers (every trust has one published), anonymous.
        Page("offers", "Offer directory, first page", "directory", "anonymous", "/find-a-trust-partnership-offer/"),
        Page(
            "offers_near",
            "Offer directory by distance from a school (URN), filtered by support",
            "directory",
            "anonymous",
            f"/find-a-trust-partnership-offer/?school={fx.urn_query}&support=headteacher_mentoring&page=2",
        ),
    ]


# --- Measuring -----------------------------------------------------------------------------------


def clients_for(users: dict) -> dict:
    from django.test import Client

    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def fetch(client, path: str) -> tuple[int, int]:
    """GET the page and read its whole body; (status, bytes)."""
    response = client.get(path)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


def count_queries(pages: list[Page], clients: dict, stage: str) -> list[str]:
    """Record each page's query count for this stage; return the problems (non-200 answers)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    problems = []
    for page in pages:
        fetch(clients[page.user], page.path)  # warm caches (templates, content types, sessions)
        with CaptureQueriesContext(connection) as captured:
            status, _ = fetch(clients[page.user], page.path)
        page.queries[stage] = len(captured)
        if status != 200:
            problems.append(f"{page.label}: {page.path} answered {status} at the {stage} size")
    return problems


def time_pages(pages: list[Page], clients: dict, rounds: int) -> None:
    """Interleaved rounds; the export (slow) runs every fifth round."""
    for page in pages:
        for _ in range(WARMUP if page.kind != "export" else 1):
            fetch(clients[page.user], page.path)
    for number in range(rounds):
        for page in pages:
            if page.kind == "export" and number % 5 and rounds >= 5:
                continue
            started, cpu = time.perf_counter(), time.process_time()
            fetch(clients[page.user], page.path)
            page.times_ms.append((time.perf_counter() - started) * 1000)
            page.cpu_ms.append((time.process_time() - cpu) * 1000)


def profile_page(page: Page, clients: dict, top: int = 40) -> None:
    """Where one page's time goes: ten requests under cProfile, by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        fetch(clients[page.user], page.path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(25)


@dataclass
class ExportMemory:
    rows: int
    body_mb: float
    peak_mb: float
    samples_mb: list[float]  # traced memory in use after each tenth of the rows

    @property
    def flat(self) -> bool:
        """Memory in use in the second half of the stream is no higher than in the first (+25%):
        rows are read chunk by chunk and dropped, not kept."""
        half = len(self.samples_mb) // 2
        if half == 0:
            return True
        return max(self.samples_mb[half:]) <= max(self.samples_mb[:half]) * 1.25 + 0.5


def export_memory(client, path: str, rows: int) -> ExportMemory:
    import gc

    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(path)
        tenths = {max(1, rows * tenth // 10) for tenth in range(1, 11)}
        size, lines, samples = 0, -1, []  # the header line is not a partnership
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
            if lines in tenths:
                tenths.discard(lines)
                samples.append(tracemalloc.get_traced_memory()[0] / 2**20)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return ExportMemory(rows=lines, body_mb=size / 2**20, peak_mb=peak, samples_mb=samples or [0.0])


# --- Verdicts and the report ---------------------------------------------------------------------


def verdicts(pages: list[Page], floor: Page, scale: str) -> dict[str, str]:
    """Per page: the target and whether it is met ('' when the issue sets none or at smoke scale)."""
    result = {}
    for page in pages:
        if scale == "smoke":
            result[page.key] = ""
            continue
        if page.kind == "page":
            ratio = page.median / floor.median
            ok = page.p95 < PAGE_P95_MS and ratio <= PAGE_FLOOR_RATIO
            result[page.key] = f"{'met' if ok else 'MISSED'}: p95 < {PAGE_P95_MS} ms and ≤ {PAGE_FLOOR_RATIO}× floor"
        elif page.floor_ratio is not None:
            ok = page.median / floor.median <= page.floor_ratio
            result[page.key] = f"{'met' if ok else 'MISSED'}: ≤ {page.floor_ratio:g}× floor"
        elif page.kind == "search":
            result[page.key] = f"{'met' if page.p95 < SEARCH_P95_MS else 'MISSED'}: p95 < {SEARCH_P95_MS} ms"
        elif page.kind == "directory":
            result[page.key] = f"{'met' if page.p95 < PAGE_P95_MS else 'MISSED'}: p95 < {PAGE_P95_MS} ms"
        elif page.kind == "export":
            ok = page.p95 < EXPORT_SECONDS * 1000
            result[page.key] = f"{'met' if ok else 'MISSED'}: whole body < {EXPORT_SECONDS} s"
        else:
            result[page.key] = ""
    return result


def export_chunk_size() -> int:
    from partnerships.oversight.export import EXPORT_CHUNK_SIZE

    return EXPORT_CHUNK_SIZE


def machine_lines(database: str) -> list[str]:
    import django

    cpu = next(
        (line.split(":", 1)[1].strip() for line in _read_lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    mem_kb = next((int(line.split()[1]) for line in _read_lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- Memory: {mem_kb / 2**20:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}",
        f"- Database: {database}",
        f"- Load average when the run ended: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}",
    ]


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def results_table(pages: list[Page], floor: Page, targets: dict[str, str]) -> list[str]:
    lines = [
        "| Page | Queries (small → this size) | Median ms | p95 ms | × floor | CPU ms | × floor (CPU) | Target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    floor_cpu = statistics.median(floor.cpu_ms)
    for page in pages:
        counts = f"{page.queries.get('baseline', '–')} → {page.queries.get('full', '–')}"
        ratio = f"{page.median / floor.median:.1f}×" if page is not floor else "1.0×"
        cpu = statistics.median(page.cpu_ms)
        cpu_ratio = f"{cpu / floor_cpu:.1f}×" if floor_cpu else "–"
        lines.append(
            f"| {page.label} | {counts} | {page.median:.1f} | {page.p95:.1f} | {ratio} | {cpu:.1f} | {cpu_ratio} | "
            f"{targets[page.key]} |"
        )
    return lines


def write_report(
    *,
    scale: str,
    size: dict,
    baseline: dict,
    database: str,
    pages: list[Page],
    floor: Page,
    memory: dict[str, ExportMemory],
    build_seconds: float,
    rounds: int,
    others: list[tuple[str, str]],
    problems: list[str],
) -> Path:
    targets = verdicts(pages, floor, scale)
    small, large = memory["baseline"], memory["full"]
    lines = [
        f"# Benchmark results: {scale} scale on {database}",
        "",
        f"Run {datetime.datetime.now().isoformat(timespec='seconds')} with `bench/run_all.py --scale {scale}`: "
        f"{size['schools']:,} schools (half closed), {size['trusts']:,} trusts, {size['partnerships']:,} partnerships "
        f"(12 clauses, 4 cost lines, 3 objectives, 8 activities each, with history); built in {build_seconds:.1f} s. "
        f"Query counts compared with a small dataset of {baseline['partnerships']} partnerships. "
        f"{rounds} timed rounds per page (the CSV export every fifth round), after warm-up.",
        "",
        "Server-side time: inside Django's test client, through every middleware and the template, in one "
        "process (no network). × floor: median ÷ the trivial signed-in page's median. CPU ms: median CPU time of "
        "the benchmark process for the request (includes SQLite's work, not PostgreSQL's); on a busy machine it "
        "shows what the page costs when wall-clock times are inflated by waiting for a core.",
        "",
        *results_table(pages, floor, targets),
        "",
        "## CSV export memory (tracemalloc, while streaming every partnership)",
        "",
        "| Partnerships | Body | Peak traced memory | In use after each tenth of the rows | Flat |",
        "|---:|---:|---:|---|---|",
        *[
            f"| {m.rows:,} | {m.body_mb:.2f} MB | {m.peak_mb:.1f} MB | {', '.join(f'{s:.1f}' for s in m.samples_mb)} MB | "
            f"{'yes' if m.flat else 'NO'} |"
            for m in (small, large)
        ],
        "",
        "## Query counts",
        "",
        f"Constant for every page except the export, which reads in chunks of {export_chunk_size()} (one query "
        "plus one prefetch of cost lines per chunk)."
        if not problems
        else "**Problems:**\n\n" + "\n".join(f"- {p}" for p in problems),
        "",
        "## Machine",
        "",
        *machine_lines(database),
        "",
    ]
    for label, output in others:
        lines += [f"## {label} (its own benchmark, own database)", "", "```", output.strip(), "```", ""]
    text = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    vendor = database.split()[0].lower()
    (RESULTS / f"{scale}-{vendor}.md").write_text(text)
    report = RESULTS / f"{scale}-{vendor}.md"
    if scale != "smoke":  # a CI smoke run must not replace the last real figures
        report = RESULTS / "latest.md"
        report.write_text(text)
    return report


# --- The other benchmarks, each in its own process and database ----------------------------------


def run_other_benchmarks() -> list[tuple[str, str]]:
    outputs = []
    for label, script in OTHER_BENCHMARKS:
        if not (ROOT / script).exists():
            outputs.append((label, f"{script} is not in this checkout: skipped."))
            continue
        print(f"Running {script} ...", flush=True)
        with sibling_database(Path(script).stem) as url:
            env = (
                {**os.environ, "DATABASE_URL": url}
                if url
                else {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            )
            env.pop("DJANGO_SETTINGS_MODULE", None)
            done = subprocess.run(
                [sys.executable, script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
            )
        output = done.stdout + (f"\n(exit status {done.returncode})\n{done.stderr[-3000:]}" if done.returncode else "")
        print(output, flush=True)
        outputs.append((label, output))
    return outputs


class sibling_database:
    """On PostgreSQL, a fresh database next to ours (dropped afterwards); on SQLite, None (the
    benchmark makes its own file)."""

    def __init__(self, name: str):
        self.name = f"tp_bench_{name}_{os.getpid()}"

    def __enter__(self) -> str | None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return None
        self._admin(f'CREATE DATABASE "{self.name}"')
        base = os.environ["DATABASE_URL"]
        return base.rsplit("/", 1)[0] + "/" + self.name

    def __exit__(self, *exc) -> None:
        from django.db import connection

        if connection.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @staticmethod
    def _admin(statement: str) -> None:
        from django.db import connection

        connection.ensure_connection()
        with connection.cursor() as cursor:  # CREATE/DROP DATABASE cannot run in a transaction: autocommit is on
            cursor.execute(statement)


# --- The run -------------------------------------------------------------------------------------


def measure_stage(stage: str, size: dict) -> tuple[list[Page], dict, list[str], float, ExportMemory]:
    print(f"Building the {stage} dataset: {size} ...", flush=True)
    seconds = build_dataset(size)
    print(f"  built in {seconds:.1f} s", flush=True)
    fixtures = make_fixtures()
    pages = pages_for(fixtures)
    clients = clients_for(fixtures.users)
    problems = count_queries(pages, clients, stage)
    export = next(page for page in pages if page.kind == "export")
    memory = export_memory(clients[export.user], export.path, size["partnerships"])
    return pages, clients, problems, seconds, memory


def compare_counts(small: list[Page], large: list[Page], partnerships: int) -> list[str]:
    """Every page's count must not change with the data; the export's may grow only by its chunks."""
    problems = []
    chunk_queries = 2 * math.ceil(partnerships / export_chunk_size())
    for before, after in zip(small, large):
        after.queries["baseline"] = before = before.queries["baseline"]
        if after.constant_queries and before != after.queries["full"]:
            problems.append(
                f"{after.label}: {before} queries with the small dataset, "
                f"{after.queries['full']} at this size (not constant)"
            )
        if not after.constant_queries and after.queries["full"] > before + chunk_queries:
            problems.append(
                f"{after.label}: {after.queries['full']} queries for {partnerships:,} partnerships, more "
                f"than {before} + 2 per chunk of {export_chunk_size()} (a query per row?)"
            )
    return problems


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="full", help="dataset size (default full: England's size)")
    parser.add_argument("--rounds", type=int, help="timed rounds per page (default: 50 full, 30 mid, 3 smoke)")
    parser.add_argument("--skip-others", action="store_true", help="do not run the GIAS import and PDF benchmarks")
    parser.add_argument("--profile", metavar="PAGE", help="print a cProfile of one page (e.g. dashboard) and stop")
    parser.add_argument("--strict", action="store_true", help="also exit 1 when a timing target is missed")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    size = SCALES[args.scale]
    baseline = BASELINES.get(args.scale, BASELINES["default"])
    rounds = args.rounds or DEFAULT_ROUNDS[args.scale]
    with tempfile.TemporaryDirectory(prefix="tp-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        prepare_database()
        database = database_description()
        print(f"Benchmark on {database}, scale {args.scale}", flush=True)

        small_pages, _, problems, _, small_memory = measure_stage("baseline", baseline)
        flush_database()
        pages, clients, more, build_seconds, memory = measure_stage("full", size)
        problems += more + compare_counts(small_pages, pages, size["partnerships"])
        if problems:
            print("\nFAILED:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)

        if args.profile:
            profile_page(next(page for page in pages if page.key == args.profile), clients)
            flush_database()
            return 0
        time_pages(pages, clients, rounds)
        floor = pages[0]
        others = [] if args.skip_others or args.scale == "smoke" else run_other_benchmarks()
        report = write_report(
            scale=args.scale,
            size=size,
            baseline=baseline,
            database=database,
            pages=pages,
            floor=floor,
            memory={"baseline": small_memory, "full": memory},
            build_seconds=build_seconds,
            rounds=rounds,
            others=others,
            problems=problems,
        )
        print("\n" + "\n".join(results_table(pages, floor, verdicts(pages, floor, args.scale))))
        print(
            f"\nExport memory: {memory.rows:,} rows, body {memory.body_mb:.2f} MB, peak traced {memory.peak_mb:.1f} MB "
            f"(small dataset: {small_memory.peak_mb:.1f} MB); flat: {'yes' if memory.flat else 'NO'}"
        )
        print(f"Written to {report.relative_to(ROOT)}")
        flush_database()
    if problems:
        return 1
    missed = any(v.startswith("MISSED") for v in verdicts(pages, floor, args.scale).values())
    return 1 if args.strict and missed and args.scale != "smoke" else 0


if __name__ == "__main__":
    sys.exit(main())
