"""Import runs: the file's date (older files refused unless forced), one import at a time, who
history names, and Ofsted's monthly management information."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, GiasFormatError, ImportBusy, import_gias
from schools.gias.samples.make_samples import read_csv, write_csv
from schools.models import GiasImport, School
from tests.accounts.factories import OversightFactory

pytestmark = pytest.mark.django_db

NEWER = "edubasealldata20261201.csv"


def renamed(tmp_path, source, name, edit=None):
    header, records = read_csv(source)
    if edit:
        records = [edit(record) or record for record in records]
    return write_csv(tmp_path / name, header, records)


# ---- file dates ----------------------------------------------------------------------------


def test_an_older_file_is_refused_naming_both_dates(tmp_path):
    import_gias(renamed(tmp_path, SAMPLE_ESTABLISHMENTS, NEWER))
    before = School.history.count()

    with pytest.raises(GiasFormatError) as refused:
        import_gias(SAMPLE_ESTABLISHMENTS)

    assert str(refused.value) == (
        "edubasealldata20261101.csv is dated 1 November 2026, older than the establishments file imported last "
        "(1 December 2026, edubasealldata20261201.csv). Nothing was imported. To import it anyway, use --force "
        "(in the admin, tick “Import even if older”)."
    )
    assert School.history.count() == before


def test_force_imports_an_older_file(tmp_path):
    import_gias(renamed(tmp_path, SAMPLE_ESTABLISHMENTS, NEWER))
    out = io.StringIO()

    call_command("import_gias", establishments=SAMPLE_ESTABLISHMENTS, force=True, stdout=out)

    assert "GIAS import 2026-11-01" in out.getvalue()


def test_the_command_refuses_an_older_file_with_the_message(tmp_path):
    import_gias(renamed(tmp_path, SAMPLE_ESTABLISHMENTS, NEWER))

    with pytest.raises(CommandError, match="older than the establishments file imported last"):
        call_command("import_gias", establishments=SAMPLE_ESTABLISHMENTS, stdout=io.StringIO())


def test_without_a_date_in_its_name_a_file_is_dated_by_its_newest_last_changed_date(tmp_path):
    def changed_in_january(record):
        record["LastChangedDate"] = "15-01-2027" if record["URN"] == "140001" else record["LastChangedDate"]

    import_gias(renamed(tmp_path, SAMPLE_ESTABLISHMENTS, "extract.csv", changed_in_january))

    assert GiasImport.objects.imported().get().file_dates == {"establishments": "2027-01-15"}
    with pytest.raises(
        GiasFormatError, match="dated 1 November 2026, older than the establishments file imported last"
    ):
        import_gias(SAMPLE_ESTABLISHMENTS)


def test_each_kind_of_file_is_dated_on_its_own(tmp_path):
    import_gias(renamed(tmp_path, SAMPLE_ESTABLISHMENTS, NEWER))

    summary = import_gias(groups=SAMPLE_GROUPS)  # an older groups file than the schools: a different kind

    assert summary.trusts.created == 6


# ---- one at a time, and who did it -------------------------------------------------------


def test_a_second_import_while_one_runs_is_refused_and_writes_nothing():
    someone = OversightFactory(first_name="Helen", last_name="Wright")
    GiasImport.objects.create(requested_by=someone, status=GiasImport.Status.IMPORTING)

    with pytest.raises(ImportBusy, match="Another GIAS import is running .* by Helen Wright"):
        import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert not School.objects.exists()


def test_a_failed_import_releases_the_lock_and_records_why(tmp_path):
    bad = renamed(tmp_path, SAMPLE_ESTABLISHMENTS, NEWER)
    import_gias(bad)

    with pytest.raises(GiasFormatError):
        import_gias(SAMPLE_ESTABLISHMENTS)  # older: refused before the lock
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    summary = import_gias(write_csv(tmp_path / "edubasealldata20261202.csv", header, records))

    assert summary.schools.unchanged == 35
    assert not GiasImport.objects.running().exists()


def test_history_names_the_person_who_imported():
    person = OversightFactory(first_name="Sam", last_name="Patel")

    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, user=person)

    assert set(School.history.values_list("history_user__username", flat=True)) == {person.username}
    record = GiasImport.objects.get()
    assert (record.requested_by, record.status) == (person, GiasImport.Status.IMPORTED)
    assert record.file_names == {"groups": "allgroupsdata20261101.csv", "establishments": "edubasealldata20261101.csv"}


def test_a_dry_run_writes_nothing_and_says_what_would_change(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    one_row = write_csv(tmp_path / NEWER, header, records[:1])
    before = School.history.count()

    summary = import_gias(one_row, dry_run=True)

    assert summary.schools.closed == 29  # every open school but the one listed
    assert "close 29" in summary.headline
    assert School.history.count() == before
    assert School.objects.filter(status=School.Status.CLOSED).count() == 5
    assert GiasImport.objects.count() == 1  # the dry run is not an import


# ---- Ofsted management information --------------------------------------------------------

MI_HEADER = [
    "Web link",
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "Inspection number",
    "Inspection type",
    "Inspection start date",
    "Publication date",
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and wellbeing",
    "Early years (where applicable)",
    "Leadership and governance",
    "Safeguarding standards",
    "Latest OEIF overall effectiveness",
    "Inspection start date of latest OEIF graded inspection",
    "Date of latest ungraded inspection",
    "Ungraded inspection overall outcome",
]


def mi_file(
    tmp_path,
    rows,
    *,
    encoding="cp1252",
    name="Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Jan_2027.csv",
):
    return write_csv(tmp_path / name, MI_HEADER, rows, encoding=encoding)


REPORT_CARD = {
    "URN": "140001",
    "School name": "Fierté Primary Academy",
    "Inspection type": "Report card inspection",
    "Inspection start date": "14/01/2027",
    "Inclusion": "Strong standard",
    "Curriculum and teaching": "Expected standard",
    "Achievement": "Expected standard",
    "Attendance and behaviour": "Strong standard",
    "Personal development and wellbeing": "Expected standard",
    "Early years (where applicable)": "NULL",
    "Leadership and governance": "Expected standard",
    "Safeguarding standards": "Met",
    "Latest OEIF overall effectiveness": "2",
    "Inspection start date of latest OEIF graded inspection": "14/03/2019",
    "Date of latest ungraded inspection": "NULL",
}


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_ofsted_management_information_sets_the_latest_inspection_and_the_previous_grade(tmp_path, encoding):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    ungraded = {
        "URN": "131001",
        "School name": "Brontë’s Primary",
        "Latest OEIF overall effectiveness": "Not judged",
        "Inspection start date of latest OEIF graded inspection": "02/10/2024",
        "Date of latest ungraded inspection": "05/06/2025",
        "Ungraded inspection overall outcome": "Standards maintained",
    }
    unknown = {"URN": "999999", "School name": "Not Held Here"}

    summary = import_gias(ofsted=mi_file(tmp_path, [REPORT_CARD, ungraded, unknown], encoding=encoding))

    school = School.objects.get(urn="140001")
    assert (school.ofsted_last_inspection, school.ofsted_last_inspection_type) == (
        datetime.date(2027, 1, 14),
        "Report card inspection",
    )
    assert school.ofsted_report_card["Inclusion"] == "Strong standard"
    assert school.ofsted_report_card["Safeguarding"] == "Met"
    assert "Early years" not in school.ofsted_report_card
    assert (school.previous_ofsted_grade, school.previous_ofsted_grade_on) == ("Good", datetime.date(2019, 3, 14))
    other = School.objects.get(urn="131001")
    assert (other.ofsted_last_inspection, other.ofsted_last_inspection_type) == (
        datetime.date(2025, 6, 5),
        "Ungraded inspection",
    )
    assert other.previous_ofsted_grade == ""  # graded after September 2024: no single-word grade
    assert summary.ofsted.not_stored == 1 and summary.ofsted.updated == 2


def test_ofsted_files_are_dated_by_their_as_at_date(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    import_gias(ofsted=mi_file(tmp_path, [REPORT_CARD]))

    assert GiasImport.objects.imported().first().file_dates == {"ofsted": "2027-01-31"}
    older = mi_file(tmp_path, [REPORT_CARD], name="Management_information_-_latest_inspections_as_at_31_Dec_2026.csv")
    with pytest.raises(GiasFormatError, match="older than the Ofsted management information file imported last"):
        import_gias(ofsted=older)
