"""Production path for agreements: the web request only queues the render; `db_worker` makes the PDF.

With the django-tasks-db backend (the production TASKS setting) generating a draft through the
web page stores the version and a queued task in one transaction and answers at once, telling the
user the PDF is being prepared. Downloading it is refused until a worker has run. One pass of
`manage.py db_worker --batch` then renders it, and the same download returns the real PDF.
"""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from agreements.models import AgreementVersion
from agreements.services import NOT_RENDERED, sha256_of
from agreements.views import DRAFT_QUEUED
from partnerships.models import Partnership
from tests.agreements.builders import realistic_partnership
from tests.agreements.conftest import pdf_text, squashed

# About the document itself: rendered with WeasyPrint, not the stand-in.
pytestmark = pytest.mark.real_pdf

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def active_partnership(trust, school):
    return realistic_partnership(
        trust=trust,
        school=school,
        status=Partnership.Status.ACTIVE,
        clauses=6,
        cost_lines=2,
        activities=3,
        objectives=1,
    )


def generate_draft(client, partnership):
    return client.post(reverse("agreements:draft-generate", args=[partnership.pk]), follow=True)


def download(client, partnership, number):
    return client.get(reverse("agreements:version-download", args=[partnership.pk, number]))


def run_worker_once():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


def test_draft_generated_on_the_web_is_queued_not_rendered_in_the_request(
    client, database_tasks, active_partnership, trust_staff
):
    client.force_login(trust_staff)

    response = generate_draft(client, active_partnership)

    assert response.status_code == 200
    assert DRAFT_QUEUED.format(number=1) in response.content.decode()
    version = AgreementVersion.objects.get(partnership=active_partnership)
    assert version.status == AgreementVersion.Status.DRAFT
    assert not version.pdf and version.sha256 == "" and version.rendered_at is None
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.task_path == "agreements.tasks.render_agreement_version"
    assert queued.args_kwargs["args"] == [version.pk]
    refused = download(client, active_partnership, 1)
    assert refused.status_code == 404
    assert NOT_RENDERED.format(number=1) in refused.content.decode()


# No wrapping test transaction: the worker closes and reopens its database connection between tasks
# (close_old_connections), as it does in production, which would end a test transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_db_worker_renders_the_queued_draft_and_the_pdf_can_then_be_downloaded(
    client, database_tasks, active_partnership, trust_staff
):
    client.force_login(trust_staff)
    generate_draft(client, active_partnership)

    run_worker_once()

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    version = AgreementVersion.objects.get(partnership=active_partnership)
    assert version.pdf and version.page_count >= 1 and version.rendered_at is not None
    with version.pdf.open("rb") as stored:
        assert sha256_of(stored.read()) == version.sha256
    response = download(client, active_partnership, 1)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert sha256_of(content) == version.sha256
    text = squashed(pdf_text(content))
    assert squashed(active_partnership.reference) in text
    assert squashed(active_partnership.school.name) in text
