"""The production set-up: rendering queued in the database and run by `manage.py db_worker`."""

import signal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from agreements import services
from agreements.models import AgreementVersion

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def restore_signals():
    # db_worker installs its own SIGINT/SIGTERM handlers for a graceful stop; put pytest's back.
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_issue_queues_the_render_and_the_worker_attaches_the_pdf(agreed, trust_staff, quick_render, restore_signals):
    with override_settings(TASKS=DATABASE_TASKS):
        version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
        # The request returns at once: issued, PDF not yet made, the render waiting in the queue.
        assert version.status == AgreementVersion.Status.ISSUED and not version.is_rendered
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "agreements.tasks.render_agreement_version"
        assert queued.args_kwargs == {"args": [version.pk], "kwargs": {}}
        assert queued.status == "READY"

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    version.refresh_from_db()
    assert version.is_rendered and version.page_count == 1
    assert services.sha256_of(services.agreement_pdf_for_download(version)) == version.sha256
    finished = DBTaskResult.objects.get()
    assert finished.status == "SUCCESSFUL"
    assert finished.return_value == {"version_id": version.pk, "number": 1, "sha256": version.sha256, "pages": 1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.real_pdf
def test_a_queued_draft_renders_the_real_document(draft, trust_staff, restore_signals):
    with override_settings(TASKS=DATABASE_TASKS):
        version = services.agreement_generate_draft(partnership=draft, generated_by=trust_staff)
        assert not version.is_rendered
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    version.refresh_from_db()
    assert version.page_count > 3
    assert services.agreement_pdf_for_download(version)[:5] == b"%PDF-"
