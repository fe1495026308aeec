"""What an import did, in numbers a person can check: the command prints it, the admin shows it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

ENCODING_NAMES = {"cp1252": "Windows-1252", "utf-8-sig": "UTF-8"}
SHOWN_SKIPPED_ROWS = 100


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class FileSummary:
    """The outcome for one file. Every record counts once: created, updated, unchanged, closed
    (it was open and is now closed), skipped, or (groups only) not an academy trust."""

    label: str
    file_name: str
    encoding: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    closed_missing: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # parsing.RowWarning: values left out of imported rows
    layout: str = ""
    not_updated: list[str] = field(default_factory=list)  # fields the file has no column for
    notes: list[str] = field(default_factory=list)
    not_trusts: Counter = field(default_factory=Counter)
    without_trust: int = 0
    seconds: float = 0.0

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(SkippedRow(line, reason))

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)

    @property
    def not_trusts_total(self) -> int:
        return sum(self.not_trusts.values())

    @property
    def not_trusts_text(self) -> str:
        return ", ".join(f"{label}: {count}" for label, count in sorted(self.not_trusts.items()))

    @property
    def without_trust_text(self) -> str:
        if self.without_trust == 1:
            return "1 school names a trust that is not stored (not an academy trust): it is kept without a trust"
        return (
            f"{self.without_trust:,} schools name a trust that is not stored (not an academy trust): "
            "they are kept without a trust"
        )

    @property
    def shown_skipped(self) -> list[SkippedRow]:
        return self.skipped[:SHOWN_SKIPPED_ROWS]

    @property
    def hidden_skipped(self) -> int:
        return max(0, len(self.skipped) - SHOWN_SKIPPED_ROWS)

    @property
    def shown_warnings(self) -> list:
        return self.warnings[:SHOWN_SKIPPED_ROWS]

    @property
    def hidden_warnings(self) -> int:
        return max(0, len(self.warnings) - SHOWN_SKIPPED_ROWS)

    @property
    def not_updated_text(self) -> str:
        return ", ".join(self.not_updated)

    def lines(self) -> list[str]:
        closed = f"closed {self.closed}"
        if self.closed_missing:
            closed += f" ({self.closed_missing} no longer in the file)"
        layout = f", {self.layout}" if self.layout else ""
        lines = [
            f"{self.label} from {self.file_name} ({self.encoding_name}{layout}): {self.rows:,} rows in "
            f"{self.seconds:.1f} s",
            f"  created {self.created:,}, updated {self.updated:,}, unchanged {self.unchanged:,}, {closed}, "
            f"skipped {len(self.skipped):,}, warnings {len(self.warnings):,}",
        ]
        if self.not_updated:
            lines.append(f"  not in this file, so left as stored: {self.not_updated_text}")
        lines.extend(f"  {note}" for note in self.notes)
        if self.not_trusts:
            lines.append(f"  not academy trusts, skipped: {self.not_trusts_total:,} ({self.not_trusts_text})")
        if self.without_trust:
            lines.append(f"  {self.without_trust_text}")
        lines.extend(f"  {row}" for row in self.shown_skipped)
        if self.hidden_skipped:
            lines.append(f"  … and {self.hidden_skipped:,} more skipped rows")
        lines.extend(f"  Warning: {warning}" for warning in self.shown_warnings)
        if self.hidden_warnings:
            lines.append(f"  … and {self.hidden_warnings:,} more warnings")
        return lines


@dataclass
class ImportSummary:
    """Both files' outcomes, the change reason written on history rows, and the time taken."""

    change_reason: str
    trusts: FileSummary | None = None
    schools: FileSummary | None = None
    seconds: float = 0.0

    @property
    def files(self) -> list[FileSummary]:
        return [summary for summary in (self.trusts, self.schools) if summary is not None]

    def lines(self) -> list[str]:
        lines = [f"{self.change_reason}"]
        for summary in self.files:
            lines.extend(summary.lines())
        lines.append(f"Finished in {self.seconds:.1f} s.")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())
