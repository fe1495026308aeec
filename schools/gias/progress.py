"""A plain-text progress bar for long imports, drawn only when the output is a terminal."""

from __future__ import annotations

import time

BAR_WIDTH = 30
REDRAW_SECONDS = 0.2


def is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class ProgressBar:
    """`Schools  [#######.......]  45%  22,500 rows`, redrawn in place at most five times a second."""

    def __init__(self, stream, label: str, total_bytes: int):
        self.stream = stream if is_terminal(stream) else None
        self.label = label
        self.total = max(total_bytes, 1)
        self.last_drawn = 0.0

    def update(self, done_bytes: int, rows: int) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self.last_drawn >= REDRAW_SECONDS:
            self.last_drawn = now
            self._draw(min(done_bytes / self.total, 1.0), rows)

    def finish(self, rows: int) -> None:
        if self.stream is not None:
            self._draw(1.0, rows)
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, fraction: float, rows: int) -> None:
        if self.stream is None:
            return
        filled = int(fraction * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label:<8} [{bar}] {fraction:4.0%}  {rows:,} rows")
        self.stream.flush()
