"""Stream a GIAS CSV download: pick the encoding, match the header by name, yield records.

GIAS publishes Windows-1252 files. A file that is valid UTF-8 throughout (for example one re-saved
from a spreadsheet) is read as UTF-8 instead; otherwise it is read as Windows-1252 and the five
bytes Windows-1252 leaves undefined become U+FFFD, so no byte can stop an import.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SNIFF_CHUNK = 1024 * 1024
FIELD_SIZE_LIMIT = 1024 * 1024

NOT_A_CSV = "{file} could not be read as a CSV file (line {line}: {error})."
EMPTY_FILE = "{file} is empty: it has no header row."
MISSING_COLUMN = (
    "{file} has no {column} column, so nothing was imported. "
    "Check that it is the GIAS {kind} download (the file name starts with {expected})."
)

WRONG_FILE = (
    "{file} has a “{column}” column, so it looks like {other}, not the GIAS {kind} download "
    "(the file name starts with {expected}). Nothing was imported."
)


class GiasFormatError(ValueError):
    """The file is not a usable GIAS download. Raised before anything is written."""


@dataclass(frozen=True)
class Column:
    """A column the importer reads: its published name, other spellings, and whether it must exist."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def label(self) -> str:
        """“Group Contact Street” (or “Group Street”): how error messages name the column."""
        others = " or ".join(f"“{alias}”" for alias in self.aliases)
        return f"“{self.name}” (or {others})" if others else f"“{self.name}”"


def normalise_header(text: str) -> str:
    """Header names compare without a byte-order mark, case or repeated spaces."""
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def detect_encoding(binary: BinaryIO) -> str:
    """'utf-8-sig' when the whole file is valid UTF-8, else 'cp1252'. Leaves the file at the start."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    binary.seek(0)
    try:
        while chunk := binary.read(SNIFF_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    binary.seek(0)
    return encoding


class GiasFile:
    """One GIAS download, opened from a path or from an uploaded (binary, seekable) file.

    Use as a context manager. The header is read and checked on entry, so a missing required
    column raises GiasFormatError before the caller writes anything.
    """

    def __init__(
        self, source, *, kind: str, expected: str, columns: tuple[Column, ...], not_this: dict[str, str] | None = None
    ):
        self.source = source
        self.kind = kind
        self.expected = expected
        self.columns = columns
        self.not_this = not_this or {}  # a column that means another download -> which one
        raw_name = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
        self.name = os.path.basename(str(raw_name)) if raw_name else "The uploaded file"
        self._binary: BinaryIO | None = None
        self._text: io.TextIOWrapper | None = None
        self._owns_file = isinstance(source, (str, os.PathLike))

    def __enter__(self) -> GiasFile:
        if self._owns_file:
            self._binary = open(Path(self.source), "rb")
        else:
            self._binary = getattr(self.source, "file", self.source)
        self.size = self._measure()
        self.encoding = detect_encoding(self._binary)
        self._text = io.TextIOWrapper(self._binary, encoding=self.encoding, errors="replace", newline="")
        csv.field_size_limit(FIELD_SIZE_LIMIT)
        self._reader = csv.reader(self._text)
        self.index = self._read_header()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._text is not None:
            self._text.detach()  # never close a file the caller handed us
        if self._owns_file and self._binary is not None:
            self._binary.close()

    @property
    def binary(self) -> BinaryIO:
        if self._binary is None:
            raise RuntimeError("Use the GiasFile as a context manager to open it")
        return self._binary

    def _measure(self) -> int:
        self.binary.seek(0, io.SEEK_END)
        size = self.binary.tell()
        self.binary.seek(0)
        return size

    @property
    def position(self) -> int:
        """Bytes read so far (approximate: the reader buffers ahead). For progress bars."""
        return self.binary.tell()

    def _read_header(self) -> dict[Column, int]:
        try:
            header = next(self._reader)
        except StopIteration:
            raise GiasFormatError(EMPTY_FILE.format(file=self.name)) from None
        except csv.Error as error:
            raise GiasFormatError(NOT_A_CSV.format(file=self.name, line=1, error=error)) from error
        self.width = len(header)
        self.header = header
        positions: dict[str, int] = {}
        for position, text in enumerate(header):
            positions.setdefault(normalise_header(text), position)
        for other_column, other in self.not_this.items():
            if normalise_header(other_column) in positions:
                raise GiasFormatError(
                    WRONG_FILE.format(
                        file=self.name, column=other_column, other=other, kind=self.kind, expected=self.expected
                    )
                )
        index: dict[Column, int] = {}
        for column in self.columns:
            found = [positions[normalise_header(s)] for s in column.spellings if normalise_header(s) in positions]
            if found:
                index[column] = found[0]
            elif column.required:
                raise GiasFormatError(
                    MISSING_COLUMN.format(file=self.name, column=column.label, kind=self.kind, expected=self.expected)
                )
        return index

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, values) for every non-blank record after the header."""
        reader = self._reader
        try:
            for values in reader:
                if values:
                    yield reader.line_num, values
        except csv.Error as error:
            raise GiasFormatError(NOT_A_CSV.format(file=self.name, line=reader.line_num, error=error)) from error
