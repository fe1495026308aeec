"""Each real GIAS establishments layout, built from the published header rows: today's 135 columns,
the older 139 (with RSC region and Ofsted columns), and a custom extract with a subset."""

import datetime
import io

import pytest
from django.core.management import call_command

from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, import_gias
from schools.gias.headers import ESTABLISHMENT_HEADERS_2024_05, ESTABLISHMENT_HEADERS_CURRENT
from schools.gias.samples.make_samples import SCHOOLS, establishment_record, read_csv, write_csv
from schools.models import School

pytestmark = pytest.mark.django_db

# The columns of a custom extract like the one the DfE's Complete service imports (a subset, no type group).
CUSTOM_EXTRACT = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "ReligiousCharacter (name)",
    "Diocese (name)",
    "SchoolCapacity",
    "Trusts (code)",
    "Trusts (name)",
    "UKPRN",
    "Street",
    "Town",
    "Postcode",
    "HeadFirstName",
    "HeadLastName",
    "GOR (name)",
    "DistrictAdministrative (name)",
    "ParliamentaryConstituency (name)",
    "Easting",
    "Northing",
    "LastChangedDate",
    "TelephoneNum",
    "SchoolWebsite",
]


def test_the_published_headers_are_the_ones_in_the_project():
    def published(name):
        return tuple(read_csv(f"/work/shared/gias/{name}")[0])

    # Copies of /work/shared/gias, so the tests run where that folder does not exist.
    assert len(ESTABLISHMENT_HEADERS_CURRENT) == 135 and len(ESTABLISHMENT_HEADERS_2024_05) == 139
    try:
        assert published("edubasealldata-header-current.csv") == ESTABLISHMENT_HEADERS_CURRENT
        assert published("edubasealldata-header-2024-05.csv") == ESTABLISHMENT_HEADERS_2024_05
    except FileNotFoundError:
        pytest.skip("the shared header files are not on this machine")


def test_the_current_135_column_layout_fills_region_from_gor_and_names_what_it_did_not_update():
    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert summary.schools.layout == "the current 135-column layout"
    assert "Windows-1252, the current 135-column layout" in str(summary)
    assert summary.schools.not_updated == ["previous Ofsted grade", "latest Ofsted inspection date"]
    assert "not in this file, so left as stored: previous Ofsted grade, latest Ofsted inspection date" in str(summary)
    regions = set(School.objects.values_list("region", flat=True))
    assert regions <= {"North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
                       "East of England", "London", "South East", "South West"}  # fmt: skip
    assert School.objects.get(urn="131013").region == "West Midlands"


def test_the_older_139_column_layout_keeps_gor_regions_and_ofsted_only_as_the_previous_grade(tmp_path):
    older = write_csv(
        tmp_path / "edubasealldata20240501.csv",
        ESTABLISHMENT_HEADERS_2024_05,
        [establishment_record(school) for school in SCHOOLS],
    )

    summary = import_gias(older, SAMPLE_GROUPS)

    assert summary.schools.layout == "the older 139-column layout (to May 2024)"
    assert summary.schools.created == 35 and not summary.schools.warnings
    westminster = School.objects.get(urn="131006")
    assert westminster.region == "London"  # not its RSC region, "North-West London and South-Central England"
    assert not School.objects.filter(region__contains="North-West London").exists()
    graded = School.objects.get(urn="140001")
    assert (graded.previous_ofsted_grade, graded.previous_ofsted_grade_on, graded.ofsted_last_inspection) == (
        "Good",
        datetime.date(2024, 3, 14),
        datetime.date(2024, 3, 14),
    )
    assert School.objects.get(urn="140003").previous_ofsted_grade == ""  # never inspected


def test_a_grade_with_an_inspection_after_august_2024_is_not_dated_as_that_inspection(tmp_path):
    school = SCHOOLS[0] | {"inspected": "02-10-2024", "rating": "Good"}
    older = write_csv(
        tmp_path / "edubasealldata20241101.csv", ESTABLISHMENT_HEADERS_2024_05, [establishment_record(school)]
    )

    import_gias(older, close_missing=False)

    stored = School.objects.get(urn=school["urn"])
    assert (stored.previous_ofsted_grade, stored.previous_ofsted_grade_on) == ("Good", None)
    assert stored.ofsted_last_inspection == datetime.date(2024, 10, 2)


def test_a_custom_extract_updates_its_columns_only_and_closes_nothing(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    School.objects.filter(urn="140001").update(pupils_on_roll=999)
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    records = [record | {"Town": "Leeds City"} for record in records[:5]]
    extract = write_csv(tmp_path / "extract.csv", CUSTOM_EXTRACT, records)

    summary = import_gias(extract)

    assert summary.schools.layout == "a custom extract of 31 columns"
    assert "establishment type group" in summary.schools.not_updated and "pupils on roll" in summary.schools.not_updated
    assert (summary.schools.updated, summary.schools.closed) == (5, 0)
    school = School.objects.get(urn="140001")
    assert (school.town, school.pupils_on_roll, school.establishment_type_group) == ("Leeds City", 999, "Academies")
    assert School.objects.filter(status=School.Status.CLOSED).count() == 5  # the five the sample closes itself
    assert "A custom extract does not list every school, so no school was closed for missing." in str(summary)


def test_a_custom_extract_of_only_urn_and_name_renames_and_creates_nothing_it_cannot(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    extract = write_csv(
        tmp_path / "names.csv",
        ["URN", "EstablishmentName"],
        [
            {"URN": "140001", "EstablishmentName": "Fierté Primary Academy (renamed)"},
            {"URN": "199999", "EstablishmentName": "New"},
        ],
    )

    summary = import_gias(extract)

    assert School.objects.get(urn="140001").name == "Fierté Primary Academy (renamed)"
    assert not School.objects.filter(urn="199999").exists()
    assert [row.reason for row in summary.schools.skipped] == [
        "URN 199999 is not stored yet and this file has no “EstablishmentStatus (name)” column, so it was not created"
    ]


def test_the_command_takes_string_paths():
    out = io.StringIO()

    call_command("import_gias", establishments=str(SAMPLE_ESTABLISHMENTS), groups=str(SAMPLE_GROUPS), stdout=out)

    assert School.objects.count() == 35
    assert "Schools from edubasealldata20261101.csv" in out.getvalue()
