"""Load test: gunicorn + db_worker on PostgreSQL with the production settings, driven by wrk.

    make load-test                                  # defaults below; about 5 minutes
    .venv/bin/python bench/load_test.py --users 50,10 --readers 50 --think-seconds 5 --duration 60 --renders 10

Everything stays on this machine (loopback only) and stops by itself:

1. re-runs itself under scripts/with-postgres (a throwaway PostgreSQL 15, removed at the end);
2. migrates with config.settings.production (dummy secrets, DJANGO_ALLOWED_HOSTS=127.0.0.1),
   collects static files, builds a mid-size dataset (bench/national_dataset.py: 10,000 schools,
   500 trusts, 1,000 partnerships with terms and history) and signs in the users: oversight users
   and trust staff, one session each, written with Django's session store;
3. starts gunicorn (config/gunicorn.conf.py: 2 × cores + 1 sync workers) and one
   `manage.py db_worker` at a lower CPU priority (nice 10: on a shared machine the pages come
   before the renders), and waits for /healthz;
4. for each number of users: runs wrk (Debian's; installed with apt-get if missing) with that many
   connections for --duration seconds over a mix of the oversight dashboard, the partnership list
   (first page, page 2, filtered), the task list and the agreement page, one signed-in session per
   request (bench/load_test.lua). wrk is a closed loop: every user sends the next request as soon as
   the last one answers, with no time spent reading, so 50 users are 50 requests always in flight
   (a saturation test; latency is then the queue). wrk's delay() is not used for reading time: with
   gunicorn's sync workers closing each connection it reports the pause as latency. Meanwhile trust
   staff generate --renders draft agreements through the web (POST, CSRF and all), which the
   worker renders (WeasyPrint). Then --readers locust users (bench/locustfile.py, headless) walk
   the same mix as people do, reading each page for --think-seconds on average before the next;
5. waits (at most two minutes) for the worker to finish the renders, stops gunicorn and the worker
   by their process ids, and writes bench/results/load.md: throughput, p50/p95/p99, errors,
   server-side time per page (from the production request log), and the renders.

HTTPS on loopback: the production settings redirect plain HTTP to HTTPS and trust the
X-Forwarded-Proto header of the TLS proxy in front of gunicorn (DJANGO_TRUST_X_FORWARDED_PROTO,
on by default). The load generator plays that proxy's part: every request carries
X-Forwarded-Proto: https, so nothing is redirected and no setting is weakened.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
INSIDE = "TP_LOAD_TEST_INSIDE"
DATASET = {"schools": 10_000, "trusts": 500, "partnerships": 1_000}
P95_TARGET_MS = 500
PAGE_KINDS = [  # (kind, pattern of the request path)
    ("Oversight dashboard", re.compile(r"^/oversight/$")),
    ("Partnership list", re.compile(r"^/oversight/partnerships/$")),
    ("Task list", re.compile(r"^/partnerships/\d+/$")),
    ("Agreement page", re.compile(r"^/partnerships/\d+/agreement/$")),
    ("Generate draft (POST)", re.compile(r"^/partnerships/\d+/agreement/generate-draft/$")),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", default="50,10", help="comma-separated concurrent users (wrk connections), one run each"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds per run (at most 300)")
    parser.add_argument(
        "--readers", type=int, default=50, help="users who read each page before the next (locust; 0 to skip)"
    )
    parser.add_argument("--think-seconds", type=float, default=5.0, help="their mean reading time per page")
    parser.add_argument("--renders", type=int, default=10, help="draft agreements generated through the web per run")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config's 2 × cores + 1)")
    args = parser.parse_args()
    args.duration = max(5, min(args.duration, 300))
    args.runs = [max(1, min(int(value), 200)) for value in args.users.split(",") if value.strip()][:3]
    args.most_users = max(args.runs)
    args.renders = max(0, min(args.renders, 100))
    return args


def main() -> int:
    args = parse_args()
    if not os.environ.get(INSIDE):
        return run_under_throwaway_postgres(args)
    with tempfile.TemporaryDirectory(prefix="tp-load-") as tmp:
        return LoadTest(args, Path(tmp)).run()


def run_under_throwaway_postgres(args: argparse.Namespace) -> int:
    ensure_wrk()
    if args.readers and not (Path(PYTHON).parent / "locust").exists():
        sys.exit(
            "locust is not installed: run `make load-test`, or `.venv/bin/pip install -e '.[bench]'`, "
            "or pass --readers 0."
        )
    command = [str(ROOT / "scripts" / "with-postgres"), PYTHON, str(Path(__file__).resolve()), *sys.argv[1:]]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, INSIDE: "1"}, timeout=3600).returncode


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("wrk not found: installing Debian's package (apt-get install wrk)", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        timeout=600,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


# --- The run -------------------------------------------------------------------------------------


@dataclass
class Scenario:
    users: int
    wrk: dict = field(default_factory=dict)
    wrk_output: str = ""
    pages: dict = field(default_factory=dict)  # kind -> list of (duration_ms, status)
    drafts_posted: list = field(default_factory=list)  # status codes of the generate-draft POSTs
    slowest: list = field(default_factory=list)  # (duration_ms, time, path) of the slowest requests
    locust: dict = field(default_factory=dict)  # the Aggregated row of locust's statistics


class LoadTest:
    def __init__(self, args: argparse.Namespace, workdir: Path):
        self.args, self.workdir = args, workdir
        self.port = free_port()
        self.processes: list[subprocess.Popen] = []
        self.env = production_env(workdir, self.port)

    def run(self) -> int:
        started = time.perf_counter()
        try:
            self.manage("migrate", "--no-input", "--verbosity", "0")
            self.manage("collectstatic", "--no-input", "--verbosity", "0")
            prepared = self.prepare()
            gunicorn_log = self.workdir / "gunicorn.log"
            self.start_servers(gunicorn_log)
            self.check_pages(prepared)
            scenarios = [self.drive(prepared, users, gunicorn_log) for users in self.args.runs]
            readers = self.drive_readers(prepared, gunicorn_log) if self.args.readers else None
            renders = self.wait_for_renders()
        finally:
            self.stop_servers()
            self.keep_logs()
        report = write_report(
            self.args,
            scenarios,
            readers,
            renders,
            prepared,
            self.database_version(),
            workers=self.workers(),
            seconds=time.perf_counter() - started,
        )
        print(report.read_text())
        print(f"Written to {report.relative_to(ROOT)}")
        return 0 if all(s.wrk.get("requests") for s in scenarios) and (readers is None or readers.locust) else 1

    # Setup -------------------------------------------------------------------------------------

    def manage(self, *arguments: str) -> None:
        subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=self.env, check=True, timeout=600)

    def prepare(self) -> dict:
        """Build the dataset, sign the users in, write wrk's request list (in this process)."""
        os.environ.update(self.env)
        import django

        django.setup()
        from django.db import connections

        from bench.national_dataset import build

        print(f"Building {DATASET} ...", flush=True)
        build(**DATASET)
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")
        prepared = sign_in_users(self.args.most_users)
        prepared["requests_file"] = self.workdir / "requests.tsv"
        write_request_list(prepared, prepared["requests_file"])
        connections.close_all()
        return prepared

    def workers(self) -> int:
        if self.args.workers:
            return self.args.workers
        return min(2 * (os.cpu_count() or 1) + 1, 12)

    def start_servers(self, gunicorn_log: Path) -> None:
        env = {**self.env, "WEB_CONCURRENCY": str(self.workers())}
        self.processes.append(
            spawn([str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"], env, gunicorn_log)
        )
        # The worker renders at a lower CPU priority (nice 10): on one machine, pages come first.
        self.processes.append(
            spawn(
                [
                    "nice",
                    "-n",
                    "10",
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--interval",
                    "0.5",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                self.env,
                self.workdir / "worker.log",
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz", cookie=None)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {gunicorn_log}")

    def check_pages(self, prepared: dict) -> None:
        """Every page of the mix answers 200 for its user before the load starts."""
        seen = set()
        for cookie, path in prepared["requests"]:
            kind = page_kind(path)
            if kind in seen:
                continue
            status, _ = self.get(path, cookie=cookie)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the load test started")
            seen.add(kind)

    # Load --------------------------------------------------------------------------------------

    def drive(self, prepared: dict, users: int, gunicorn_log: Path) -> Scenario:
        scenario = Scenario(users=users)
        log_start = gunicorn_log.stat().st_size
        stop = threading.Event()
        drafts = threading.Thread(target=self.generate_drafts, args=(prepared, scenario, stop), daemon=True)
        command = [
            "wrk",
            "-t",
            str(min(2, users)),
            "-c",
            str(users),
            "-d",
            f"{self.args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "load_test.lua"),
            f"http://127.0.0.1:{self.port}/",
            "--",
            str(prepared["requests_file"]),
        ]
        print(f"wrk: {users} users for {self.args.duration} s ...", flush=True)
        drafts.start()
        done = subprocess.run(command, capture_output=True, text=True, timeout=self.args.duration + 60)
        stop.set()
        drafts.join(timeout=30)
        scenario.wrk_output = done.stdout + done.stderr
        match = re.search(r"^WRK_JSON (\{.*\})$", done.stdout, re.MULTILINE)
        scenario.wrk = json.loads(match.group(1)) if match else {}
        scenario.pages, scenario.slowest = read_request_log(gunicorn_log, log_start)
        print(scenario.wrk_output, flush=True)
        return scenario

    def drive_readers(self, prepared: dict, gunicorn_log: Path) -> Scenario:
        """Locust users who read each page for --think-seconds (on average) before the next one."""
        scenario = Scenario(users=self.args.readers)
        log_start = gunicorn_log.stat().st_size
        stop = threading.Event()
        drafts = threading.Thread(target=self.generate_drafts, args=(prepared, scenario, stop), daemon=True)
        prefix = self.workdir / "locust"
        command = [
            str(Path(PYTHON).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            str(self.args.readers),
            "-r",
            str(self.args.readers),
            "-t",
            f"{self.args.duration}s",
            "--host",
            f"http://127.0.0.1:{self.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
        ]
        env = {
            **os.environ,
            "TP_LOAD_REQUESTS": str(prepared["requests_file"]),
            "TP_LOAD_THINK_SECONDS": str(self.args.think_seconds),
        }
        print(
            f"locust: {self.args.readers} readers for {self.args.duration} s, {self.args.think_seconds:g} s per page ...",
            flush=True,
        )
        drafts.start()
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=self.args.duration + 90)
        stop.set()
        drafts.join(timeout=30)
        scenario.wrk_output = (done.stdout + done.stderr)[-4000:]
        scenario.locust = read_locust_stats(Path(f"{prefix}_stats.csv"))
        scenario.pages, scenario.slowest = read_request_log(gunicorn_log, log_start)
        print(scenario.wrk_output, flush=True)
        return scenario

    def generate_drafts(self, prepared: dict, scenario: Scenario, stop: threading.Event) -> None:
        """Trust staff press "Generate a draft" through the web, spread over the run."""
        targets = prepared["drafts"]
        if not targets or not self.args.renders:
            return
        interval = self.args.duration / (self.args.renders + 1)
        for number in range(self.args.renders):
            if stop.wait(interval):
                return
            cookie, pk = targets[number % len(targets)]
            try:
                scenario.drafts_posted.append(self.post_generate_draft(cookie, pk))
            except OSError as error:
                scenario.drafts_posted.append(f"{type(error).__name__}")

    def post_generate_draft(self, cookie: str, pk: int) -> int:
        token = secrets.token_hex(16)  # 32 characters: a CSRF secret we set as the cookie too
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Cookie": f"sessionid={cookie}; csrftoken={token}",
            "X-CSRFToken": token,
            "X-Forwarded-Proto": "https",
            "Referer": f"{origin}/partnerships/{pk}/agreement/versions/",
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("POST", f"/partnerships/{pk}/agreement/generate-draft/", body="", headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()

    def get(self, path: str, *, cookie: str | None) -> tuple[int, bytes]:
        headers = {"X-Forwarded-Proto": "https"}
        if cookie:
            headers["Cookie"] = f"sessionid={cookie}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    # Afterwards --------------------------------------------------------------------------------

    def wait_for_renders(self, limit_seconds: int = 120) -> dict:
        from django.db import close_old_connections
        from django_tasks_db.models import DBTaskResult

        from agreements.models import AgreementVersion

        deadline = time.monotonic() + limit_seconds
        while time.monotonic() < deadline:
            close_old_connections()
            if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
                break
            time.sleep(1)
        results = list(DBTaskResult.objects.values("status", "started_at", "finished_at"))
        seconds = [
            (r["finished_at"] - r["started_at"]).total_seconds()
            for r in results
            if r["finished_at"] and r["started_at"]
        ]
        return {
            "enqueued": len(results),
            "by_status": {
                status: sum(r["status"] == status for r in results) for status in sorted({r["status"] for r in results})
            },
            "render_seconds": seconds,
            "versions_rendered": AgreementVersion.objects.exclude(sha256="").count(),
            "versions": AgreementVersion.objects.count(),
        }

    def keep_logs(self) -> None:
        """The server logs go next to the report (bench/results/ is not committed)."""
        RESULTS.mkdir(parents=True, exist_ok=True)
        for name in ("gunicorn.log", "worker.log"):
            if (self.workdir / name).exists():
                shutil.copy(self.workdir / name, RESULTS / f"load-{name}")

    def database_version(self) -> str:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"

    def stop_servers(self) -> None:
        """Stop what this script started, by process id: SIGTERM, then SIGKILL after 30 s."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(workdir: Path, port: int) -> dict:
    (workdir / "media").mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "INFO",
    }


def spawn(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """Start a server in its own process group (so it and its children stop together)."""
    handle = open(log, "ab")  # noqa: SIM115 - closed when the process ends with the run
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


# --- Users, sessions and the request mix ---------------------------------------------------------


def sign_in_users(count: int) -> dict:
    """Oversight users (2 in 5) and trust staff of distinct live partnerships, each with a session."""
    from accounts.models import User
    from partnerships.models import Partnership

    oversight_count = max(1, count * 2 // 5)
    live = list(Partnership.objects.filter(status__in=Partnership.Status.LIVE).select_related("trust").order_by("pk"))
    by_trust = {}
    for partnership in live:
        by_trust.setdefault(partnership.trust_id, partnership)
    staff_partnerships = list(by_trust.values())[: max(1, count - oversight_count)]
    oversight = [
        session_for(User.objects.create_user(f"load-oversight-{n}", role=User.Role.OVERSIGHT))
        for n in range(oversight_count)
    ]
    staff = []
    for n, partnership in enumerate(staff_partnerships):
        user = User.objects.create_user(f"load-staff-{n}", role=User.Role.TRUST_STAFF, trust=partnership.trust)
        staff.append((session_for(user), partnership.pk))
    region = live[0].school.region if live else ""
    return {
        "oversight": oversight,
        "staff": staff,
        "region": region,
        "drafts": staff,
        "requests": request_mix(oversight, staff, region),
    }


def session_for(user) -> str:
    """A signed-in session for the user, as django.contrib.auth.login would store it; for a role that
    must give a second factor (oversight, in production), with an authenticator app and the session
    verified by it, as django_otp.login would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailOrUsernameBackend"  # settings.AUTHENTICATION_BACKENDS
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.two_factor_required:
        device = TOTPDevice.objects.create(user=user, name="Load test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def request_mix(oversight: list[str], staff: list[tuple[str, int]], region: str) -> list[tuple[str, str]]:
    """A quarter each: dashboard, list (first page, page 2, filtered), task list, agreement page."""
    lists = [
        "/oversight/partnerships/",
        "/oversight/partnerships/?page=2",
        f"/oversight/partnerships/?status=active&region={region.replace(' ', '+')}&sort=end",
    ]
    requests = []
    for n in range(400):
        kind = n % 4
        if kind == 0:
            requests.append((oversight[n % len(oversight)], "/oversight/"))
        elif kind == 1:
            requests.append((oversight[(n + 1) % len(oversight)], lists[(n // 4) % len(lists)]))
        else:
            cookie, pk = staff[n % len(staff)]
            requests.append((cookie, f"/partnerships/{pk}/" if kind == 2 else f"/partnerships/{pk}/agreement/"))
    return requests


def write_request_list(prepared: dict, path: Path) -> None:
    path.write_text("".join(f"{cookie}\t{request_path}\n" for cookie, request_path in prepared["requests"]))


def read_locust_stats(path: Path) -> dict:
    import csv

    if not path.exists():
        return {}
    with open(path, newline="") as handle:
        return next((row for row in csv.DictReader(handle) if row.get("Name") == "Aggregated"), {})


def page_kind(path: str) -> str:
    bare = path.split("?", 1)[0]
    return next((kind for kind, pattern in PAGE_KINDS if pattern.match(bare)), "Other")


def read_request_log(log: Path, offset: int) -> tuple[dict, list]:
    """Server-side durations per kind of page from the production request log (JSON lines), and
    the five slowest requests."""
    pages: dict[str, list] = {}
    everything = []
    with open(log, "rb") as handle:
        handle.seek(offset)
        for raw in handle:
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            if entry.get("logger") != "trust_partnerships.requests":
                continue
            pages.setdefault(page_kind(entry["path"]), []).append((entry["duration_ms"], entry["status"]))
            everything.append((entry["duration_ms"], entry.get("time", ""), entry["path"]))
    return pages, sorted(everything, reverse=True)[:5]


# --- The report ----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value at or above the share of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def scenario_row(args, scenario: Scenario) -> str:
    w = scenario.wrk
    if not w:
        return f"| {scenario.users} | wrk gave no summary | | | | | | | |"
    seconds = w["duration_us"] / 1e6
    errors = w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["status_errors"] + w["timeouts"]
    detail = (
        f"connect {w['connect_errors']}, read {w['read_errors']}, write {w['write_errors']}, "
        f"non-2xx/3xx {w['status_errors']}, timeout {w['timeouts']}"
    )
    verdict = "met" if errors == 0 and w["p95_us"] / 1000 < P95_TARGET_MS else "MISSED"
    return (
        f"| {scenario.users} | {w['requests']:,} | {w['requests'] / seconds:.1f} | {w['p50_us'] / 1000:.0f} | "
        f"{w['p95_us'] / 1000:.0f} | {w['p99_us'] / 1000:.0f} | {w['max_us'] / 1000:.0f} | {errors} ({detail}) | "
        f"{verdict} |"
    )


def page_rows(scenario: Scenario) -> list[str]:
    rows = []
    for kind, _pattern in [*PAGE_KINDS, ("Other", None)]:
        entries = scenario.pages.get(kind, [])
        if not entries:
            continue
        durations = [duration for duration, _status in entries]
        bad = sum(1 for _duration, status in entries if status >= 400)
        rows.append(
            f"| {scenario.users} | {kind} | {len(entries):,} | {statistics.median(durations):.0f} | "
            f"{percentile(durations, 0.95):.0f} | {percentile(durations, 0.99):.0f} | {bad} |"
        )
    return rows


def readers_row(args, scenario: Scenario) -> str:
    row = scenario.locust
    if not row:
        return f"| {scenario.users} | locust gave no statistics | | | | | | | |"
    failures = int(row["Failure Count"])
    p95 = float(row["95%"])
    verdict = "met" if failures == 0 and p95 < P95_TARGET_MS else "MISSED"
    return (
        f"| {scenario.users} | {args.think_seconds:g} s | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} | "
        f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} | {failures} | {verdict} |"
    )


def write_report(
    args,
    scenarios: list[Scenario],
    readers: Scenario | None,
    renders: dict,
    prepared: dict,
    database: str,
    *,
    workers: int,
    seconds: float,
) -> Path:
    from bench.run_all import machine_lines

    render_seconds = renders["render_seconds"]
    everything = scenarios + ([readers] if readers else [])
    posted = [str(status) for scenario in everything for status in scenario.drafts_posted]
    lines = [
        "# Load test: gunicorn + db_worker on PostgreSQL, wrk on loopback",
        "",
        f"Run {datetime.datetime.now().isoformat(timespec='seconds')} with `bench/load_test.py` ({seconds:.0f} s in all). "
        f"Production settings; gunicorn {workers} sync workers × 1 thread; one db_worker (nice 10); dataset "
        f"{DATASET['schools']:,} schools, {DATASET['trusts']:,} trusts, {DATASET['partnerships']:,} partnerships "
        f"(with terms and history). Up to {args.most_users} signed-in users ({len(prepared['oversight'])} oversight, "
        f"{len(prepared['staff'])} trust staff, one session each) for {args.duration} s per run: a quarter each "
        "dashboard, partnership list (first page, page 2, filtered), task list and agreement page. Meanwhile trust "
        f"staff generated {args.renders} draft agreements per run through the web; the worker rendered them.",
        "",
        "wrk is a closed loop: each user sends the next request as soon as the last one answers, with no time "
        "spent reading, so N users keep N requests in flight. By Little's law the latency is then about N ÷ "
        "throughput: the queue in front of the 2 cores, not the time a page takes on its own (see the server-side "
        "table and bench/results/latest.md).",
        "",
        "## Throughput and latency (wrk, client side)",
        "",
        "| Users | Requests | Requests/s | p50 ms | p95 ms | p99 ms | max ms | Errors | Target: 0 errors, p95 < 500 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
        *[scenario_row(args, scenario) for scenario in scenarios],
        "",
        "## Users who read each page (locust, client side)",
        "",
        (
            f"{args.readers} locust users (FastHttpUser) walking the same mix, each pausing between "
            f"{args.think_seconds * 0.5:g} and {args.think_seconds * 1.5:g} s to read a page before asking for the next one; "
            "drafts generated through the web as above."
            if readers
            else "Not run (--readers 0)."
        ),
        "",
        "| Users | Reading time | Requests | Requests/s | p50 ms | p95 ms | p99 ms | max ms | Failures | Target: 0 errors, p95 < 500 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        *([readers_row(args, readers)] if readers else []),
        "",
        "## Server-side time per page (the production request log: inside Django, excluding gunicorn's queue)",
        "",
        "| Users | Page | Requests | median ms | p95 ms | p99 ms | 4xx/5xx |",
        "|---|---|---:|---:|---:|---:|---:|",
        *[row for scenario in scenarios for row in page_rows(scenario)],
        *(
            [row.replace(f"| {readers.users} |", f"| {readers.users} readers |", 1) for row in page_rows(readers)]
            if readers
            else []
        ),
        "",
        "Slowest requests (server-side): "
        + "; ".join(
            f"{scenario.users} {'readers' if scenario.locust else 'users'}: "
            + ", ".join(f"{path} {ms:.0f} ms at {when[11:19]}" for ms, when, path in scenario.slowest[:3])
            for scenario in everything
        ),
        "",
        "## Agreement renders (db_worker)",
        "",
        f"- Generate-draft POSTs answered: {', '.join(f'{s} × {posted.count(s)}' for s in sorted(set(posted))) or 'none'}",
        f"- Tasks enqueued {renders['enqueued']}: {', '.join(f'{k.lower()} {v}' for k, v in renders['by_status'].items()) or 'none'}",
        f"- Versions with their PDF: {renders['versions_rendered']} of {renders['versions']}",
        (
            f"- Render time per agreement: median {statistics.median(render_seconds):.1f} s, "
            f"max {max(render_seconds):.1f} s"
            if render_seconds
            else "- No render finished"
        ),
        "",
        "## Machine",
        "",
        *machine_lines(database),
        "",
        "## Load generator output",
        "",
        *[f"```\n{scenario.wrk_output.strip()}\n```\n" for scenario in everything],
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = RESULTS / "load.md"
    report.write_text("\n".join(lines))
    return report


if __name__ == "__main__":
    sys.exit(main())
