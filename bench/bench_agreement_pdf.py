"""Benchmark the agreement PDF: how long a warm render takes, per document and per page.

    .venv/bin/python bench/bench_agreement_pdf.py            # 7 rounds each (default)
    .venv/bin/python bench/bench_agreement_pdf.py --rounds 15

Migrates a throwaway SQLite database in a temporary folder (never db.sqlite3), stores two
partnerships, snapshots them as the issue service does, then times `render_pdf(snapshot)` (the work
the render task does: template, layout, PDF bytes) after one warm-up render that loads the fonts:

* realistic: 30 clauses, 10 cost lines, 25 activities, 5 objectives (about 10 pages);
* stress: 300 clauses, 40 cost lines, 100 activities, each clause and activity three times as long
  (about 60 pages).

For each it prints median and best wall time, median CPU time of the process (what the render
itself costs when other work shares the machine), pages, median time per page, and the peak
resident memory of the process so far (it only grows; a flat figure means no leak between runs).
Plain paragraphs in the same font (11 pages, rendered the same way as render_pdf: tagged PDF/UA-1, the
trimmed user agent stylesheet, the collector paused) are timed before and after the scenarios:
WeasyPrint's floor on this machine at this moment. The targets
are ratios of CPU time per page to that floor, measured in the same run, because a shared
machine's load moves absolute figures by ±30% (issue 11): realistic at most 1.5× the floor,
stress at most 1.3×. Exit status 1 if a ratio misses its target.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCENARIOS = {
    "realistic": {"clauses": 30, "cost_lines": 10, "activities": 25, "objectives": 5, "body_repeat": 1, "target": 1.5},
    "stress": {"clauses": 300, "cost_lines": 40, "activities": 100, "objectives": 12, "body_repeat": 3, "target": 1.3},
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_snapshot(name: str, spec: dict) -> dict:
    from django.utils import timezone

    from agreements.snapshot import build_snapshot as snapshot_of
    from tests.agreements.builders import realistic_partnership
    from tests.schools.factories import SchoolFactory, TrustFactory

    counts = {key: spec[key] for key in ("clauses", "cost_lines", "activities", "objectives", "body_repeat")}
    partnership = realistic_partnership(
        trust=TrustFactory(name=f"Northern Lights Academy Trust ({name})"),
        school=SchoolFactory(name=f"St Hilda's Church of England Primary School ({name})"),
        **counts,
    )
    return snapshot_of(partnership, number=1, status="draft", generated_at=timezone.now())


def measure(snapshot: dict, rounds: int) -> dict:
    from agreements.rendering import render_pdf

    render_pdf(snapshot)  # warm-up: fonts, template and stylesheet caches
    walls, cpus, pages, size = [], [], 0, 0
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), cpu_seconds()
        rendered = render_pdf(snapshot)
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
        pages, size = rendered.page_count, len(rendered.content)
    return {"walls": walls, "cpus": cpus, "pages": pages, "bytes": size}


def floor_reference(rounds: int) -> dict:
    """Plain paragraphs in the document's font, rendered as the agreement is (PDF/UA-1)."""
    from weasyprint import CSS

    from agreements.rendering import AgreementHTML, collector_paused

    paragraph = (
        "<p>"
        + "The Trust will provide the services described in Schedule 2 to the school during the term. " * 6
        + "</p>"
    )
    html = f'<html lang="en-GB"><head><title>Floor</title></head><body>{paragraph * 95}</body></html>'
    css = CSS(string="@page { size: A4; margin: 22mm 18mm } html { font: 9.5pt 'Liberation Sans'; line-height: 1.4 }")

    def laid_out() -> int:
        document = AgreementHTML(string=html).render(stylesheets=[css], pdf_variant="pdf/ua-1")
        document.write_pdf(pdf_variant="pdf/ua-1")
        return len(document.pages)

    def render() -> int:
        # As render_pdf renders the agreement: the trimmed user agent stylesheet, the garbage
        # collector paused, the document released before it runs.
        with collector_paused():
            return laid_out()

    render()
    walls, cpus, pages = [], [], 0
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), cpu_seconds()
        pages = render()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return {"walls": walls, "cpus": cpus, "pages": pages}


def cpu_ms_per_page(result: dict) -> float:
    return statistics.median(result["cpus"]) / result["pages"] * 1000


def report(name: str, spec: dict, result: dict, floor_ms: float) -> bool:
    median = statistics.median(result["walls"])
    per_page = cpu_ms_per_page(result)
    ratio = per_page / floor_ms
    met = ratio <= spec["target"]
    print(
        f"{name:9}  {spec['clauses']:3} clauses, {spec['cost_lines']:2} cost lines, {spec['activities']:3} activities  "
        f"{result['pages']:3} pages  {result['bytes'] / 1024:6.0f} KiB  "
        f"wall median {median:5.2f} s (best {min(result['walls']):5.2f} s)  CPU {per_page:4.0f} ms/page = "
        f"{ratio:4.2f}× floor  peak RSS {peak_rss_mb():4.0f} MiB  target ≤ {spec['target']}×: "
        f"{'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed renders per scenario after one warm-up")
    parser.add_argument("--scenario", choices=SCENARIOS, action="append", help="only these (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tp-bench-pdf-") as folder:
        setup_django(Path(folder))
        import weasyprint

        print(
            f"Agreement PDF benchmark: WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}, "
            f"{args.rounds} rounds after a warm-up"
        )
        before = floor_reference(args.rounds)
        results = {
            name: measure(build_snapshot(name, SCENARIOS[name]), args.rounds) for name in args.scenario or SCENARIOS
        }
        after = floor_reference(args.rounds)
        floor = {
            "cpus": before["cpus"] + after["cpus"],
            "pages": before["pages"],
            "walls": before["walls"] + after["walls"],
        }
        floor_ms = cpu_ms_per_page(floor)
        all_met = True
        for name, result in results.items():
            all_met &= report(name, SCENARIOS[name], result, floor_ms)
        print(
            f"floor      plain paragraphs, same font, PDF/UA-1    {floor['pages']:3} pages  "
            f"CPU {floor_ms:4.0f} ms/page (before the documents {cpu_ms_per_page(before):.0f}, "
            f"after {cpu_ms_per_page(after):.0f})  load average now {os.getloadavg()[0]:.1f}"
        )
        return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
