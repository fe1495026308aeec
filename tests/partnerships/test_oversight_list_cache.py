"""The oversight list and dashboard keep what they work out per data version (partnerships/oversight/
listing.py and rendered.py): which partnerships match a filter and in what order, each page's rows,
the dashboard's figures and outcomes. A change made through a service or an admin action shows on
the very next request, and every table the cached parts read belongs to a model their version watches."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.selectors import TERMS_SOURCES
from agreements.services import agreement_issue
from delivery import services as delivery
from delivery.models import EndReview, ObjectiveAchievement, Rating
from delivery.oversight import DELIVERY_CHOICES, outcome_figures
from partnerships import services
from partnerships.filters import ATTENTION_CHOICES, CHOICE_SOURCES, SORTABLE, PartnershipFilter
from partnerships.models import Partnership
from partnerships.oversight import dashboard as figures
from partnerships.oversight.commit_counters import WatchTables
from partnerships.oversight.listing import list_sources, partnership_page
from partnerships.views.oversight import DASHBOARD_SOURCES
from partnerships.views.staff import TASK_LIST_SOURCES
from schools.gias import (
    NEWER_SAMPLE_ESTABLISHMENTS,
    NEWER_SAMPLE_GROUPS,
    SAMPLE_ESTABLISHMENTS,
    SAMPLE_GROUPS,
    import_gias,
)
from schools.models import School, Trust
from tests.agreements.builders import record_approval
from tests.partnerships.factories import ObjectiveFactory, PartnershipFactory, ready_for_review
from tests.partnerships.oversight_data import bar, figure
from tests.partnerships.test_term_length import details
from tests.schools.factories import SchoolFactory

S = Partnership.Status
pytestmark = pytest.mark.django_db

DASHBOARD = reverse("oversight:dashboard")
LIST = reverse("oversight:partnership-list")
TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"')


@pytest.fixture
def as_oversight(client, oversight):
    client.force_login(oversight)
    return client


def tables_read(run) -> set[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return {table for query in captured.captured_queries for table in TABLE.findall(query["sql"])}


def model_tables(models) -> set[str]:
    return {model._meta.db_table for model in models}


def listed(client, **query) -> list[str]:
    """The references in the list's table, in order."""
    page = client.get(LIST, query).content.decode()
    return re.findall(r'href="/oversight/partnerships/\d+/">([^<]+)</a>', page)


def shown_count(client, **query) -> str:
    page = " ".join(client.get(LIST, query).content.decode().split())
    match = re.search(r"Showing 1 to \d+ of ([\d,]+) partnerships?|No partnerships match", page)
    assert match, "no count on the list"
    return match.group(1) or "0"


def running_with_objectives(**kwargs) -> Partnership:
    today = timezone.localdate()
    partnership = PartnershipFactory(
        status=S.ACTIVE,
        start_date=today - datetime.timedelta(days=120),
        end_date=today + datetime.timedelta(days=240),
        **kwargs,
    )
    ObjectiveFactory(partnership=partnership, description="Improve the teaching of phonics", position=1)
    ObjectiveFactory(partnership=partnership, description="Strengthen subject leadership", position=2)
    return partnership


def record_review(partnership, by, ratings: list[str], *, days_ago: int):
    return delivery.review_meeting_record(
        partnership=partnership,
        recorded_by=by,
        kind="partnership",
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        trust_attendees="Priya Shah",
        school_attendees="Margaret Ellis",
        ratings=[
            delivery.RatingInput(objective=objective, rating=rating, evidence="Lesson visits")
            for objective, rating in zip(partnership.objectives.order_by("position"), ratings, strict=True)
        ],
    )


# What the cached parts read ---------------------------------------------------------------------------

EVERY_FILTER = [
    {},
    {"status": "active"},
    {"region": "North East"},
    {"la": "816"},
    {"q": "1212"},
    {"ending_within": "30"},
    {"outcome": EndReview.Outcome.STAYS_AS_IS},
    *({"attention": value} for value, _ in ATTENTION_CHOICES),
    *({"delivery": value} for value, _ in DELIVERY_CHOICES),
    *({"sort": f"-{key}"} for key in SORTABLE),
]


def test_every_table_the_list_reads_is_watched_by_its_version(oversight, trust):
    """A table read but not watched would let a change go unseen: the list would be stale."""
    partnership = running_with_objectives(trust=trust, school=SchoolFactory(region="North East", la_code="816"))
    record_review(partnership, oversight, [Rating.OFF_TRACK, Rating.ON_TRACK], days_ago=10)
    visible = Partnership.objects.visible_to(oversight).select_related("school", "trust")
    read = set()
    for number, query in enumerate([*EVERY_FILTER, {"trust": str(trust.pk)}]):
        filterset = PartnershipFilter(QueryDict(urlencode(query)), queryset=visible, version=f"fresh-{number}")
        read |= tables_read(
            lambda filterset=filterset, number=number: partnership_page(filterset, 1, version=f"f{number}")
        )
    assert "delivery_objectiverating" in read and "agreements_agreementversion" in read  # the filters ran
    assert read - model_tables(list_sources()) == set(), "read by the list but not in list_sources()"


def watched_tables() -> tuple[set[str], dict[str, str]]:
    """The tables the migrations give PostgreSQL's commit counters, and those also counted by a column."""
    tables, scoped = set(), {}
    for migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, WatchTables):
                tables |= set(operation.tables)
                scoped |= operation.scoped
    return tables, scoped


def test_every_model_a_cached_page_keys_on_is_counted_at_commit_on_postgresql():
    """On PostgreSQL the version is each table's commit counter: an uncounted table would never move it."""
    tables, scoped = watched_tables()
    versioned = {*list_sources(), *DASHBOARD_SOURCES, *CHOICE_SOURCES, *TERMS_SOURCES, *TASK_LIST_SOURCES, School}
    assert model_tables(versioned) - tables == set()
    # Read per partnership (rendered._scoped): counted per partnership too.
    assert scoped == {"agreements_agreementversion": "partnership_id"}


def test_every_table_the_dashboard_reads_is_watched_by_its_version():
    read = tables_read(figures.oversight_dashboard) | tables_read(outcome_figures)
    assert read - model_tables(DASHBOARD_SOURCES) == set(), "read by the dashboard but not in DASHBOARD_SOURCES"


# Changes through the services and the admin show at once ----------------------------------------------


def test_a_list_the_data_has_not_changed_under_reads_only_the_version(as_oversight, trust):
    running_with_objectives(trust=trust)
    as_oversight.get(LIST, {"status": "active", "sort": "-end"})
    with CaptureQueriesContext(connection) as captured:
        as_oversight.get(LIST, {"status": "active", "sort": "-end"})
    # The session, the user and one data version: no count, no sort, no rows.
    assert len(captured) == 3, [query["sql"] for query in captured.captured_queries]


def test_a_partnership_created_through_the_service_is_listed_and_counted_at_once(
    as_oversight, school, trust, trust_staff
):
    PartnershipFactory(status=S.ACTIVE)
    assert shown_count(as_oversight) == "1"
    assert shown_count(as_oversight, status="draft") == "0"

    created = services.partnership_create(
        school=school,
        trust=trust,
        created_by=trust_staff,
        **details(
            timezone.localdate() + datetime.timedelta(days=30), timezone.localdate() + datetime.timedelta(days=395)
        ),
    )

    assert shown_count(as_oversight) == "2"
    assert listed(as_oversight, status="draft") == [created.reference]
    assert created.reference in listed(as_oversight, sort="-reference")


def test_a_withdrawn_partnership_moves_between_the_filtered_lists_and_its_row_says_so_at_once(
    as_oversight, trust_staff
):
    draft = PartnershipFactory(status=S.DRAFT, trust=trust_staff.trust)
    assert listed(as_oversight, status="draft") == [draft.reference]
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in as_oversight.get(LIST).content.decode()

    services.partnership_withdraw(partnership=draft, withdrawn_by=trust_staff, reason="The school chose another trust.")

    assert listed(as_oversight, status="draft") == []
    assert listed(as_oversight, status="withdrawn") == [draft.reference]
    assert "Withdrawn</strong>" in as_oversight.get(LIST).content.decode()


def test_an_agreement_issued_through_the_service_shows_in_the_row_and_the_flag_at_once(
    as_oversight, school, trust, trust_staff, governor
):
    """Agreement versions have no history: the version sees the new row."""
    today = timezone.localdate()
    agreed = ready_for_review(
        school=school,
        trust=trust,
        status=S.AGREED,
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=355),
    )
    record_approval(agreed, governor)
    flag = {"attention": "started_without_issued_agreement"}
    assert listed(as_oversight, **flag) == [agreed.reference]
    assert "Version 1 issued" not in as_oversight.get(LIST).content.decode()
    assert figure(as_oversight.get(DASHBOARD).content.decode(), "started without an issued agreement") == 1

    agreement_issue(partnership=agreed, issued_by=trust_staff)

    assert listed(as_oversight, **flag) == []
    assert "Version 1 issued" in as_oversight.get(LIST).content.decode()
    assert figure(as_oversight.get(DASHBOARD).content.decode(), "started without an issued agreement") == 0


def test_a_review_recorded_through_the_service_moves_the_not_on_track_list_and_figure_at_once(
    as_oversight, trust_staff
):
    partnership = running_with_objectives(trust=trust_staff.trust)
    not_on_track = {"delivery": "not_on_track"}
    assert listed(as_oversight, **not_on_track) == []
    assert "of objectives on track at each partnership's last review" in as_oversight.get(DASHBOARD).content.decode()

    record_review(partnership, trust_staff, [Rating.OFF_TRACK, Rating.ON_TRACK], days_ago=20)

    assert listed(as_oversight, **not_on_track) == [partnership.reference]
    assert "(1 of 2)" in as_oversight.get(DASHBOARD).content.decode()

    record_review(partnership, trust_staff, [Rating.ON_TRACK, Rating.ON_TRACK], days_ago=2)  # the latest now

    assert listed(as_oversight, **not_on_track) == []
    assert "(2 of 2)" in as_oversight.get(DASHBOARD).content.decode()


def test_an_end_review_recorded_through_the_service_counts_in_the_outcomes_at_once(as_oversight, trust_staff):
    partnership = running_with_objectives(trust=trust_staff.trust)
    label = EndReview.Outcome.JOINED_THIS_TRUST.label
    assert bar(as_oversight.get(DASHBOARD).content.decode(), label) == 0
    assert listed(as_oversight, outcome=EndReview.Outcome.JOINED_THIS_TRUST) == []

    delivery.end_review_record(
        partnership=partnership,
        recorded_by=trust_staff,
        outcome=EndReview.Outcome.JOINED_THIS_TRUST,
        lessons="Start the reading work earlier.",
        would_recommend=True,
        achievements=[
            delivery.AchievementInput(objective=objective, achievement=ObjectiveAchievement.Achievement.ACHIEVED)
            for objective in partnership.objectives.all()
        ],
    )

    assert bar(as_oversight.get(DASHBOARD).content.decode(), label) == 1
    assert listed(as_oversight, outcome=EndReview.Outcome.JOINED_THIS_TRUST) == [partnership.reference]


def test_an_admin_action_shows_in_the_list_and_on_the_dashboard_at_once(client, school, trust, trust_staff, governor):
    from tests.accounts.factories import UserFactory

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True, role="oversight")
    agreed = ready_for_review(
        school=school,
        trust=trust,
        status=S.AGREED,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 8, 31),
    )
    record_approval(agreed, governor)
    agreement_issue(partnership=agreed, issued_by=trust_staff)
    client.force_login(superuser)
    assert bar(client.get(DASHBOARD).content.decode(), "Active") == 0
    assert listed(client, status="active") == []

    action = {"action": "activate", "_selected_action": [agreed.pk], "confirmed": "yes"}
    assert "Activated: 1 partnership." in client.post("/admin/partnerships/partnership/", action, follow=True).text

    assert bar(client.get(DASHBOARD).content.decode(), "Active") == 1
    assert listed(client, status="active") == [agreed.reference]


def test_a_trust_renamed_by_the_gias_import_shows_its_new_name_in_the_rows_at_once(as_oversight):
    """The import writes its history rows in bulk (schools/gias/writes.py): the version sees them."""
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    trust = Trust.objects.get(group_uid="16003")
    PartnershipFactory(trust=trust, status=S.ACTIVE)
    assert f"{trust.name}<br>" in as_oversight.get(LIST).content.decode()

    import_gias(NEWER_SAMPLE_ESTABLISHMENTS, NEWER_SAMPLE_GROUPS)

    page = as_oversight.get(LIST).content.decode()
    assert "Brontë Moor Learning Trust<br>" in page and f"{trust.name}<br>" not in page
