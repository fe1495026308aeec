"""Reading GIAS downloads: encodings, dates, header matching, missing columns."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, GiasFormatError, import_gias
from schools.gias.parsing import BadValue, parse_date
from schools.gias.progress import ProgressBar
from schools.gias.samples.make_samples import read_csv, write_csv
from schools.models import School, Trust

pytestmark = pytest.mark.django_db


def rewrite(source, target, *, header=None, edit=None, encoding="cp1252"):
    """Copy a sample file, optionally with another column order/set and edited records."""
    original_header, records = read_csv(source)
    if edit:
        records = [edit(dict(record)) or record for record in records]
    return write_csv(target, header or original_header, records, encoding=encoding)


def stored_schools():
    return {
        school.urn: (
            school.name,
            school.status,
            school.opened_on,
            school.closed_on,
            school.trust_id,
            school.laestab,
            school.diocese,
            school.pupils_on_roll,
            school.region,
            school.postcode,
        )
        for school in School.objects.all()
    }


# ---- encoding --------------------------------------------------------------------------------


def test_windows_1252_names_are_stored_with_their_accents_and_curly_apostrophes():
    assert b"FIERT\xc9 MULTI-ACADEMY TRUST" in SAMPLE_GROUPS.read_bytes()  # the sample really is cp1252

    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert Trust.objects.get(group_uid="16001").name == "FIERTÉ MULTI-ACADEMY TRUST"
    assert Trust.objects.get(group_uid="16002").name == "St Aidan’s Catholic Academy Trust"
    assert School.objects.get(urn="140011").name == "St Mary’s Catholic Primary School"
    assert School.objects.get(urn="140021").name == "Brontë Primary Academy"
    assert summary.schools.encoding_name == "Windows-1252"


def test_a_file_resaved_as_utf8_reads_the_same(tmp_path):
    utf8_groups = rewrite(SAMPLE_GROUPS, tmp_path / "allgroupsdata20261101.csv", encoding="utf-8-sig")

    summary = import_gias(groups=utf8_groups)

    assert Trust.objects.get(group_uid="16001").name == "FIERTÉ MULTI-ACADEMY TRUST"
    assert summary.trusts.encoding_name == "UTF-8"


def test_a_byte_windows_1252_does_not_define_is_replaced_not_fatal(tmp_path):
    raw = SAMPLE_GROUPS.read_bytes().replace(b"Seaview Academy Trust", b"Seaview \x81cademy Trust")
    broken = tmp_path / "allgroupsdata20261101.csv"
    broken.write_bytes(raw)

    summary = import_gias(groups=broken)

    assert Trust.objects.get(group_uid="16008").name == "Seaview \ufffdcademy Trust"
    assert summary.trusts.created == 6 and not summary.trusts.skipped


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-09-2017", datetime.date(2017, 9, 1)),
        ("29-02-2024", datetime.date(2024, 2, 29)),
        ("01/09/2017", datetime.date(2017, 9, 1)),
        ("", None),
    ],
)
def test_dates_are_read_day_first(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2020", "29-02-2023", "00-01-2020", "2017-09-01", "1-9-17", "next year"])
def test_impossible_or_misformatted_dates_are_refused(text):
    with pytest.raises(BadValue):
        parse_date(text)


def test_dates_from_the_sample_are_stored_as_published():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    closed = School.objects.get(urn="120001")
    assert (closed.opened_on, closed.closed_on) == (datetime.date(1974, 9, 1), datetime.date(2019, 8, 31))
    assert School.objects.get(urn="140001").gias_last_changed_on == datetime.date(2026, 10, 28)
    assert School.objects.get(urn="120004").opened_on is None  # empty means unknown
    trust = Trust.objects.get(group_uid="16005")
    assert (trust.opened_on, trust.closed_on, trust.status) == (
        datetime.date(2013, 1, 1),
        datetime.date(2023, 8, 31),
        Trust.Status.CLOSED,
    )


# ---- header matching -------------------------------------------------------------------------


def test_columns_are_matched_by_name_whatever_their_order_and_extra_columns(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    expected = stored_schools()
    School.objects.all().delete()
    Trust.objects.all().delete()

    header, _ = read_csv(SAMPLE_ESTABLISHMENTS)
    shuffled = ["A Column Added In 2027", *reversed(header), "Another (code)"]
    groups_header, _ = read_csv(SAMPLE_GROUPS)
    establishments = rewrite(SAMPLE_ESTABLISHMENTS, tmp_path / "edubasealldata20261101.csv", header=shuffled)
    groups = rewrite(SAMPLE_GROUPS, tmp_path / "allgroupsdata20261101.csv", header=[*reversed(groups_header), "Extra"])
    summary = import_gias(establishments, groups)

    assert not summary.schools.skipped
    got = stored_schools()
    # trust ids differ between the two imports; compare the trust each school belongs to by position
    assert {urn: values[:4] + values[5:] for urn, values in got.items()} == {
        urn: values[:4] + values[5:] for urn, values in expected.items()
    }
    assert School.objects.get(urn="140011").trust.group_uid == "16002"


def test_group_address_columns_may_use_the_shorter_spellings(tmp_path):
    header, _ = read_csv(SAMPLE_GROUPS)
    renamed = {
        "Group Contact Street": "Group Street",
        "Group Contact Town": "Group Town",
        "Group Contact Postcode": "Group Postcode",
    }

    def rename(record):
        for old, new in renamed.items():
            record[new] = record.pop(old)
        return record

    groups = rewrite(
        SAMPLE_GROUPS,
        tmp_path / "allgroupsdata20261101.csv",
        header=[renamed.get(column, column) for column in header],
        edit=rename,
    )
    import_gias(groups=groups)

    trust = Trust.objects.get(group_uid="16001")
    assert (trust.street, trust.town, trust.postcode) == ("Fierté House, 12 Park Row", "Leeds", "LS1 5HD")


def test_header_names_match_without_regard_to_case_or_spacing(tmp_path):
    header, records = read_csv(SAMPLE_GROUPS)
    messy = [f"  {column.upper()} " if column == "Group Name" else column for column in header]
    groups = write_csv(
        tmp_path / "allgroupsdata20261101.csv", messy, [dict(zip(messy, record.values())) for record in records]
    )

    import_gias(groups=groups)

    assert Trust.objects.get(group_uid="16001").name == "FIERTÉ MULTI-ACADEMY TRUST"


# ---- missing required column ---------------------------------------------------------------


def test_a_missing_required_column_is_named_and_nothing_is_written(tmp_path):
    header, _ = read_csv(SAMPLE_ESTABLISHMENTS)
    establishments = rewrite(
        SAMPLE_ESTABLISHMENTS,
        tmp_path / "edubasealldata20261101.csv",
        header=[column for column in header if column != "EstablishmentName"],
    )

    with pytest.raises(GiasFormatError) as error:
        import_gias(establishments, SAMPLE_GROUPS)  # the groups file is fine, but goes in only with the schools

    assert "“EstablishmentName”" in str(error.value)
    assert "edubasealldata20261101.csv" in str(error.value)
    assert School.objects.count() == 0
    assert Trust.objects.count() == 0
    assert School.history.count() == 0 and Trust.history.count() == 0


def test_a_missing_group_column_names_both_spellings(tmp_path):
    header, _ = read_csv(SAMPLE_GROUPS)
    groups = rewrite(
        SAMPLE_GROUPS,
        tmp_path / "allgroupsdata20261101.csv",
        header=[column for column in header if column != "Group UID"],
    )

    with pytest.raises(GiasFormatError, match="has no “Group UID” column"):
        import_gias(groups=groups)


def test_the_command_reports_a_missing_column_as_an_error(tmp_path):
    header, _ = read_csv(SAMPLE_ESTABLISHMENTS)
    establishments = rewrite(
        SAMPLE_ESTABLISHMENTS,
        tmp_path / "edubasealldata20261101.csv",
        header=[column for column in header if column != "URN"],
    )

    with pytest.raises(CommandError, match="has no “URN” column, so nothing was imported"):
        call_command("import_gias", establishments=establishments, stdout=io.StringIO())
    assert School.objects.count() == 0


def test_an_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "edubasealldata20261101.csv"
    empty.write_bytes(b"")

    with pytest.raises(GiasFormatError, match="is empty"):
        import_gias(empty)


# ---- progress --------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_is_drawn_on_a_terminal_only():
    terminal, pipe = FakeTerminal(), io.StringIO()

    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, stdout=terminal)
    ProgressBar(pipe, "Schools", 100).finish(35)

    assert "\rSchools  [##############################] 100%  35 rows\n" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_a_spreadsheet_renamed_to_csv_is_a_clear_error_not_a_crash(tmp_path):
    fake = tmp_path / "edubasealldata20261101.csv"
    fake.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe\x81\x8d" * 50)

    with pytest.raises(GiasFormatError, match="has no “URN” column"):
        import_gias(fake)


def test_nul_characters_are_dropped_and_oversized_numbers_are_left_out_with_a_warning(tmp_path):
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    records[0]["EstablishmentName"] = "Fierté\x00 Primary Academy"
    records[1]["NumberOfPupils"] = "99999999999"
    summary = import_gias(write_csv(tmp_path / "edubasealldata20261101.csv", header, records))

    assert School.objects.get(urn=records[0]["URN"]).name == "Fierté Primary Academy"
    assert [str(warning) for warning in summary.schools.warnings] == [
        "Line 3, column 40 “NumberOfPupils”: “99999999999” is too large; imported without it"
    ]
    assert School.objects.get(urn=records[1]["URN"]).pupils_on_roll is None
