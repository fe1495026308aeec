"""The offer directory at England's size: "Find a trust partnership offer", timed beside the floor.

    scripts/with-postgres .venv/bin/python bench/bench_offer_directory.py            # 2 runs of 60 rounds
    scripts/with-postgres .venv/bin/python bench/bench_offer_directory.py --runs 3 --rounds 100

The issue's target: under 150 ms p95 with 2,500 trusts on PostgreSQL. This builds the national
dataset once with bench/national_dataset.py (50,000 schools, half closed, with GIAS grid references;
2,500 trusts, each with a published offer), then times, with bench/run_all.py's harness (Django's
test client, every middleware, cached templates, server-side time), the trivial signed-in page
(the floor) and the directory pages an anonymous visitor uses, rounds interleaved so the machine's
noise falls on every page alike. Each run is reported with the load average at its start and end
(the development machine is shared), and the query count of every page is checked to be the same
at 100 trusts and at 2,500 trusts. Results go to bench/results/offer-directory-<database>.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run_all

TARGET_P95_MS = 150
SIZES = {
    "small": {"schools": 2_000, "trusts": 100, "partnerships": 20},
    "full": {"schools": 50_000, "trusts": 2_500, "partnerships": 3_000},
}


def pages(urn: str, name: str) -> list[run_all.Page]:
    url = "/find-a-trust-partnership-offer/"
    Page = run_all.Page
    return [
        Page("trivial", "Trivial signed-in page (floor)", "floor", "oversight", f"/{run_all.TRIVIAL_PATH}"),
        Page("first", "Directory, first page (by trust name)", "directory", "anonymous", url),
        Page(
            "near_support",
            "By distance from a school (URN), filtered by support, page 2",
            "directory",
            "anonymous",
            f"{url}?school={urn}&support=headteacher_mentoring&page=2",
        ),
        Page(
            "near_all",
            "By distance from a school (URN), all 2,500 offers",
            "directory",
            "anonymous",
            f"{url}?school={urn}",
        ),
        Page(
            "near_name",
            "By distance from a school typed by name, phase and region filters",
            "directory",
            "anonymous",
            f"{url}?school={name.replace(' ', '+')}&phase=primary&region=London",
        ),
        Page(
            "filtered",
            "Filtered by local authority and support, page 1",
            "directory",
            "anonymous",
            f"{url}?local_authority=Local+Authority+4&support=curriculum_development",
        ),
    ]


def build(size: dict) -> tuple[list[run_all.Page], dict, float]:
    from accounts.models import User
    from schools.models import School

    seconds = run_all.build_dataset(size)
    user = User.objects.create_user("bench-oversight", role=User.Role.OVERSIGHT, first_name="Olive")
    open_schools = School.objects.open().order_by("pk")
    target = open_schools[open_schools.count() // 2]
    page_list = pages(target.urn, target.name)
    clients = run_all.clients_for({"oversight": user})
    return page_list, clients, seconds


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="separate timed runs (default 2)")
    parser.add_argument("--rounds", type=int, default=60, help="rounds per page in each run (default 60)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tp-bench-") as tmp:
        run_all.setup_django(Path(tmp))
        run_all.prepare_database()
        database = run_all.database_description()
        print(f"Offer directory benchmark on {database}", flush=True)

        small, clients, _ = build(SIZES["small"])
        problems = run_all.count_queries(small, clients, "baseline")
        run_all.flush_database()
        full, clients, seconds = build(SIZES["full"])
        problems += run_all.count_queries(full, clients, "full")
        for before, after in zip(small, full):
            after.queries["baseline"] = before.queries["baseline"]
            if before.queries["baseline"] != after.queries["full"]:
                problems.append(
                    f"{after.label}: {before.queries['baseline']} queries at 100 trusts, "
                    f"{after.queries['full']} at 2,500"
                )
        print(f"Built {SIZES['full']} in {seconds:.1f} s", flush=True)

        runs = []
        for number in range(1, args.runs + 1):
            for page in full:
                page.times_ms, page.cpu_ms = [], []
            started = load()
            run_all.time_pages(full, clients, args.rounds)
            runs.append(
                (
                    number,
                    started,
                    load(),
                    [(p.label, p.queries, p.median, p.p95, statistics.median(p.cpu_ms)) for p in full],
                )
            )
            print(f"\nRun {number}: load average {started} at the start, {load()} at the end", flush=True)
            print("\n".join(table(runs[-1][3])), flush=True)
        report = write(database, seconds, args, runs, problems)
        print(f"\nWritten to {report.relative_to(run_all.ROOT)}")
        run_all.flush_database()
    if problems:
        print("\nFAILED:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 1
    return 0


def table(rows) -> list[str]:
    floor_median = rows[0][2]
    lines = [
        "| Page | Queries (100 → 2,500 trusts) | Median ms | p95 ms | × floor (median) | CPU ms | p95 < 150 ms |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for label, queries, median, p95, cpu in rows:
        verdict = "" if label.startswith("Trivial") else ("met" if p95 < TARGET_P95_MS else "**missed**")
        lines.append(
            f"| {label} | {queries.get('baseline', '–')} → {queries.get('full', '–')} | {median:.1f} | {p95:.1f} | "
            f"{median / floor_median:.1f}× | {cpu:.1f} | {verdict} |"
        )
    return lines


def write(database: str, seconds: float, args, runs, problems) -> Path:
    lines = [
        f"# Offer directory benchmark on {database}",
        "",
        f"Run {datetime.datetime.now().isoformat(timespec='seconds')} with `bench/bench_offer_directory.py "
        f"--runs {args.runs} --rounds {args.rounds}`: {SIZES['full']['schools']:,} schools (half closed, with grid "
        f"references), {SIZES['full']['trusts']:,} trusts each with a published offer; built in {seconds:.1f} s. "
        "Server-side time inside Django's test client (every middleware, the template), anonymous visitor; the "
        "floor is the trivial signed-in page. CPU ms: the benchmark process's CPU time (not PostgreSQL's).",
        "",
    ]
    for number, started, ended, rows in runs:
        lines += [f"## Run {number} (load average {started} at the start, {ended} at the end)", "", *table(rows), ""]
    if problems:
        lines += ["## Problems", "", *[f"- {p}" for p in problems], ""]
    lines += ["## Machine", "", *run_all.machine_lines(database), ""]
    run_all.RESULTS.mkdir(parents=True, exist_ok=True)
    report = run_all.RESULTS / f"offer-directory-{database.split()[0].lower()}.md"
    report.write_text("\n".join(lines))
    return report


if __name__ == "__main__":
    sys.exit(main())
