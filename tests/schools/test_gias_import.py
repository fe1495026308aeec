"""Importing GIAS downloads: what is stored, skipped, updated, closed and recorded in history."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from schools.gias import (
    NEWER_SAMPLE_ESTABLISHMENTS,
    NEWER_SAMPLE_GROUPS,
    SAMPLE_ESTABLISHMENTS,
    SAMPLE_GROUPS,
    import_gias,
    import_gias_sample,
)
from schools.gias.samples.make_samples import read_csv, write_csv
from schools.models import School, Trust
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

REASON = "GIAS import 2026-11-01"
NEWER_REASON = "GIAS import 2026-12-01"


def history_rows() -> int:
    return School.history.count() + Trust.history.count()


def with_bad_rows(tmp_path):
    """The sample establishments with three bad rows appended (lines 37, 38 and 39)."""
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    template = records[0]
    bad = [
        template | {"URN": "12AB34", "EstablishmentName": "Letters In The URN School"},
        template | {"URN": "199001", "EstablishmentName": "February Thirty School", "OpenDate": "30-02-2020"},
        template | {"URN": "140002", "EstablishmentName": "A Second Row For URN 140002"},
    ]
    return write_csv(tmp_path / "edubasealldata20261101.csv", header, records + bad)


# ---- first import ----------------------------------------------------------------------------


def test_first_import_creates_every_trust_and_school_with_history_by_the_import_user():
    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert (summary.trusts.created, summary.schools.created) == (6, 35)
    assert Trust.objects.count() == 6 and School.objects.count() == 35
    assert School.history.filter(history_type="+").count() == 35
    assert set(School.history.values_list("history_user__username", "history_change_reason")) == {
        ("gias-import", REASON)
    }
    assert set(Trust.history.values_list("history_user__username", "history_change_reason")) == {
        ("gias-import", REASON)
    }


def test_each_created_history_row_records_the_school_as_created():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    for school in School.objects.filter(urn__in=["140011", "120004", "150001"]):
        created = school.history.get()
        assert created.history_type == "+"
        assert {f.attname: getattr(created.instance, f.attname) for f in School._meta.concrete_fields} == {
            f.attname: getattr(school, f.attname) for f in School._meta.concrete_fields
        }


def test_the_import_user_has_no_role_and_cannot_sign_in():
    import_gias_sample()

    user = User.objects.get(username="gias-import")
    assert user.role == ""
    assert not user.has_usable_password()
    assert user.display_name == "GIAS import"


def test_school_fields_come_from_their_columns():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    school = School.objects.get(urn="140003")
    assert school.name == "Chapel Allerton Secondary Academy"
    assert school.laestab == "3834001"  # LA (code) + EstablishmentNumber
    assert (school.la_code, school.la_name) == ("383", "Leeds")
    assert (school.establishment_type, school.establishment_type_group) == ("Academy sponsor led", "Academies")
    assert (school.phase, school.capacity, school.pupils_on_roll) == ("Secondary", 1200, 1104)
    assert school.region == "Yorkshire and the Humber"  # GOR (name): the sample is today's layout, with no RSC region
    assert school.ukprn == "10140003"
    assert (school.easting, school.northing) == (429900 + 3 * 7, 433500 - 3 * 5)
    assert school.gias_last_changed_on == datetime.date(2026, 10, 28)
    church = School.objects.get(urn="140002")
    assert (church.religious_character, church.diocese) == ("Church of England", "Diocese of Leeds")
    assert (school.religious_character, school.diocese) == ("", "")  # "Does not apply" / "Not applicable"


def test_establishment_statuses_map_to_school_statuses():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    statuses = dict(School.objects.values_list("urn", "status"))
    assert statuses["140001"] == School.Status.OPEN
    assert statuses["140004"] == School.Status.OPEN_PROPOSED_TO_CLOSE
    assert statuses["150001"] == School.Status.PROPOSED_TO_OPEN
    assert statuses["120001"] == School.Status.CLOSED


# ---- trust linking ---------------------------------------------------------------------------


def test_schools_link_to_their_trust_by_group_uid():
    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert School.objects.get(urn="140011").trust.name == "St Aidan’s Catholic Academy Trust"
    fierte = Trust.objects.get(group_uid="16001")
    assert (fierte.group_id, fierte.companies_house_number, fierte.trust_type) == (
        "TR04501",
        "09876543",
        Trust.TrustType.MULTI_ACADEMY_TRUST,
    )
    assert fierte.schools.count() == 7
    assert Trust.objects.get(group_uid="16004").trust_type == Trust.TrustType.SINGLE_ACADEMY_TRUST
    assert School.objects.get(urn="131001").trust is None  # a maintained school
    # a foundation school whose "Trust" group is not an academy trust is kept, without a trust
    assert School.objects.get(urn="131005").trust is None
    assert summary.schools.without_trust == 1


def test_federations_and_other_groups_are_skipped_and_counted():
    summary = import_gias(groups=SAMPLE_GROUPS)

    assert not Trust.objects.filter(group_uid__in=["16006", "16007", "16009"]).exists()
    assert dict(summary.trusts.not_trusts) == {"Federation": 1, "Trust": 1, "School sponsor": 1}
    assert "not academy trusts, skipped: 3 (Federation: 1, School sponsor: 1, Trust: 1)" in str(summary)


def test_schools_imported_before_their_trusts_link_when_both_files_come_together():
    import_gias(SAMPLE_ESTABLISHMENTS)  # no trusts yet
    assert School.objects.get(urn="140011").trust is None

    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert School.objects.get(urn="140011").trust.group_uid == "16002"


# ---- bad rows --------------------------------------------------------------------------------


def test_bad_rows_are_skipped_with_line_and_reason_and_the_rest_imports(tmp_path):
    summary = import_gias(with_bad_rows(tmp_path), SAMPLE_GROUPS)

    assert [(row.line, row.reason) for row in summary.schools.skipped] == [
        (37, "URN “12AB34” is not a number"),
        (39, "URN 140002 appears again (first on line 3); this row was skipped"),
    ]
    assert [str(warning) for warning in summary.schools.warnings] == [
        "Line 38, column 14 “OpenDate”: “30-02-2020” is not a real date; imported without it"
    ]
    assert summary.schools.created == 36
    assert School.objects.get(urn="199001").opened_on is None  # a bad optional value keeps the school
    assert School.objects.get(urn="140002").name == "St Hilda’s Church of England Academy"  # the first row wins


def test_the_command_prints_the_summary_with_skipped_rows(tmp_path):
    out = io.StringIO()

    call_command("import_gias", establishments=with_bad_rows(tmp_path), groups=SAMPLE_GROUPS, stdout=out)

    output = out.getvalue()
    assert "Trusts from allgroupsdata20261101.csv (Windows-1252): 9 rows" in output
    assert "created 36, updated 0, unchanged 0, closed 0, skipped 2, warnings 1" in output
    assert "Line 37: URN “12AB34” is not a number" in output
    assert "Warning: Line 38, column 14 “OpenDate”: “30-02-2020” is not a real date; imported without it" in output
    assert "Finished in" in output


def test_a_school_that_closes_before_it_opens_is_imported_without_the_close_date(tmp_path):
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    records[0] |= {"OpenDate": "01-09-2020", "CloseDate": "31-08-2019", "EstablishmentStatus (name)": "Closed"}
    summary = import_gias(write_csv(tmp_path / "edubasealldata20261101.csv", header, records))

    assert str(summary.schools.warnings[0]) == (
        "Line 2, column 17 “CloseDate”: “31-08-2019” is before OpenDate “01-09-2020”; imported without it"
    )
    school = School.objects.get(urn=records[0]["URN"])
    assert (school.status, school.opened_on, school.closed_on) == ("closed", datetime.date(2020, 9, 1), None)


def test_the_command_needs_at_least_one_file():
    with pytest.raises(CommandError, match="--establishments FILE, --groups FILE or both"):
        call_command("import_gias", stdout=io.StringIO())


# ---- idempotent and incremental ------------------------------------------------------------


def test_reimporting_the_same_files_changes_nothing_and_writes_no_history():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    before = history_rows()

    summary = import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    assert history_rows() == before
    assert (summary.schools.created, summary.schools.updated, summary.schools.closed) == (0, 0, 0)
    assert summary.schools.unchanged == 35 and summary.trusts.unchanged == 6


def test_a_newer_file_updates_only_what_changed_with_attributed_history():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    before = history_rows()

    summary = import_gias(NEWER_SAMPLE_ESTABLISHMENTS, NEWER_SAMPLE_GROUPS)

    assert (summary.schools.created, summary.schools.updated, summary.schools.closed) == (1, 2, 2)
    assert summary.schools.unchanged == 31
    assert (summary.trusts.updated, summary.trusts.unchanged) == (1, 5)
    assert history_rows() == before + 1 + 2 + 2 + 1  # one row for each school and trust that changed

    school = School.objects.get(urn="140003")
    assert (school.pupils_on_roll, school.gias_last_changed_on) == (1130, datetime.date(2026, 11, 12))
    latest = school.history.first()
    assert (latest.history_type, latest.history_user.username, latest.history_change_reason) == (
        "~",
        "gias-import",
        NEWER_REASON,
    )
    assert latest.prev_record.pupils_on_roll == 1104
    assert School.objects.get(urn="140001").pupils_on_roll == 425
    assert Trust.objects.get(group_uid="16003").name == "Brontë Moor Learning Trust"
    assert School.objects.get(urn="150011").history.get().history_change_reason == NEWER_REASON


def test_without_a_date_in_the_file_name_the_reason_carries_todays_date(tmp_path):
    header, records = read_csv(SAMPLE_GROUPS)
    import_gias(groups=write_csv(tmp_path / "trusts.csv", header, records))

    assert Trust.history.first().history_change_reason == f"GIAS import {timezone.localdate().isoformat()}"


# ---- closed schools --------------------------------------------------------------------------


def test_a_school_closed_in_the_newer_file_is_closed_with_its_date():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    import_gias(NEWER_SAMPLE_ESTABLISHMENTS, NEWER_SAMPLE_GROUPS)

    school = School.objects.get(urn="131007")
    assert (school.status, school.closed_on) == (School.Status.CLOSED, datetime.date(2026, 11, 30))


def test_a_school_missing_from_a_full_file_is_closed_not_deleted():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    summary = import_gias(NEWER_SAMPLE_ESTABLISHMENTS, NEWER_SAMPLE_GROUPS)

    school = School.objects.get(urn="131014")
    assert school.status == School.Status.CLOSED
    assert school.history.first().history_change_reason == NEWER_REASON
    assert summary.schools.closed_missing == 1
    assert "closed 2 (1 no longer in the file)" in str(summary)


def test_an_extract_does_not_close_the_schools_it_leaves_out(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    extract = write_csv(tmp_path / "edubasealldata20261201.csv", header, records[:3])

    call_command("import_gias", establishments=extract, partial=True, stdout=io.StringIO())

    assert School.objects.filter(status=School.Status.CLOSED).count() == 5  # the five closed in the sample


def test_a_school_a_partnership_refers_to_is_never_deleted():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    school = School.objects.get(urn="131014")
    partnership = PartnershipFactory(school=school, trust=Trust.objects.get(group_uid="16001"))

    import_gias(NEWER_SAMPLE_ESTABLISHMENTS, NEWER_SAMPLE_GROUPS)

    partnership.refresh_from_db()
    assert partnership.school == school
    assert School.objects.get(pk=school.pk).status == School.Status.CLOSED
    assert School.objects.count() == 36  # 35 + 1 new; none removed


def test_a_trust_that_closes_is_counted_as_closed(tmp_path):
    import_gias(groups=SAMPLE_GROUPS)
    header, records = read_csv(SAMPLE_GROUPS)
    for record in records:
        if record["Group UID"] == "16008":
            record |= {"Group Status": "Closed", "Closed Date": "30-11-2026"}

    summary = import_gias(groups=write_csv(tmp_path / "allgroupsdata20261201.csv", header, records))

    assert summary.trusts.closed == 1
    assert Trust.objects.get(group_uid="16008").status == Trust.Status.CLOSED


def test_schools_added_after_an_import_get_fresh_ids():
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)

    added = School.objects.create(urn="199999", name="Added By Hand Primary School")

    assert added.pk > max(School.objects.exclude(pk=added.pk).values_list("pk", flat=True))
    assert added.history.count() == 1


def test_importing_the_sample_leaves_other_schools_open():
    other = School.objects.create(urn="199998", name="Demo Primary School")

    summary = import_gias_sample()

    assert summary.schools.created == 35
    other.refresh_from_db()
    assert other.status == School.Status.OPEN
