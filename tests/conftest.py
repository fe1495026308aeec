import gc
import os
import shutil

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, settings

from tests import db_template
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.schools.factories import SchoolFactory, TrustFactory
from tests.stand_in_pdf import use_stand_ins

# Property-based tests (tests/test_fuzz_forms.py, tests/schools/test_fuzz_gias.py). "ci", the
# default, is small and repeatable (the same examples every run, nothing saved between runs);
# HYPOTHESIS_PROFILE=thorough searches further, with new examples each run.
settings.register_profile(
    "ci",
    # 15 generated submissions per form (plus each form's pinned edge cases): every form and
    # route is still fuzzed on every run; "thorough" searches 20 times further.
    max_examples=15,
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


# --- Order -------------------------------------------------------------------------------------------
# pytest-xdist hands tests to its workers in collection order, so a long test collected last (a
# browser journey, a migration, seeding the demo) keeps one worker busy while the other has
# finished. So: tests that need no database first (they run while the test database template is
# built), then the long ones (longest-processing-time-first scheduling), then the rest in their
# order, so that a module's shared world is still built once a worker. (Dealing the list out to the
# workers like cards split every module across both and cost more than it saved.)
LONG_FIRST = ("browser", "long", "real_pdf")  # journeys first, then other long tests, then documents
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def _rank(item) -> int:
    if item.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(item.fixturenames):
        return -1
    for rank, name in enumerate(LONG_FIRST):
        if item.get_closest_marker(name) is not None:
            return rank
    return len(LONG_FIRST)


def pytest_collection_modifyitems(config, items):
    items.sort(key=_rank)


# --- The test database ----------------------------------------------------------------------------
# Each worker starts from a copy of the migrated template (tests/db_template.py).


def _remove_copies_of_ended_runs() -> None:
    """A run stopped by a signal leaves its copy behind; remove those of processes that are gone."""
    for path in db_template.TEMPLATE_DIR.glob("tp-test-[0-9]*-*.sqlite3*"):
        pid = int(path.name.split("-")[2])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
        except PermissionError:
            pass


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """With the template, the worker's copy is already migrated: keep it rather than recreate it."""
    return request.config.getvalue("reuse_db") or db_template.use_template()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    if not db_template.use_template():
        yield
        return
    from django.conf import settings as django_settings

    _remove_copies_of_ended_runs()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    copy = db_template.TEMPLATE_DIR / f"tp-test-{os.getpid()}-{worker}.sqlite3"
    shutil.copyfile(db_template.template(), copy)
    django_settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(copy)
    yield
    copy.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: a rolled-back test's rows can share ids (and so a cache
    key) with the next test's on SQLite."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def template_context(request, monkeypatch):
    """Django's test environment makes every template render send a signal on which the test
    client stores the template and a copy of its context (a form page renders hundreds of
    templates). Only tests that read ``response.context`` need it: they are marked
    ``@pytest.mark.template_context``; elsewhere templates render as they do in production."""
    if request.node.get_closest_marker("template_context") is None:
        from django.template.base import Template
        from django.test.utils import _TestState

        monkeypatch.setattr(Template, "_render", _TestState.saved_data.template_render)


@pytest.fixture(autouse=True)
def stand_in_renderer(request, monkeypatch):
    """WeasyPrint only where the test is about the document (``@pytest.mark.real_pdf``); elsewhere
    every agreement version gets a real one-page PDF at once, so hashes and downloads still work."""
    if request.node.get_closest_marker("real_pdf") is None:
        use_stand_ins(monkeypatch)


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


# --- Garbage collection -----------------------------------------------------------------------------
# Django, the apps and 1,800 collected tests are hundreds of thousands of long-lived objects that
# every full collection walks again. Once collection is done they are frozen out of the collector's
# sight, and the youngest generation is collected less often (the suite's garbage is short-lived
# request and ORM objects; cycles are still collected).
def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
