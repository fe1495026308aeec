"""The admin page where oversight admins upload GIAS downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.gias import NEWER_SAMPLE_ESTABLISHMENTS, SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, import_gias
from schools.gias.samples.make_samples import read_csv, write_csv
from schools.models import School, Trust
from tests.accounts.factories import PASSWORD, TrustStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


IMPORT_PAGE = "admin:schools_school_import_gias"


def open_page(client, user, data=None):
    """GET (data None) or POST the import page as user; returns (status, html)."""
    client.login(username=user.username, password=PASSWORD)
    url = reverse(IMPORT_PAGE)
    response = client.post(url, data) if data is not None else client.get(url)
    return response.status_code, response.content.decode()


def test_the_page_lives_under_the_school_admin():
    assert reverse(IMPORT_PAGE) == "/admin/schools/school/import-gias/"


def test_an_oversight_admin_sees_the_upload_form(client, oversight):
    status, html = open_page(client, oversight)

    assert status == 200
    assert "Import schools and trusts from GIAS" in html
    assert 'name="establishments"' in html and 'name="groups"' in html


@pytest.mark.parametrize("who", ["trust_staff", "staff_without_role"])
def test_other_users_are_refused(client, who):
    user = TrustStaffFactory(is_staff=True) if who == "trust_staff" else UserFactory(is_staff=True)

    status, _ = open_page(client, user)

    assert status == 403


def test_a_superuser_may_import(client):
    status, _ = open_page(client, UserFactory(is_staff=True, is_superuser=True))

    assert status == 200


def test_someone_signed_out_is_sent_to_the_admin_sign_in(client):
    response = client.get(reverse(IMPORT_PAGE))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_uploading_both_files_imports_them_and_shows_the_summary(client, oversight):
    status, html = open_page(
        client, oversight, {"groups": upload(SAMPLE_GROUPS), "establishments": upload(SAMPLE_ESTABLISHMENTS)}
    )

    assert status == 200
    assert "Import finished: GIAS import 2026-11-01" in html
    assert "Trusts from allgroupsdata20261101.csv" in html and "Schools from edubasealldata20261101.csv" in html
    assert "Not academy trusts, skipped: 3" in html
    assert Trust.objects.get(group_uid="16001").name == "FIERTÉ MULTI-ACADEMY TRUST"
    assert School.objects.count() == 35


def test_the_summary_counts_updates_closures_and_skipped_rows(client, oversight, tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    header, records = read_csv(NEWER_SAMPLE_ESTABLISHMENTS)
    records.append(records[0] | {"URN": "12AB34"})
    newer = write_csv(tmp_path / NEWER_SAMPLE_ESTABLISHMENTS.name, header, records)

    status, html = open_page(client, oversight, {"establishments": upload(newer)})

    assert status == 200
    assert "<td>1</td>\n        <td>2</td>\n        <td>31</td>\n        <td>2 (1 no longer in the file)</td>" in html
    assert f"Line {len(records) + 1}: URN “12AB34” is not a number" in html
    assert School.objects.get(urn="131014").status == School.Status.CLOSED


def test_a_file_without_a_required_column_shows_the_error_and_imports_nothing(client, oversight, tmp_path):
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    broken = write_csv(
        tmp_path / "edubasealldata20261101.csv", [c for c in header if c != "EstablishmentName"], records
    )

    status, html = open_page(client, oversight, {"groups": upload(SAMPLE_GROUPS), "establishments": upload(broken)})

    assert status == 200
    assert "Nothing was imported." in html
    assert "edubasealldata20261101.csv has no “EstablishmentName” column" in html
    assert School.objects.count() == 0 and Trust.objects.count() == 0


def test_submitting_no_file_asks_for_one(client, oversight):
    status, html = open_page(client, oversight, {})

    assert status == 200
    assert "Choose the establishments file, the groups file or both." in html


def test_a_file_that_is_not_csv_is_refused(client, oversight):
    spreadsheet = SimpleUploadedFile("schools.xlsx", b"PK\x03\x04", content_type="application/zip")

    status, html = open_page(client, oversight, {"establishments": spreadsheet})

    assert status == 200
    assert "Choose a CSV file (the GIAS download ends in .csv)." in html
    assert School.objects.count() == 0


def test_school_list_links_to_the_import_page(client, oversight):
    client.force_login(oversight)
    response = client.get("/admin/schools/school/")
    assert 'href="/admin/schools/school/import-gias/"' in response.content.decode()
    assert "Import from GIAS" in response.content.decode()
