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
A last line times 10 pages of plain paragraphs in the same font: WeasyPrint's floor on this machine
at this moment, so figures taken on a busy machine can be read against it.
Targets on this 2-core machine: realistic under 1 s warm, stress under 4 s. Exit status 1 if a
median misses its target.
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
    "realistic": {"clauses": 30, "cost_lines": 10, "activities": 25, "objectives": 5, "body_repeat": 1, "target": 1.0},
    "stress": {"clauses": 300, "cost_lines": 40, "activities": 100, "objectives": 12, "body_repeat": 3, "target": 4.0},
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


def floor_reference(rounds: int) -> None:
    from weasyprint import CSS, HTML

    paragraph = (
        "<p>"
        + "The Trust will provide the services described in Schedule 2 to the school during the term. " * 6
        + "</p>"
    )
    html = f"<html><body>{paragraph * 95}</body></html>"
    css = CSS(string="@page { size: A4; margin: 22mm 18mm } html { font: 9.5pt 'Liberation Sans'; line-height: 1.4 }")
    HTML(string=html).render(stylesheets=[css])
    walls = []
    for _ in range(rounds):
        started = time.perf_counter()
        document = HTML(string=html).render(stylesheets=[css])
        document.write_pdf()
        walls.append(time.perf_counter() - started)
    median = statistics.median(walls)
    print(
        f"floor      plain paragraphs only, no tables            {len(document.pages):3} pages  "
        f"median {median:5.2f} s  {median / len(document.pages) * 1000:5.0f} ms/page (reference, no target)"
    )


def report(name: str, spec: dict, result: dict) -> bool:
    median = statistics.median(result["walls"])
    cpu = statistics.median(result["cpus"])
    met = median < spec["target"]
    print(
        f"{name:9}  {spec['clauses']:3} clauses, {spec['cost_lines']:2} cost lines, {spec['activities']:3} activities  "
        f"{result['pages']:3} pages  {result['bytes'] / 1024:6.0f} KiB  "
        f"median {median:5.2f} s (best {min(result['walls']):5.2f} s, CPU {cpu:5.2f} s)  "
        f"{median / result['pages'] * 1000:5.0f} ms/page  peak RSS {peak_rss_mb():4.0f} MiB  "
        f"target < {spec['target']:.0f} s: {'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed renders per scenario after one warm-up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tp-bench-pdf-") as folder:
        setup_django(Path(folder))
        import weasyprint

        print(
            f"Agreement PDF benchmark: WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {args.rounds} rounds after a warm-up"
        )
        all_met = True
        for name, spec in SCENARIOS.items():
            all_met &= report(name, spec, measure(build_snapshot(name, spec), args.rounds))
        floor_reference(args.rounds)
        return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
