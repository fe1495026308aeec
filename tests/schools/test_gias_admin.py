"""The admin pages where data managers upload GIAS files: who may, the stated size limit, the
preview ("this file would close 29 schools"), confirmation, the background import with its
progress, one import at a time, and history naming the uploader."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, import_gias
from schools.gias.permissions import data_managers_group
from schools.gias.samples.make_samples import read_csv, write_csv
from schools.models import GiasImport, School, Trust
from tests.accounts.factories import PASSWORD, OversightFactory, TrustStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT_PAGE = "admin:schools_school_import_gias"


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


@pytest.fixture
def data_manager(db):
    user = OversightFactory(first_name="Sam", last_name="Patel")
    user.groups.add(data_managers_group())
    return user


def open_page(client, user, data=None, url=None):
    """GET (data None) or POST a page as user; returns (status, html)."""
    client.login(username=user.username, password=PASSWORD)
    url = url or reverse(IMPORT_PAGE)
    response = client.post(url, data, follow=True) if data is not None else client.get(url)
    return response.status_code, response.content.decode()


def status_url(gias_import, action=""):
    name = f"admin:schools_school_import_gias{'_' + action if action else '_status'}"
    return reverse(name, args=[gias_import.pk])


def test_the_page_lives_under_the_school_admin():
    assert reverse(IMPORT_PAGE) == "/admin/schools/school/import-gias/"


def test_a_data_manager_sees_the_upload_form_with_its_size_limit(client, data_manager):
    status, html = open_page(client, data_manager)

    assert status == 200
    assert "Import schools and trusts from GIAS" in html
    assert 'name="establishments"' in html and 'name="groups"' in html and 'name="links"' in html
    assert "Size limit: each file may be up to 200.0\xa0MB." in html


@pytest.mark.parametrize("who", ["oversight", "trust_staff", "staff_without_role"])
def test_everyone_else_is_refused_oversight_included(client, who):
    users = {
        "oversight": lambda: OversightFactory(),
        "trust_staff": lambda: TrustStaffFactory(is_staff=True),
        "staff_without_role": lambda: UserFactory(is_staff=True),
    }
    user = users[who]()

    assert open_page(client, user)[0] == 403
    assert open_page(client, user, {"establishments": upload(SAMPLE_ESTABLISHMENTS)})[0] == 403
    assert not GiasImport.objects.exists() and not School.objects.exists()


def test_a_superuser_may_import(client):
    assert open_page(client, UserFactory(is_staff=True, is_superuser=True))[0] == 200


def test_someone_signed_out_is_sent_to_the_admin_sign_in(client):
    response = client.get(reverse(IMPORT_PAGE))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_upload_is_previewed_and_imports_only_after_confirmation(client, data_manager, tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    one_row = write_csv(tmp_path / "edubasealldata20261201.csv", header, records[:1])

    status, html = open_page(client, data_manager, {"establishments": upload(one_row)})

    gias_import = GiasImport.objects.get(status=GiasImport.Status.PREVIEWED)
    assert status == 200
    assert "This file would close 29 schools, create 0 and update 0." in html
    assert School.objects.filter(status=School.Status.CLOSED).count() == 5  # nothing changed yet

    status, html = open_page(client, data_manager, {}, url=status_url(gias_import, "confirm"))

    gias_import.refresh_from_db()
    assert gias_import.status == GiasImport.Status.IMPORTED
    assert "Imported" in html and "History records Sam Patel as the person who made these changes." in html
    assert School.objects.filter(status=School.Status.CLOSED).count() == 34
    closed = School.objects.get(urn="140002").history.first()
    assert (closed.history_user, closed.history_change_reason) == (data_manager, "GIAS import 2026-12-01")
    assert gias_import.history.filter(history_user=data_manager).exists()


def test_uploading_both_files_shows_the_preview_of_each(client, data_manager):
    status, html = open_page(
        client, data_manager, {"groups": upload(SAMPLE_GROUPS), "establishments": upload(SAMPLE_ESTABLISHMENTS)}
    )

    assert status == 200
    assert "Trusts from allgroupsdata20261101.csv" in html and "Schools from edubasealldata20261101.csv" in html
    assert "This file would close 0 schools, create 35 and update 0." in html
    assert not Trust.objects.exists() and not School.objects.exists()


def test_cancel_imports_nothing_and_deletes_the_files(client, data_manager):
    open_page(client, data_manager, {"establishments": upload(SAMPLE_ESTABLISHMENTS)})
    gias_import = GiasImport.objects.get()
    stored = gias_import.establishments.path

    status, html = open_page(client, data_manager, {}, url=status_url(gias_import, "cancel"))

    gias_import.refresh_from_db()
    assert gias_import.status == GiasImport.Status.CANCELLED
    assert "Upload cancelled: nothing was imported" in html
    assert not School.objects.exists()
    assert not os.path.exists(stored)


def test_another_data_manager_cannot_confirm_someone_elses_upload(client, data_manager):
    open_page(client, data_manager, {"establishments": upload(SAMPLE_ESTABLISHMENTS)})
    gias_import = GiasImport.objects.get()
    colleague = OversightFactory()
    colleague.groups.add(data_managers_group())
    client.logout()

    status, html = open_page(client, colleague, {}, url=status_url(gias_import, "confirm"))

    assert "Only the person who uploaded these files can confirm or cancel their import." in html
    assert not School.objects.exists()


def test_confirming_while_another_import_runs_is_refused(client, data_manager):
    open_page(client, data_manager, {"establishments": upload(SAMPLE_ESTABLISHMENTS)})
    gias_import = GiasImport.objects.get()
    GiasImport.objects.create(requested_by=OversightFactory(), status=GiasImport.Status.IMPORTING)

    status, html = open_page(client, data_manager, {}, url=status_url(gias_import, "confirm"))

    assert "Another GIAS import is running. Confirm again when it has finished." in html
    assert not School.objects.exists()


def test_a_file_without_a_required_column_is_refused_in_the_preview(client, data_manager, tmp_path):
    header, records = read_csv(SAMPLE_ESTABLISHMENTS)
    broken = write_csv(
        tmp_path / "edubasealldata20261101.csv", [c for c in header if c != "EstablishmentName"], records
    )

    status, html = open_page(client, data_manager, {"establishments": upload(broken)})

    assert GiasImport.objects.get().status == GiasImport.Status.FAILED
    assert "edubasealldata20261101.csv has no “EstablishmentName” column" in html
    assert not School.objects.exists()


def test_a_page_still_working_refreshes_itself_and_shows_progress(client, data_manager):
    gias_import = GiasImport.objects.create(requested_by=data_manager, status=GiasImport.Status.IMPORTING)
    from schools.services import progress_path

    progress_path(gias_import.pk).parent.mkdir(parents=True, exist_ok=True)
    progress_path(gias_import.pk).write_text("Schools: 22,500 rows read (45% of the file)", encoding="utf-8")

    status, html = open_page(client, data_manager, url=status_url(gias_import))

    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Schools: 22,500 rows read (45% of the file)" in html


def test_submitting_no_file_asks_for_one(client, data_manager):
    status, html = open_page(client, data_manager, {})

    assert "Choose the establishments file, the groups file or both" in html


def test_a_file_that_is_not_csv_is_refused(client, data_manager):
    spreadsheet = SimpleUploadedFile("schools.xlsx", b"PK\x03\x04", content_type="application/zip")

    status, html = open_page(client, data_manager, {"establishments": spreadsheet})

    assert "Choose a CSV file (the GIAS download ends in .csv)." in html
    assert not GiasImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, data_manager, settings):
    settings.GIAS_UPLOAD_MAX_BYTES = 1000

    status, html = open_page(client, data_manager, {"groups": upload(SAMPLE_GROUPS)})

    assert "allgroupsdata20261101.csv is 2.0\xa0KB: the largest file this page takes is 1000\xa0bytes." in html
    assert not GiasImport.objects.exists()


def test_an_upload_whose_request_is_too_large_is_refused_before_it_is_read(client, data_manager, settings):
    settings.GIAS_UPLOAD_MAX_BYTES = 100

    status, html = open_page(client, data_manager, {"establishments": upload(SAMPLE_ESTABLISHMENTS)})

    assert status == 413
    assert "this page takes at most 500\xa0bytes in one upload. Nothing was stored." in html
    assert not GiasImport.objects.exists()


def test_school_list_links_to_the_import_page(client, data_manager):
    client.force_login(data_manager)
    response = client.get("/admin/schools/school/")
    assert 'href="/admin/schools/school/import-gias/"' in response.content.decode()
    assert "Import from GIAS" in response.content.decode()
