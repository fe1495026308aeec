"""Term edits racing "send for review", with real database connections in threads.

Every term service locks the partnership row (SELECT ... FOR UPDATE) and re-checks its status
inside its transaction, and sending for review locks the same row, so each edit either lands
before the review draft is made (and is in it) or is refused: the draft the governors read and
the stored terms end up identical. SQLite serialises writers anyway; the locks matter on
PostgreSQL, where this test runs (`scripts/with-postgres`).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from agreements.snapshot import agreed_terms_fingerprint, build_terms
from partnerships import services
from partnerships.models import Clause, Partnership
from tests.partnerships.factories import ready_for_review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"),
]

EDITORS = 12


def run_at_once(*jobs) -> list:
    """Start every job together on its own thread (own connection); what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # collected and judged by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_clause_edits_during_send_for_review_leave_the_draft_and_the_terms_identical(
    school, trust, trust_staff
):
    partnership = ready_for_review(school=school, trust=trust)
    for number in range(EDITORS - 1):
        services.clause_create(
            partnership=partnership, created_by=trust_staff, section=10, heading=f"Clause {number}", body="Before."
        )
    clause_ids = list(Clause.objects.filter(partnership=partnership).values_list("pk", flat=True))

    def edit(clause_id):
        def job():
            clause = Clause.objects.select_related("partnership").get(pk=clause_id)
            return services.clause_update(clause=clause, updated_by=trust_staff, body=f"Edited {clause_id}.")

        return job

    def send():
        return services.partnership_submit_for_review(
            partnership=Partnership.objects.get(pk=partnership.pk), submitted_by=trust_staff
        )

    results = run_at_once(send, *(edit(clause_id) for clause_id in clause_ids))

    assert not isinstance(results[0], Exception), results[0]
    refused = [result for result in results[1:] if isinstance(result, Exception)]
    assert all(isinstance(error, ValidationError) for error in refused), refused
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.IN_REVIEW
    draft = partnership.agreement_versions.get()
    assert draft.agreed_fingerprint == agreed_terms_fingerprint(build_terms(partnership))
    edited = Clause.objects.filter(partnership=partnership, body__startswith="Edited").count()
    assert edited == EDITORS - len(refused)


def test_a_key_details_save_cannot_undo_a_send_for_review(school, trust, trust_staff):
    partnership = ready_for_review(school=school, trust=trust)

    def save_details():
        return services.partnership_update_details(
            partnership=Partnership.objects.get(pk=partnership.pk),
            updated_by=trust_staff,
            purpose="Changed at the last moment",
            expected_version=partnership.version,
        )

    def send():
        return services.partnership_submit_for_review(
            partnership=Partnership.objects.get(pk=partnership.pk), submitted_by=trust_staff
        )

    run_at_once(send, save_details)

    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.IN_REVIEW
    draft = partnership.agreement_versions.get()
    assert draft.agreed_fingerprint == agreed_terms_fingerprint(build_terms(partnership))


def test_a_status_change_locks_its_partnership_not_the_trust_or_school_with_it(school, trust, trust_staff):
    """Moving one partnership must not hold up the same trust's other partnerships, or a GIAS
    import updating the school or trust: the lock is the partnership's row alone."""
    from django.db import transaction

    from partnerships.services.lifecycle import _locked
    from schools.models import School, Trust
    from tests.partnerships.factories import PartnershipFactory

    first = PartnershipFactory(school=school, trust=trust)
    other = PartnershipFactory(trust=trust)
    holding, release = threading.Event(), threading.Event()

    def hold_the_first():
        with transaction.atomic():
            _locked(first)
            holding.set()
            release.wait(timeout=30)

    def reach_the_rest():
        holding.wait(timeout=30)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                _locked(other)
                Trust.objects.select_for_update().get(pk=trust.pk)
                School.objects.select_for_update().get(pk=school.pk)
            return "not blocked"
        finally:
            release.set()

    assert run_at_once(hold_the_first, reach_the_rest)[1] == "not blocked"
