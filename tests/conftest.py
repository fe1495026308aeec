import os

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, settings

from agreements import services as agreement_services
from delivery.services import reports as report_services
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.schools.factories import SchoolFactory, TrustFactory
from tests.stand_in_pdf import quick_render, quick_report_render

# Property-based tests (tests/test_fuzz_forms.py, tests/schools/test_fuzz_gias.py). "ci", the
# default, is small and repeatable (the same examples every run, nothing saved between runs);
# HYPOTHESIS_PROFILE=thorough searches further, with new examples each run.
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: a rolled-back test's rows can share ids (and so a cache
    key) with the next test's on SQLite."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def stand_in_renderer(request, monkeypatch):
    """WeasyPrint only where the test is about the document (``@pytest.mark.real_pdf``); elsewhere
    every agreement version gets a real one-page PDF at once, so hashes and downloads still work."""
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr(agreement_services, "render_pdf", quick_render)
        monkeypatch.setattr(report_services, "render_report_pdf", quick_report_render)


@pytest.fixture
def trust(db):
    return TrustFactory(name="Northern Lights Academy Trust", group_id="TR02343", companies_house_number="07654321")


@pytest.fixture
def school(db):
    return SchoolFactory(name="St Hilda's Church of England Primary School", urn="107654")


@pytest.fixture
def trust_staff(trust):
    return TrustStaffFactory(username="staff", first_name="Priya", last_name="Shah", trust=trust)


@pytest.fixture
def governor(school):
    return GovernorFactory(username="governor", first_name="Daniel", last_name="Okafor", school=school)


@pytest.fixture
def oversight(db):
    return OversightFactory(username="oversight", first_name="Helen", last_name="Wright")
