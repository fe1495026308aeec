"""The history manager's class is made once (config/history_manager.py), and still answers for
the model or for one instance as django-simple-history's own does."""

import pytest

from schools.models import Trust
from tests.schools.factories import TrustFactory

pytestmark = pytest.mark.django_db


def test_history_is_one_manager_class_and_still_scoped_to_the_instance():
    first, second = TrustFactory(name="First Trust"), TrustFactory(name="Second Trust")
    first.name = "First Trust renamed"
    first.save()

    assert type(Trust.history) is type(first.history) is type(second.history)
    assert [row.name for row in first.history.order_by("history_id")] == ["First Trust", "First Trust renamed"]
    assert [row.name for row in second.history.all()] == ["Second Trust"]
    assert Trust.history.filter(id__in=[first.pk, second.pk]).count() == 3
    assert first.history.most_recent().name == "First Trust renamed"
