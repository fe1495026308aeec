"""A backup taken with `dumpdata` restores into an empty database with every row intact.

The dataset is built through the services (see tests/integrity_world.py): partnerships in every
ending state with clauses, cost lines, objectives, activities, comments, review decisions
(approvals and requests for changes), the academisation record, draft agreement versions, an
issued agreement with its PDF and SHA-256, and all their history. Every table the dump covers is
compared row by row, field by field, so a model added later is checked without changing this test.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from agreements.models import AgreementVersion
from agreements.services import agreement_issue, agreement_pdf_for_download, agreement_verify
from partnerships import services
from partnerships.models import Clause, CostLine, Partnership, ReviewDecision
from tests.accounts.factories import GovernorFactory
from tests.integrity_world import add_terms, agree, build_world, key_details
from tests.schools.factories import AcademyFactory, SchoolFactory

pytestmark = pytest.mark.long

# Rebuilt by `migrate` (content types, permissions) or not worth restoring (sessions: everyone
# signs in again after a restore). The same list is in docs/backup.md. The format is XML because
# Django's JSON serializer rounds times to the millisecond (see the last test).
NOT_IN_BACKUP = ["contenttypes", "auth.permission", "sessions"]


def dump(path, format="xml"):
    """The documented export: `manage.py dumpdata --natural-foreign --format xml --exclude ...`."""
    call_command("dumpdata", natural_foreign=True, exclude=NOT_IN_BACKUP, format=format, output=str(path), verbosity=0)


def backed_up_models():
    skipped_apps = {"contenttypes", "sessions"}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in skipped_apps and model._meta.label != "auth.Permission" and model._meta.managed
    ]


def content_type_key(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return content_type.app_label, content_type.model


def table_contents(model) -> list[dict]:
    """Every row as a dict; content type ids as (app, model), since migrate may renumber them."""
    rows = list(model._default_manager.order_by("pk").values())
    for row in rows:
        for name in [name for name in row if name.endswith("content_type_id") and row[name] is not None]:
            row[name] = content_type_key(row[name])
    return rows


def everything() -> dict[str, list[dict]]:
    ContentType.objects.clear_cache()
    return {model._meta.label: table_contents(model) for model in backed_up_models()}


@pytest.fixture
def dataset(settings, trust, school, trust_staff, governor):
    # Agreement renders are queued, not run: rendering is the agreements tests' business.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    second_school = SchoolFactory(name="Castlegate Primary School")
    AcademyFactory(name="Oakfield Academy", trust=trust)
    world = build_world(
        trust=trust,
        school=school,
        second_school=second_school,
        trust_staff=trust_staff,
        governor=governor,
        second_governor=GovernorFactory(username="second-governor", school=second_school),
    )
    draft = services.partnership_create(
        school=SchoolFactory(name="Rivermead Infant School"),
        trust=trust,
        created_by=trust_staff,
        **key_details(
            datetime.date(2027, 1, 1),
            datetime.date(2028, 3, 31),
            purpose="Support for a new headteacher \u2014 \u00a3 and \u00e9 kept",
        ),
    )
    services.clause_create(
        partnership=draft, created_by=trust_staff, section=10, heading="Scope", body="Line one\nLine two\t\u2713"
    )
    world.issued = issued_agreement(settings, trust=trust, trust_staff=trust_staff)
    return world


def issued_agreement(settings, *, trust, trust_staff):
    """An agreed partnership whose final agreement is issued: rendered once, PDF and SHA-256 stored."""
    school = SchoolFactory(name="Hollins Lane Primary School")
    partnership = services.partnership_create(school=school, trust=trust, created_by=trust_staff, **key_details())
    add_terms(partnership, by=trust_staff, clauses=2)
    agree(
        partnership,
        trust_staff=trust_staff,
        governor=GovernorFactory(username="hollins-chair", school=school),
        issue=False,
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return agreement_issue(partnership=partnership, issued_by=trust_staff)


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_into_a_flushed_database_restores_every_row(dataset, tmp_path):
    before = everything()
    backup = tmp_path / "backup.xml"
    dump(backup)

    call_command("flush", interactive=False, verbosity=0)
    assert not Partnership.objects.exists() and not Partnership.history.exists()
    call_command("loaddata", str(backup), verbosity=0)

    after = everything()
    differences = [label for label in before if before[label] != after[label]]
    assert differences == [], f"Tables that did not come back exactly: {differences}"
    assert {label: len(rows) for label, rows in after.items() if rows} == {
        label: len(rows) for label, rows in before.items() if rows
    }


@pytest.mark.django_db(transaction=True)
def test_restored_service_carries_on_where_it_left_off(dataset, tmp_path, trust_staff):
    backup = tmp_path / "backup.xml"
    dump(backup)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(backup), verbosity=0)

    ended = Partnership.objects.get(pk=dataset.ended_early.pk)
    approvals = ReviewDecision.objects.filter(decision=ReviewDecision.Decision.APPROVED)
    assert ended.status == Partnership.Status.ENDED_EARLY and ended.ended_on == datetime.date(2027, 3, 31)
    first_change = ended.history.earliest()
    assert (first_change.history_change_reason, first_change.history_user) == ("Partnership set up", trust_staff)
    # Three agreements approved, and the running one's extension (a variation).
    assert approvals.count() == 4 and "Daniel Okafor" in {decision.decided_by_name for decision in approvals}
    assert CostLine.objects.get(partnership=ended, description="Headteacher mentoring").amount == Decimal("1650.00")

    issued = AgreementVersion.objects.get(pk=dataset.issued.pk)
    assert issued.sha256 == dataset.issued.sha256 and len(issued.sha256) == 64
    pdf = agreement_pdf_for_download(issued)  # the file in MEDIA_ROOT still matches the restored hash
    assert agreement_verify(pdf) == issued

    # New rows get fresh ids after the restore (PostgreSQL sequences were reset by loaddata).
    clause = services.clause_create(
        partnership=Partnership.objects.get(status=Partnership.Status.DRAFT),
        created_by=trust_staff,
        section=20,
        heading="After the restore",
        body="Added after the restore.",
    )
    assert clause.pk > max(Clause.objects.exclude(pk=clause.pk).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_json_dumps_round_times_to_the_millisecond_so_the_export_uses_xml(trust_staff, tmp_path):
    """Why docs/backup.md says --format xml: two changes within a millisecond could swap order."""
    joined = datetime.datetime(2026, 9, 1, 8, 30, 15, 123456, tzinfo=datetime.UTC)
    restored = {}
    for format in ("json", "xml"):
        type(trust_staff).objects.filter(pk=trust_staff.pk).update(date_joined=joined)
        dump(tmp_path / f"backup.{format}", format=format)
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(tmp_path / f"backup.{format}"), verbosity=0)
        restored[format] = type(trust_staff).objects.get(pk=trust_staff.pk).date_joined

    assert restored == {"json": joined.replace(microsecond=123000), "xml": joined}
