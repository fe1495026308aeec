"""Evidence for activities: links or small checked files, served only to people who can see the
partnership (anyone else gets a 404), refused when too large or not what their name says."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delivery.models import ActivityEvidence
from delivery.services import evidence as evidence_services
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.delivery.factories import ActivityEvidenceFactory
from tests.stand_in_pdf import tiny_pdf

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
    return buffer.getvalue()


def upload(client, partnership, activity, name, content, **extra):
    return client.post(
        reverse("delivery:evidence-create", args=[partnership.pk, activity.pk]),
        {"title": "Lesson visit notes", "url": "", "file": SimpleUploadedFile(name, content), **extra},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("visits.pdf", tiny_pdf(), "application/pdf"),
        ("Photo.PNG", PNG, "image/png"),
        ("plan.docx", office("word/"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("data.xlsx", office("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_staff_upload_a_small_file_and_people_who_can_see_the_partnership_download_it(
    client, running, trust_staff, governor, oversight, name, content, content_type
):
    activity = running.activities.get()
    client.force_login(trust_staff)

    response = upload(client, running, activity, name, content)

    assert response.status_code == 302
    evidence = ActivityEvidence.objects.get()
    assert (evidence.filename, evidence.content_type, evidence.size) == (name, content_type, len(content))
    assert name not in evidence.file.name  # stored under a random name
    for person in (trust_staff, governor, oversight):
        client.force_login(person)
        download = client.get(reverse("delivery:evidence-download", args=[running.pk, evidence.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
        assert download["Content-Type"] == content_type
        assert download["Content-Disposition"].startswith("attachment")


def test_another_tenant_gets_a_404_for_the_file_and_its_page(client, running):
    evidence = ActivityEvidenceFactory(activity=running.activities.get())
    outsiders = [TrustStaffFactory(username="other-staff"), GovernorFactory(username="other-governor")]
    urls = [
        reverse("delivery:evidence-download", args=[running.pk, evidence.pk]),
        reverse("delivery:activity-evidence", args=[running.pk, evidence.activity_id]),
    ]
    statuses = []
    for person in outsiders:
        client.force_login(person)
        statuses += [client.get(url).status_code for url in urls]
    client.logout()
    anonymous = client.get(urls[0])

    assert statuses == [404, 404, 404, 404]
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]


def test_evidence_under_another_partnership_is_not_found(client, running, trust_staff):
    stranger = ActivityEvidenceFactory()  # another trust's partnership
    client.force_login(trust_staff)

    response = client.get(reverse("delivery:evidence-download", args=[running.pk, stranger.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>alert(1)</script>", evidence_services.WRONG_TYPE),
        ("program.exe", b"MZ\x90\x00", evidence_services.WRONG_TYPE),
        ("no-extension", tiny_pdf(), evidence_services.WRONG_TYPE),
        ("fake.pdf", b"<html>not a pdf</html>", "The file is not a real PDF"),
        ("fake.png", tiny_pdf(), "The file is not a real PNG image"),
        ("fake.docx", office("xl/"), "The file is not a real Word document"),
        ("zip.docx", b"PK\x03\x04broken", "The file is not a real Word document"),
        ("empty.pdf", b"", evidence_services.EMPTY),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(
    client, running, trust_staff, name, content, message
):
    client.force_login(trust_staff)

    response = upload(client, running, running.activities.get(), name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityEvidence.objects.exists()


def test_a_file_over_the_limit_is_refused(client, running, trust_staff, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client.force_login(trust_staff)

    response = upload(client, running, running.activities.get(), "big.pdf", b"%PDF-" + b"0" * 2000)

    assert "The file must be smaller than 1.0\xa0KB" in response.content.decode()
    assert not ActivityEvidence.objects.exists()


def test_a_link_is_evidence_too_but_only_a_web_link(client, running, trust_staff):
    client.force_login(trust_staff)
    url = reverse("delivery:evidence-create", args=[running.pk, running.activities.get().pk])

    refused = client.post(url, {"title": "Notes", "url": "javascript:alert(1)"})
    client.post(url, {"title": "Shared folder", "url": "https://school.example/visits"})

    assert evidence_services.LINK_SCHEME in refused.content.decode()
    assert list(ActivityEvidence.objects.values_list("url", flat=True)) == ["https://school.example/visits"]


def test_governors_cannot_add_or_remove_evidence(client, running, governor):
    evidence = ActivityEvidenceFactory(activity=running.activities.get())
    client.force_login(governor)

    added = upload(client, running, evidence.activity, "visits.pdf", tiny_pdf())
    removed = client.post(reverse("delivery:evidence-delete", args=[running.pk, evidence.pk]))

    assert (added.status_code, removed.status_code) == (403, 403)
    assert ActivityEvidence.objects.count() == 1


def test_staff_remove_evidence_and_its_file(client, running, trust_staff, django_capture_on_commit_callbacks):
    evidence = ActivityEvidenceFactory(activity=running.activities.get())
    storage, name = evidence.file.storage, evidence.file.name
    client.force_login(trust_staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("delivery:evidence-delete", args=[running.pk, evidence.pk]))

    assert not ActivityEvidence.objects.exists() and not storage.exists(name)
