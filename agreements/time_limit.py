"""A wall-clock limit on rendering one agreement, so one partnership cannot hold a worker for a minute.

Uses SIGALRM, which only the main thread of a process receives: that is where `db_worker` and
gunicorn's sync workers run tasks. Elsewhere (a threaded development server) the render runs
without a limit rather than not at all.
"""

import signal
import threading
from contextlib import contextmanager

RENDER_TOO_SLOW = "Rendering took longer than {seconds} seconds and was stopped."


class RenderTimedOut(Exception):
    """The render ran past its time limit and was stopped."""


@contextmanager
def time_limit(seconds: float):
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise RenderTimedOut(RENDER_TOO_SLOW.format(seconds=f"{seconds:g}"))

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
