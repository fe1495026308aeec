"""What the task list and the agreement page work out from the stored terms is cached per data
version (partnerships/oversight/rendered.py): a change made through a service shows at once, and
every table those computations read belongs to a model the version watches."""

import datetime
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import selectors, services
from agreements.document import web_document
from partnerships.services import (
    activity_delete,
    clause_update,
    objective_delete,
    partnership_extend,
    partnership_update_details,
)
from partnerships.views.staff import TASK_LIST_SOURCES, can_issue_now, task_list_parts, task_list_version
from tests.agreements.builders import realistic_partnership
from tests.schools.factories import SchoolFactory

TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"')


def tables_read(run) -> set[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return {table for query in captured.captured_queries for table in TABLE.findall(query["sql"])}


def model_tables(models) -> set[str]:
    return {model._meta.db_table for model in models}


def task_status(page: str, key: str) -> str:
    match = re.search(rf'id="task-{key}-status">(.*?)</div>', page, re.S)
    assert match, f"no status for the {key} task"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_every_table_the_cached_parts_read_is_watched_by_their_version(agreed, trust_staff, quick_render):
    """A table read but not watched would let a change go unseen: the cached answer would be stale."""
    services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    partnership_extend(  # an open variation: its summary is read too
        partnership=agreed,
        new_end_date=agreed.end_date + datetime.timedelta(days=30),
        reason="The school asked for one more half-term of support.",
        extended_by=trust_staff,
    )
    read = tables_read(lambda: selectors.preview_snapshot(agreed, version="fresh-1"))
    read |= tables_read(lambda: task_list_parts(agreed, "fresh-2"))
    read |= tables_read(lambda: services.issue_refusal(agreed))
    watched = model_tables(TASK_LIST_SOURCES)
    assert read - watched == set(), "read by the cached parts but not in TASK_LIST_SOURCES"
    assert model_tables(selectors.TERMS_SOURCES) >= tables_read(
        lambda: selectors.preview_snapshot(agreed, version="fresh-3")
    )
    assert all(apps.get_model(model._meta.label) for model in TASK_LIST_SOURCES)


def test_the_preview_shows_a_changed_clause_at_once(client, draft, trust_staff):
    client.force_login(trust_staff)
    url = reverse("agreements:agreement-detail", args=[draft.pk])
    clause = draft.clauses.order_by("section", "position").first()
    old = clause.heading
    assert f"{old}</h4>" in client.get(url).content.decode()
    assert f"{old}</h4>" in client.get(url).content.decode()  # from the cache
    clause_update(clause=clause, updated_by=trust_staff, heading="Safeguarding leads meet each half-term")
    page = client.get(url).content.decode()
    assert "Safeguarding leads meet each half-term" in page
    assert f"{old}</h4>" not in page


def test_the_preview_shows_changed_key_details_at_once(client, draft, trust_staff):
    client.force_login(trust_staff)
    url = reverse("agreements:agreement-detail", args=[draft.pk])
    client.get(url)
    partnership_update_details(
        partnership=draft, updated_by=trust_staff, purpose="Raise attainment in early reading across Key Stage 1."
    )
    assert "Raise attainment in early reading across Key Stage 1." in client.get(url).content.decode()


def test_the_task_list_shows_a_changed_plan_at_once(client, draft, trust_staff):
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-detail", args=[draft.pk])
    assert task_status(client.get(url).content.decode(), "objectives") == "Completed"
    for objective in list(draft.objectives.all()):
        objective_delete(objective=objective, deleted_by=trust_staff)
    page = client.get(url).content.decode()
    assert task_status(page, "objectives") == "Not started"
    assert task_status(page, "review") == "Cannot start yet"
    assert task_status(page, "activities") == "Completed"
    for activity in list(draft.activities.all()):
        activity_delete(activity=activity, deleted_by=trust_staff)
    assert task_status(client.get(url).content.decode(), "activities") == "Not started"


def test_one_version_is_read_per_task_list(client, agreed, trust_staff):
    """The version query is asked once and shared by the tasks, the summary and the issue button."""
    client.force_login(trust_staff)
    url = reverse("partnerships:partnership-detail", args=[agreed.pk])
    client.get(url)
    version = task_list_version(agreed)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    sql = [query["sql"] for query in captured.captured_queries]
    # The newest history rows on SQLite, the commit counters on PostgreSQL (partnerships/oversight/rendered.py).
    assert sum("MAX(history_id)" in statement or "data_version_counter" in statement for statement in sql) == 1
    assert can_issue_now(trust_staff, agreed, version)


def test_the_issued_document_is_rendered_once_per_snapshot(agreed, trust_staff, quick_render):
    version = services.agreement_issue(partnership=agreed, issued_by=trust_staff)
    first = web_document(version.snapshot)
    assert agreed.trust.name in first
    changed = {**version.snapshot, "terms": {**version.snapshot["terms"], "purpose": "Another purpose entirely"}}
    assert "Another purpose entirely" in web_document(changed)
    assert web_document(version.snapshot) == first


def test_a_draft_of_another_partnership_keeps_this_ones_version(agreed, trust, trust_staff, quick_render):
    """Agreement versions count per partnership; this one's own draft changes its version."""
    other = realistic_partnership(trust=trust, school=SchoolFactory(), clauses=2, cost_lines=1, activities=1)
    before = task_list_version(agreed)
    services.agreement_generate_draft(partnership=other, generated_by=trust_staff)
    assert task_list_version(agreed) == before
    services.agreement_generate_draft(partnership=agreed, generated_by=trust_staff)
    assert task_list_version(agreed) != before
