"""Generated files thrown at the GIAS importer (schools.gias.import_gias).

Starting from the shipped sample downloads, hypothesis replaces cells with random Unicode,
control characters, NUL, huge values, impossible dates and numbers; drops, repeats and reorders
columns; re-encodes the file; and corrupts or cuts its bytes. The only acceptable outcomes:

* the import finishes, skipping the rows it cannot store (each with its line and a reason), and
  everything it stored is storable: 6-digit URNs, no NUL, and history by the import user; or
* GiasFormatError with a message naming the file, and not one row written (the whole import is
  one transaction, so a file that fails part-way leaves the database as it was).

Never another exception. Example counts come from the hypothesis profile in tests/conftest.py.
"""

import csv
import io
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, GiasFormatError, import_gias
from schools.gias.run import SYSTEM_USERNAME
from schools.models import School, Trust
from tests.access_world import table_state

pytestmark = pytest.mark.django_db
# Each example runs in its own savepoint (attempt() rolls it back), so sharing the test's database
# transaction between examples is safe.
local = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

URN = re.compile(r"[0-9]{6}", re.ASCII)


def read_sample(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


SCHOOL_HEADER, SCHOOL_ROWS = read_sample(SAMPLE_ESTABLISHMENTS)
GROUP_HEADER, GROUP_ROWS = read_sample(SAMPLE_GROUPS)
KEY_COLUMNS = {
    "URN",
    "EstablishmentName",
    "OpenDate",
    "CloseDate",
    "EstablishmentStatus (name)",
    "NumberOfPupils",
    "SchoolCapacity",
    "UKPRN",
    "LA (code)",
    "Trusts (code)",
    "Postcode",
    "Group UID",
    "Group ID",
    "Group Name",
    "Group Type",
    "Group Status",
    "Incorporated on (open date)",
    "Closed Date",
    "Companies House Number",
}

# --- What to throw ----------------------------------------------------------------------------------

JUNK_CELLS = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(alphabet=st.sampled_from("\x00\x01\x1b\x7f\x85\u202e\ufeff\ufffd\r\n\"',;"), min_size=1, max_size=8),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "000000",
            "1000000",
            "12345",
            "1234567",
            "99999999999999999999",
            "²³",
            "１２３４５６",
            "31-02-2020",
            "00-00-0000",
            "01-13-2020",
            "1-1-0001",
            "31-12-9999",
            "2020-01-01",
            "01/09/2015",
            "Academy converter",
            "Closed",
            "Open",
            "Multi-academy trust",
            "TR0234",
            "TR02343X",
            "x" * 5000,
            "😀" * 300,
            "=cmd|' /C calc'!A0",
            "<script>",
            "NULL",
            "None",
        ]
    ),
    st.integers().map(str),
)


@st.composite
def mangled_rows(draw, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The sample with some cells replaced, favouring the columns the importer reads."""
    rows = [list(row) for row in rows[: draw(st.integers(1, len(rows)))]]
    key_positions = [index for index, name in enumerate(header) if name in KEY_COLUMNS]
    for _ in range(draw(st.integers(1, 12))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.one_of(st.sampled_from(key_positions), st.integers(0, len(header) - 1)))
        if column < len(rows[row]):
            rows[row][column] = draw(JUNK_CELLS)
    if draw(st.booleans()):  # a row too short or too long
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if draw(st.booleans()):
            del row[draw(st.integers(0, len(row))) :]
        else:
            row.extend(["extra"] * 3)
    if draw(st.booleans()):  # the same record twice
        rows.append(list(rows[0]))
    return header, rows


def to_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


ENCODINGS = st.sampled_from(["cp1252", "utf-8", "utf-8-sig", "utf-16", "latin-1"])


class Upload(io.BytesIO):
    """An uploaded file as the admin page hands it over: binary, seekable, with a name."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name = name


def schools_file(content: bytes) -> Upload:
    return Upload(content, "edubasealldata20261101.csv")


def groups_file(content: bytes) -> Upload:
    return Upload(content, "allgroupsdata20261101.csv")


# --- Running one import -------------------------------------------------------------------------------


def attempt(**files):
    """Import in a savepoint rolled back afterwards: the summary or the GiasFormatError, whether
    the tables changed, and a check of everything stored when it succeeded."""
    with transaction.atomic():
        before = table_state()
        try:
            summary = import_gias(**files)
        except GiasFormatError as error:
            assert table_state() == before, f"a refused file wrote rows: {error}"
            assert str(error), "the import error has no message"
            transaction.set_rollback(True)
            outcome("refused: GiasFormatError")
            return error
        assert_stored_rows_are_sound()
        transaction.set_rollback(True)
    assert_summary_is_sound(summary)
    outcome("imported, skipping rows" if any(part.skipped for part in summary.files) else "imported every row")
    return summary


def outcome(text: str) -> None:
    """Counted by `pytest --hypothesis-show-statistics`, to see the mix of outcomes."""
    if currently_in_test_context():
        event(text)


def assert_stored_rows_are_sound() -> None:
    for urn, name, town in School.objects.values_list("urn", "name", "town"):
        assert URN.fullmatch(urn), f"stored URN {urn!r}"
        assert "\x00" not in name + town
    for uid, name in Trust.objects.values_list("group_uid", "name"):
        assert uid.isascii() and uid.isdigit(), f"stored Group UID {uid!r}"
        assert "\x00" not in name
    for model in (School, Trust):
        actors = set(model.history.values_list("history_user__username", flat=True))
        assert actors <= {SYSTEM_USERNAME}, f"{model.__name__} history by {actors}"


def assert_summary_is_sound(summary) -> None:
    for part in summary.files:
        assert part.rows >= len(part.skipped)
        for skipped in part.skipped:
            assert skipped.line >= 2 and skipped.reason.strip(), f"skipped row without a line or reason: {skipped}"
        assert str(part)  # the summary can be printed


# --- Properties -----------------------------------------------------------------------------------------


@local
@given(mangled=mangled_rows(SCHOOL_HEADER, SCHOOL_ROWS), encoding=ENCODINGS)
@example(mangled=(SCHOOL_HEADER, [[*SCHOOL_ROWS[0][:1], "\x00" * 3, *SCHOOL_ROWS[0][2:]]]), encoding="utf-8")
def test_mangled_establishment_rows_import_or_are_skipped(mangled, encoding):
    attempt(establishments=schools_file(to_bytes(*mangled, encoding)))


@local
@given(mangled=mangled_rows(GROUP_HEADER, GROUP_ROWS), encoding=ENCODINGS)
def test_mangled_group_rows_import_or_are_skipped(mangled, encoding):
    attempt(groups=groups_file(to_bytes(*mangled, encoding)))


@local
@given(schools=mangled_rows(SCHOOL_HEADER, SCHOOL_ROWS), groups=mangled_rows(GROUP_HEADER, GROUP_ROWS))
def test_both_files_together(schools, groups):
    attempt(establishments=schools_file(to_bytes(*schools, "cp1252")), groups=groups_file(to_bytes(*groups, "cp1252")))


@pytest.mark.parametrize("kind", ["establishments", "groups"])
@local
@given(data=st.data())
def test_a_file_without_a_column_the_importer_needs_writes_nothing(kind, data):
    header, rows = (SCHOOL_HEADER, SCHOOL_ROWS) if kind == "establishments" else (GROUP_HEADER, GROUP_ROWS)
    dropped = data.draw(st.sampled_from([name for name in header if name in KEY_COLUMNS]))
    position = header.index(dropped)
    kept = [name for index, name in enumerate(header) if index != position]
    cut = [[value for index, value in enumerate(row) if index != position] for row in rows]
    upload = schools_file if kind == "establishments" else groups_file
    outcome = attempt(**{kind: upload(to_bytes(kept, cut, "cp1252"))})
    if isinstance(outcome, GiasFormatError):
        assert "nothing was imported" in str(outcome)


@local
@given(data=st.data())
def test_shuffled_repeated_and_renamed_columns(data):
    """Columns are found by name, wherever they are; a repeated name uses the first."""
    order = data.draw(st.permutations(range(len(SCHOOL_HEADER))))
    header = [SCHOOL_HEADER[index] for index in order]
    rows = [[row[index] if index < len(row) else "" for index in order] for row in SCHOOL_ROWS]
    if data.draw(st.booleans()):
        header = [name.upper() if data.draw(st.booleans()) else f"  {name} " for name in header]
    if data.draw(st.booleans()):
        copy = data.draw(st.integers(0, len(header) - 1))
        header.append(header[copy])
        rows = [[*row, data.draw(JUNK_CELLS)] for row in rows]
    attempt(establishments=schools_file(to_bytes(header, rows, "cp1252")))


@local
@given(data=st.data())
@example(data=None)
def test_corrupted_bytes_are_an_import_error_or_skipped_rows(data):
    """Random bytes in, out or instead of a real file: never an exception other than GiasFormatError."""
    content = to_bytes(SCHOOL_HEADER, SCHOOL_ROWS[:6], "cp1252")
    if data is None:  # a file cut off inside a quoted value
        content = content[: content.index(b"\r\n", 2000) - 5]
    else:
        mode = data.draw(st.sampled_from(["insert", "replace", "truncate", "random", "empty-ish"]))
        if mode == "insert":
            at = data.draw(st.integers(0, len(content)))
            content = content[:at] + data.draw(st.binary(min_size=1, max_size=200)) + content[at:]
        elif mode == "replace":
            at = data.draw(st.integers(0, len(content) - 1))
            content = content[:at] + data.draw(st.binary(min_size=1, max_size=50)) + content[at + 50 :]
        elif mode == "truncate":
            content = content[: data.draw(st.integers(0, len(content)))]
        elif mode == "random":
            content = data.draw(st.binary(max_size=3000))
        else:
            content = data.draw(st.sampled_from([b"", b"\r\n", b"\xef\xbb\xbf", b'"', b"\x00" * 100, b"URN\r\n"]))
    attempt(establishments=schools_file(content))


def test_a_cell_over_the_field_size_limit_is_an_import_error_and_writes_nothing():
    rows = [list(row) for row in SCHOOL_ROWS[:3]]
    rows[2][SCHOOL_HEADER.index("EstablishmentName")] = "x" * (1024 * 1024 + 10)
    outcome = attempt(establishments=schools_file(to_bytes(SCHOOL_HEADER, rows, "cp1252")))
    assert isinstance(outcome, GiasFormatError)
    assert "could not be read as a CSV file" in str(outcome)


def test_nul_in_a_school_name_is_dropped_not_stored():
    rows = [list(row) for row in SCHOOL_ROWS[:1]]
    name_at = SCHOOL_HEADER.index("EstablishmentName")
    rows[0][name_at] = "Oak\x00 Primary"
    summary = import_gias(establishments=schools_file(to_bytes(SCHOOL_HEADER, rows, "utf-8")))
    assert summary.schools.created == 1
    assert School.objects.get(urn=rows[0][SCHOOL_HEADER.index("URN")]).name == "Oak Primary"
