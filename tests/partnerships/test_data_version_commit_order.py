"""The data version must change when any write to a watched table commits, in whatever order the
writers commit (partnerships/oversight/rendered.py).

On PostgreSQL two transactions can take history ids 100 and 101 and commit in the other order: a
reader between the two commits sees the newest id and the newest date already, caches the page
without the first writer's change under that version, and nothing about the newest id or date
moves when the first writer commits. These tests hold a real transaction open on a thread while
another connection writes and commits and the reader caches, then commit it. SQLite lets one
writer at a time in, so the order cannot invert there.
"""

import re
import threading
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementVersion
from partnerships import services
from partnerships.models import Partnership
from partnerships.oversight.rendered import data_version
from tests.accounts.factories import TrustStaffFactory
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.test_oversight_list_cache import watched_tables
from tests.schools.factories import SchoolFactory, TrustFactory

S = Partnership.Status
LIST = reverse("oversight:partnership-list")
WRITERS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: commits cannot come out of order"
    ),
]


def committed_last(first: Callable[[], object], meanwhile: Callable[[], object]) -> None:
    """Run `first` in a transaction on its own thread (its own connection) and keep it open; run
    `meanwhile` here (its writes commit before `first`'s), then commit `first`."""
    wrote, release = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def writer():
        try:
            with transaction.atomic():
                first()
                wrote.set()
                assert release.wait(30), "never released"
        except BaseException as error:  # reported by the test below
            failure.append(error)
            wrote.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert wrote.wait(30), "the first writer never wrote"
        assert not failure, failure
        meanwhile()
    finally:
        release.set()
        thread.join(30)
    assert not failure, failure
    assert not thread.is_alive()


def listed(client, **query) -> list[str]:
    page = client.get(LIST, query).content.decode()
    return re.findall(r'href="/oversight/partnerships/\d+/">([^<]+)</a>', page)


def test_a_change_committed_after_a_later_one_shows_on_the_list(client, oversight):
    # Two trusts: moving a partnership locks its trust's row too, which would queue the writers.
    staff = {"first": TrustStaffFactory(), "second": TrustStaffFactory()}
    first = PartnershipFactory(status=S.DRAFT, trust=staff["first"].trust)
    second = PartnershipFactory(status=S.DRAFT, trust=staff["second"].trust)
    client.force_login(oversight)
    assert sorted(listed(client, status="draft")) == sorted([first.reference, second.reference])
    seen_between: list[list[str]] = []

    def withdraw(partnership, by):
        return services.partnership_withdraw(
            partnership=Partnership.objects.get(pk=partnership.pk), withdrawn_by=by, reason="Not going ahead."
        )

    def second_writer_then_reader():
        withdraw(second, staff["second"])  # a newer history row, committed before the first writer's
        seen_between.append(listed(client, status="draft"))  # cached while the first is uncommitted

    committed_last(lambda: withdraw(first, staff["first"]), second_writer_then_reader)

    assert seen_between == [[first.reference]]
    assert listed(client, status="draft") == [], "the first writer's withdrawal is committed but not shown"
    assert sorted(listed(client, status="withdrawn")) == sorted([first.reference, second.reference])


def _agreement_version(partnership, number: int) -> AgreementVersion:
    return AgreementVersion.objects.create(
        partnership=partnership,
        number=number,
        snapshot={"reference": partnership.reference},
        terms_sha256="0" * 64,
        generated_at=timezone.now(),
    )


@pytest.mark.parametrize("scoped", [False, True], ids=["every partnership", "one partnership"])
def test_a_row_added_to_a_model_without_history_changes_the_version_whatever_the_commit_order(scoped):
    """Agreement versions have no history: the version follows their own rows, for every
    partnership or (the task list, the agreement preview) for one."""
    partnership = PartnershipFactory(status=S.DRAFT)
    scope = {"partnership_id": partnership.pk} if scoped else {}
    seen_between: list[str] = []

    def meanwhile():
        _agreement_version(partnership, 2)
        seen_between.append(data_version((AgreementVersion,), **scope))

    committed_last(lambda: _agreement_version(partnership, 1), meanwhile)

    assert AgreementVersion.objects.filter(partnership=partnership).count() == 2
    assert data_version((AgreementVersion,), **scope) != seen_between[0]


def test_the_version_read_before_both_commits_and_after_them_differ_from_the_one_between():
    """Each of the two commits moves the version: three readings, three versions."""
    first = PartnershipFactory(status=S.DRAFT)
    second = PartnershipFactory(status=S.DRAFT)
    readings = [data_version()]

    def touch(partnership, purpose):
        with transaction.atomic():
            locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
            locked.purpose = purpose
            locked._change_reason = "Test"
            locked.save()

    def meanwhile():
        touch(second, "Second")
        readings.append(data_version())

    committed_last(lambda: touch(first, "First"), meanwhile)
    readings.append(data_version())

    assert len(set(readings)) == 3, readings
    assert Partnership.objects.get(pk=first.pk).purpose == "First"


def test_a_new_agreement_version_of_one_partnership_leaves_the_others_scoped_version_alone():
    """The task list and the agreement preview keep what they cached for every other partnership."""
    mine, other = PartnershipFactory(status=S.DRAFT), PartnershipFactory(status=S.DRAFT)
    before = {p.pk: data_version((AgreementVersion,), partnership_id=p.pk) for p in (mine, other)}

    _agreement_version(mine, 1)

    assert data_version((AgreementVersion,), partnership_id=mine.pk) != before[mine.pk]
    assert data_version((AgreementVersion,), partnership_id=other.pk) == before[other.pk]


def test_every_watched_table_has_its_triggers_and_an_unwatched_one_is_refused():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE 'data_version_%%' GROUP BY c.relname"
        )
        triggers = dict(cursor.fetchall())
    assert set(triggers) == watched_tables()[0]
    assert triggers.pop("agreements_agreementversion") == 4  # and the per-partnership one
    assert set(triggers.values()) == {3}

    with pytest.raises(ImproperlyConfigured, match="accounts_user has no commit counter"):
        data_version((get_user_model(),))


def counter(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM data_version_counter WHERE table_name = %s AND scope = 0", [table])
        return cursor.fetchone()[0]


def test_writers_committing_together_in_opposite_orders_all_commit_and_each_counts_once():
    """The counters are moved at commit in one fixed order: writers that touched two tables in
    opposite orders do not deadlock, and a transaction counts once per table however many rows."""
    trusts = [TrustFactory() for _ in range(WRITERS)]
    schools = [SchoolFactory() for _ in range(WRITERS)]
    before = {table: counter(table) for table in ("schools_trust", "schools_school")}
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(number):
        statements = [
            ("UPDATE schools_trust SET name = name WHERE id = %s", trusts[number].pk),
            ("UPDATE schools_school SET name = name WHERE id = %s", schools[number].pk),
        ]
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for sql, pk in statements if number % 2 else reversed(statements):
                    cursor.execute(sql, [pk])
                    cursor.execute(sql, [pk])
                barrier.wait(30)  # then all commit at once
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    assert {table: counter(table) - before[table] for table in before} == {
        "schools_trust": WRITERS,
        "schools_school": WRITERS,
    }
