"""The roles the permission matrix does not hold (trust administrators, system leaders) on every
offers page, against the same world (tests/access_world.py). Refused requests change nothing."""

import pytest
from django.urls import reverse

from tests.access_world import shared_world
from tests.test_permission_matrix import LOGIN, MATRIX, OK, PUBLIC, Route, outcome_problem, perform, url_for

# route -> (GET, POST) for trust A's administrator, trust B's administrator and a system leader.
# A valid POST is the matrix's data for the route (or EXTRA_DATA below).
EXPECTED = {
    "offers:directory": {"admin_a": (PUBLIC, 405), "admin_b": (PUBLIC, 405), "system_leader": (PUBLIC, 405)},
    "offers:offer-detail": {"admin_a": (PUBLIC, 405), "admin_b": (PUBLIC, 405), "system_leader": (PUBLIC, 405)},
    "offers:trust-offer": {"admin_a": (OK, 405), "admin_b": (OK, 405), "system_leader": (403, 403)},
    "offers:trust-offer-edit": {"admin_a": (OK, OK), "admin_b": (OK, OK), "system_leader": (403, 403)},
    # Trust A's offer is published: it can be withdrawn, not published again. Trust B has none.
    "offers:trust-offer-publish": {"admin_a": (403, 403), "admin_b": (403, 403), "system_leader": (403, 403)},
    "offers:trust-offer-withdraw": {"admin_a": (OK, OK), "admin_b": (403, 403), "system_leader": (403, 403)},
}
EXTRA_DATA = {
    "offers:trust-offer-edit": {
        "summary": "We work alongside your leaders.",
        "support": ["headteacher_mentoring"],
        "phases": ["primary"],
        "local_authorities": "Leeds",
        "capacity": "2",
        "charges": "No charge.",
        "contact_name": "Jo Fletcher",
        "contact_email": "jo@trust.example",
    },
    "offers:trust-offer-withdraw": {"reason": "We are full this year."},
}


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(shared, db):
    return shared


def test_every_offers_route_is_listed():
    offers_routes = {name for name in MATRIX if name.startswith("offers:")}
    assert offers_routes == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_administrators_and_system_leaders(world, name):
    matrix_route = MATRIX[name]
    route = Route(
        matrix_route.get,
        matrix_route.post,
        state=matrix_route.state,
        pk=matrix_route.pk,
        data=EXTRA_DATA.get(name, matrix_route.data),
    )
    problems = []
    for role, (on_get, on_post) in EXPECTED[name].items():
        for method, expected in (("GET", on_get), ("POST", on_post)):
            refused = expected in (LOGIN, 403, 404, 405)
            url = url_for(name, route, world)
            status, response, unchanged = perform(world, role, method, url, route, refused=refused)
            problem = outcome_problem(expected, status, response, method, valid_data=route.data is not None)
            if problem is None and refused and unchanged is False:
                problem = "refused but changed rows"
            if problem:
                problems.append(f"{role} {method} {url}: expected {expected}, {problem}")
    assert not problems, "\n".join(problems)


def test_the_offer_admin_is_read_only(client, world):
    from tests.accounts.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True, role="oversight")
    client.force_login(root)
    offer = world.objects["offer"]
    assert client.get(reverse("admin:offers_offer_change", args=[offer.pk])).status_code == 200
    assert client.get(reverse("admin:offers_offer_add")).status_code == 403
    response = client.post(reverse("admin:offers_offer_change", args=[offer.pk]), {"summary": "Hijacked"})
    assert response.status_code == 403
