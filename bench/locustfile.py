"""Locust users for bench/load_test.py: signed-in people who read each page before the next one.

    locust -f bench/locustfile.py --headless -u 50 -r 50 -t 60s --host http://127.0.0.1:PORT

TP_LOAD_REQUESTS names the request list load_test.py writes (one "<session cookie>\t<path>" per
line, the same mix wrk walks); TP_LOAD_THINK_SECONDS is the mean reading time (default 5 s; each
pause is drawn between half and one and a half times it). Every request carries
X-Forwarded-Proto: https, as the TLS proxy in front of gunicorn would.
"""

import itertools
import os
import re

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

THINK = float(os.environ.get("TP_LOAD_THINK_SECONDS", "5"))
KINDS = [
    ("Oversight dashboard", re.compile(r"^/oversight/$")),
    ("Partnership list", re.compile(r"^/oversight/partnerships/$")),
    ("Task list", re.compile(r"^/partnerships/\d+/$")),
    ("Agreement page", re.compile(r"^/partnerships/\d+/agreement/$")),
]


def _read_requests() -> list[tuple[str, str, str]]:
    requests = []
    with open(os.environ["TP_LOAD_REQUESTS"]) as handle:
        for line in handle:
            cookie, path = line.rstrip("\n").split("\t", 1)
            bare = path.split("?", 1)[0]
            kind = next((name for name, pattern in KINDS if pattern.match(bare)), "Other")
            requests.append((cookie, path, kind))
    return requests


REQUESTS = _read_requests()
_user_numbers = itertools.count()


class SignedInUser(FastHttpUser):
    """Walks the request list from its own starting point, pausing to read after each page."""

    wait_time = between(THINK * 0.5, THINK * 1.5)

    def on_start(self):
        self.position = (next(_user_numbers) * 7) % len(REQUESTS)

    @task
    def next_page(self):
        cookie, path, kind = REQUESTS[self.position]
        self.position = (self.position + 1) % len(REQUESTS)
        self.client.get(path, name=kind, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"})
