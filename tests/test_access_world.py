"""The helper the matrices use to tell whether a request changed any row (tests/access_world.py)."""

import pytest

from schools.models import Trust
from tests.access_world import run_and_compare, table_state
from tests.schools.factories import TrustFactory

pytestmark = pytest.mark.django_db


def names():
    return sorted(Trust.objects.values_list("name", flat=True))


def test_a_write_that_changes_a_row_is_seen_and_the_state_before_it_is_restored():
    trust = TrustFactory(name="Before")
    updated, changed = run_and_compare(lambda: Trust.objects.filter(pk=trust.pk).update(name="After"), state=names)
    assert (updated, changed) == (1, True)
    assert names() == ["Before"]


def test_a_new_row_changes_the_table_state():
    _trust, changed = run_and_compare(lambda: TrustFactory(name="New"))
    assert changed


def test_reading_or_rewriting_the_same_values_changes_nothing():
    trust = TrustFactory(name="Same")
    assert run_and_compare(lambda: Trust.objects.count(), state=names) == (1, False)
    assert run_and_compare(lambda: Trust.objects.filter(pk=trust.pk).update(name="Same"), state=names) == (1, False)
    assert table_state()["schools.Trust"] == 1
