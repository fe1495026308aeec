"""Benchmark the GIAS importer at national scale.

    .venv/bin/python bench/bench_gias_import.py                      # SQLite, in a throwaway file
    scripts/with-postgres .venv/bin/python bench/bench_gias_import.py  # PostgreSQL 15

Generates, in a temporary folder (never committed), a realistic establishments download of
50,000 rows (today's 135 published columns, Windows-1252, every field quoted, about half closed) and a
groups download of 3,000 groups, migrates a fresh database, then times:

1. the first import (everything created, with history);
2. a re-import of the same files (nothing changes, no history written);
3. a newer download with 1% of schools changed and 0.2% no longer listed.

For each it prints wall time, rows per second and the peak resident memory of the process so far
(resource.getrusage; it only ever grows, so a flat figure between phases means the import streams).
Targets on a 2-core machine with SQLite: first import under 15 s, re-import under 8 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schools.gias.headers import ESTABLISHMENT_HEADERS, GROUP_HEADERS  # noqa: E402
from schools.gias.samples.make_samples import (  # noqa: E402
    LOCAL_AUTHORITIES,
    establishment_record,
    group_record,
    write_csv,
)

TARGETS = {"first import": 15.0, "re-import (no change)": 8.0}
NAME_WORDS = [
    "Oak",
    "Meadow",
    "Brontë",
    "St Mary’s",
    "Riverside",
    "Hill",
    "Fierté",
    "Church",
    "Park",
    "Moor",
    "Valley",
    "Green",
    "St John’s",
    "Kingsway",
    "Abbey",
    "Castle",
    "Brook",
    "Beech",
    "Elm",
    "Harbour",
]
SCHOOL_KINDS = [
    "Primary School",
    "Primary Academy",
    "Academy",
    "High School",
    "Infant School",
    "Junior School",
    "CofE Primary School",
    "Catholic Primary School",
    "Community College",
    "Nursery School",
]
RATINGS = ["Outstanding", "Good", "Good", "Good", "Requires improvement", "Inadequate", "", ""]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def database_cpu_seconds() -> float:
    """CPU time of the PostgreSQL backend serving this connection (0 for SQLite, which runs
    inside this process and is counted in its CPU time)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a server on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def generate_groups(count: int, rng: random.Random) -> list[dict]:
    groups = []
    for index in range(count):
        uid = str(20000 + index)
        kind = rng.choices(
            ["Multi-academy trust", "Single-academy trust", "Federation", "Trust"], weights=[60, 25, 10, 5]
        )[0]
        is_trust = kind.endswith("academy trust")
        closed = rng.random() < 0.1
        groups.append(
            {
                "uid": uid,
                "id": f"TR{10000 + index:05d}" if is_trust else "",
                "name": f"{rng.choice(NAME_WORDS)} {rng.choice(NAME_WORDS)} {'Learning Trust' if is_trust else kind}",
                "type": kind,
                "status": "Closed" if closed else "Open",
                "companies_house": f"{9000000 + index:08d}",
                "ukprn": f"1{7000000 + index:07d}" if is_trust else "",
                "opened": "01-09-2015",
                "closed": "31-08-2024" if closed else "",
                "street": f"{index} Trust Way",
                "town": "Leeds",
                "postcode": "LS1 4AB",
            }
        )
    return groups


def generate_school(index: int, trusts: list[dict], rng: random.Random) -> dict:
    la = rng.choice(list(LOCAL_AUTHORITIES))
    closed = rng.random() < 0.5
    academy = not closed and rng.random() < 0.45
    trust = rng.choice(trusts) if academy else None
    opened_year = rng.randint(1950, 2020)
    return {
        "urn": f"{100000 + index:06d}",
        "la": la,
        "number": f"{2000 + index % 8000:04d}",
        "name": f"{rng.choice(NAME_WORDS)} {rng.choice(SCHOOL_KINDS)}",
        "type": "Academy converter" if academy else "Community school",
        "status": "Closed" if closed else rng.choice(["Open"] * 18 + ["Open, but proposed to close"]),
        "opened": f"01-09-{opened_year}",
        "closed": f"31-08-{rng.randint(opened_year + 1, 2025)}" if closed else "",
        "phase": rng.choice(["Primary", "Primary", "Secondary", "All-through"]),
        "capacity": "" if closed else str(rng.randint(60, 1800)),
        "pupils": "" if closed else str(rng.randint(30, 1700)),
        "trust": trust["uid"] if trust else "",
        "trust_name": trust["name"] if trust else "",
        "ukprn": f"1{1000000 + index:07d}",
        "inspected": "" if closed else f"{rng.randint(1, 28):02d}-03-2024",
        "street": f"{index} School Lane",
        "postcode": "LS6 2AA",
        "rating": "" if closed else rng.choice(RATINGS),
        "reason_closed": "Closure" if closed else "Not applicable",
    }


def write_files(
    folder: Path,
    rows: int,
    group_count: int,
    *,
    seed: int,
    change_share: float = 0.0,
    missing_share: float = 0.0,
    stamp: str,
) -> tuple[Path, Path]:
    """Write the pair of downloads; a non-zero change_share alters that share of schools' pupil numbers."""
    rng = random.Random(seed)
    groups = generate_groups(group_count, rng)
    trusts = [group for group in groups if group["type"].endswith("academy trust")]
    groups_path = write_csv(folder / f"allgroupsdata{stamp}.csv", GROUP_HEADERS, map(group_record, groups))
    change_rng = random.Random(seed + 1)

    def records():
        for index in range(rows):
            school = generate_school(index, trusts, rng)
            roll = change_rng.random()
            if roll < missing_share:
                continue
            if roll < missing_share + change_share:
                school["pupils"] = str(change_rng.randint(30, 1700))
                school["rating"] = change_rng.choice(RATINGS)
            yield establishment_record(school)

    establishments_path = write_csv(folder / f"edubasealldata{stamp}.csv", ESTABLISHMENT_HEADERS, records())
    return establishments_path, groups_path


def setup_django(folder: Path) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.db import connection

    # Time the import as production runs it: with DEBUG on, Django also keeps a log of every query.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)

    if connection.vendor == "sqlite":
        return f"SQLite {'.'.join(map(str, connection.Database.sqlite_version_info))}"
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"


def run_phase(label: str, establishments: Path, groups: Path, rows: int) -> float:
    from schools.gias import import_gias

    started, cpu_started, db_started = time.perf_counter(), cpu_seconds(), database_cpu_seconds()
    summary = import_gias(establishments, groups)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    db_cpu = database_cpu_seconds() - db_started
    schools = summary.schools
    target = TARGETS.get(label)
    verdict = "" if target is None else f"  (target < {target:.0f} s: {'met' if seconds < target else 'MISSED'})"
    cpu_text = f"CPU {cpu:4.1f} s Python" + (f" + {db_cpu:4.1f} s PostgreSQL" if db_cpu else "")
    print(
        f"{label:<24} {seconds:6.2f} s wall ({cpu_text})  {rows / seconds:7,.0f} rows/s  "
        f"peak RSS {peak_rss_mb():5.1f} MB{verdict}"
    )
    print(
        f"{'':<24} schools: created {schools.created:,}, updated {schools.updated:,}, unchanged "
        f"{schools.unchanged:,}, closed {schools.closed:,}, skipped {len(schools.skipped):,}; "
        f"trusts: created {summary.trusts.created:,}, updated {summary.trusts.updated:,}, "
        f"unchanged {summary.trusts.unchanged:,}"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000, help="establishment rows (default 50,000)")
    parser.add_argument("--groups", type=int, default=3_000, help="group rows (default 3,000)")
    options = parser.parse_args()
    print(f"Load average before starting: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="gias-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        first = write_files(folder, options.rows, options.groups, seed=2026, stamp="20261101")
        newer = write_files(
            folder, options.rows, options.groups, seed=2026, change_share=0.01, missing_share=0.002, stamp="20261201"
        )
        size_mb = first[0].stat().st_size / 1024 / 1024
        print(
            f"Generated {options.rows:,} establishments ({size_mb:.0f} MB, 135 columns, Windows-1252) and "
            f"{options.groups:,} groups in {time.perf_counter() - started:.1f} s"
        )
        database = setup_django(folder)
        print(
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {database}; "
            f"peak RSS before importing {peak_rss_mb():.1f} MB"
        )
        run_phase("first import", *first, options.rows)
        run_phase("re-import (no change)", *first, options.rows)
        run_phase("newer file (1% changed)", *newer, options.rows)


if __name__ == "__main__":
    main()
