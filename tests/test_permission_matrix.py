"""The permission matrix: every named route × every role × GET and POST, against objects of tenant A.

The routes come from the URLconf itself (`get_resolver()`, walked through every include and
namespace), so a page added without a line in MATRIX fails `test_route_access` by name: nobody
can add an unchecked page. The Django admin has its own tests (tests/test_admin.py).

Roles: anonymous, trust staff of trust A and of trust B, governors of school A and of school B,
and an oversight admin. Every object belongs to tenant A (trust A with school A), so B's people
are always out of scope. Outcomes:

    LOGIN     302 to the sign-in page with ?next= (anonymous on a signed-in page)
    OK        GET: 200. POST of the route's valid data: a redirect (it worked). A POST without
              data (a page that takes POST but needs none) may also answer 200
    PUBLIC    200 for anyone (sign-in, check an agreement, /healthz)
    REDIRECT  a redirect that is not to the sign-in page (sign-in while signed in, sign-out)
    403       in scope but not allowed (a governor editing terms, oversight changing anything)
    404       out of scope (another trust's or school's partnership, another trust's clause)
    405       the page does not take that method

Every refused request (LOGIN, 403, 404, 405) must leave every table exactly as it was.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_world import ROLES, shared_world, table_state
from tests.stand_in_pdf import tiny_pdf

LOGIN, OK, PUBLIC, REDIRECT = "LOGIN", "OK", "PUBLIC", "REDIRECT"
REFUSED = (LOGIN, 403, 404, 405)
EXCLUDED_NAMESPACES = {"admin"}


def roles(anonymous=LOGIN, staff_a=OK, staff_b=404, governor_a=OK, governor_b=404, oversight=OK) -> dict:
    """Expected outcome for each role; the defaults are "read a partnership of tenant A"."""
    return dict(
        anonymous=anonymous,
        staff_a=staff_a,
        staff_b=staff_b,
        governor_a=governor_a,
        governor_b=governor_b,
        oversight=oversight,
    )


# Who may do what, by kind of page.
READ = roles()  # anyone who can see the partnership
READ_NO_POST = roles(staff_a=405, governor_a=405, oversight=405)
STAFF_ACT = roles(governor_a=403, oversight=403)  # the partnership's trust staff only
STAFF_ACT_NO_GET = roles(staff_a=405, governor_a=403, oversight=403)
GOVERNOR_ONLY = roles(staff_a=403, oversight=403)  # the school's governors only
STAFF_OR_GOVERNOR = roles(oversight=403)  # comments
STAFF_OR_OVERSIGHT = roles(governor_a=403)  # the change history
ANY_STAFF = roles(staff_b=OK, governor_a=403, governor_b=403, oversight=403)  # their own trust's pages
ANY_STAFF_NO_POST = roles(staff_a=405, staff_b=405, governor_a=403, governor_b=403, oversight=403)
OVERSIGHT_ONLY = roles(staff_a=403, staff_b=403, governor_a=403, governor_b=403)
NOBODY_POSTS = roles(staff_a=403, staff_b=403, governor_a=403, governor_b=403, oversight=403)
SIGNED_IN = roles(staff_b=OK, governor_b=OK)
EVERYONE = roles(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC)
NOBODY = roles(405, 405, 405, 405, 405, 405)
SIGN_IN = roles(PUBLIC, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
SIGN_OUT = roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)


def day(name: str, value: str) -> dict:
    """A GOV.UK date input's three boxes from "d/m/yyyy"."""
    d, m, y = value.split("/")
    return {f"{name}_0": d, f"{name}_1": m, f"{name}_2": y}


KEY_DETAILS = {
    "purpose": "Leadership support",
    "trust_lead_name": "Priya Shah",
    "trust_lead_role": "Director",
    "trust_lead_email": "priya@trust.example",
    "chair_of_governors_name": "Daniel Okafor",
    "chair_of_governors_email": "",
    "headteacher_name": "Margaret Ellis",
    "headteacher_email": "",
    "payment_terms": "Termly",
    "purchase_order_reference": "",
}
CLAUSE = {"section": "10", "heading": "Services", "body": "The Trust will provide the services."}
COST = {"description": "Mentoring", "amount": "150.00", "frequency": "termly", "vat_treatment": "standard"}
OBJECTIVE = {
    "description": "Improve phonics",
    "measure_of_success": "Check pass rate up",
    **day("target_date", "1/7/2028"),
}
ACTIVITY = {
    "category": "headteacher_mentoring",
    "title": "Mentoring",
    "description": "",
    "lead": "Jo Fletcher",
    **day("starts_on", "1/10/2027"),
    **day("ends_on", "1/7/2028"),
}
NEW_PARTNERSHIP_ANSWERS = {
    "start_date": "2027-01-04",
    "end_date": "2028-01-03",
    **KEY_DETAILS,
}


@dataclass
class Route:
    """One route's expectations. `state` picks which of tenant A's partnerships fills `pk`;
    `pk` says what else a `pk` is (a library clause); `item` what `item_pk` is."""

    get: dict
    post: dict
    state: str = "draft"
    data: dict | None = None  # or a callable (world) -> dict, for ids only the world knows
    pk: str = "partnership"
    item: str = ""
    version: str = "issued"
    refused_in: tuple = ()  # states of the same partnership where the allowed role gets 403
    prepare: object = None
    notes: str = ""
    files: object = None  # a callable (world) -> uploaded files


def _saved_answers(client, world):
    session = client.session
    session[f"new_partnership_{world.new_school.urn}"] = dict(NEW_PARTNERSHIP_ANSWERS)
    session.save()


REVIEW = {
    **day("held_on", "1/12/2026"),
    "trust_attendees": "Priya Shah, Director",
    "school_attendees": "Margaret Ellis, Headteacher",
    "notes": "",
}


def _review(world):
    """The review form rates each objective by its id: the agreed partnership has one."""
    objective = world.by_state["agreed"].objective
    return {**REVIEW, f"rating_{objective.pk}": "on_track", f"evidence_{objective.pk}": "Visits"}


def _end_review(world):
    objective = world.by_state["agreed"].objective
    return {
        "outcome": "joined_this_trust",
        "lessons": "Start the data work earlier.",
        "would_recommend": "True",
        f"achievement_{objective.pk}": "achieved",
    }


def _evidence_upload(world):
    return {"file": SimpleUploadedFile("visits.pdf", tiny_pdf("visits"), content_type="application/pdf")}


def _pdf_upload(world):
    return {"pdf": SimpleUploadedFile("agreement.pdf", tiny_pdf("not issued"), content_type="application/pdf")}


# ---- THE MATRIX: route name -> expected outcome per role, for GET and for POST ----------------------
MATRIX = {
    # Site
    "healthz": Route(EVERYONE, NOBODY, state=""),
    "login": Route(SIGN_IN, SIGN_IN, state="", data={"username": "nobody", "password": "wrong"}),
    "logout": Route(NOBODY, SIGN_OUT, state=""),
    # Signed-in home and starting a partnership
    # Oversight's home is the dashboard.
    "partnerships:home": Route(
        roles(staff_b=OK, governor_b=OK, oversight=REDIRECT),
        roles(staff_b=OK, governor_b=OK, oversight=REDIRECT),
        state="",
    ),
    "partnerships:partnership-start": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "partnerships:partnership-start-details": Route(
        ANY_STAFF,
        ANY_STAFF,
        state="",
        data={**KEY_DETAILS, **day("start_date", "4/1/2027"), **day("end_date", "3/1/2028")},
    ),
    "partnerships:partnership-start-check": Route(ANY_STAFF, ANY_STAFF, state="", data={}, prepare=_saved_answers),
    # One partnership: trust staff pages
    # Governors and oversight are sent on to their own page for the partnership.
    "partnerships:partnership-detail": Route(roles(governor_a=REDIRECT, oversight=REDIRECT), READ_NO_POST),
    "partnerships:partnership-update": Route(
        STAFF_ACT,
        STAFF_ACT,
        data={**KEY_DETAILS, **day("start_date", "1/9/2027"), **day("end_date", "31/8/2028")},
        refused_in=("in_review", "agreed"),
    ),
    "partnerships:partnership-history": Route(STAFF_OR_OVERSIGHT, roles(governor_a=403, staff_a=405, oversight=405)),
    "partnerships:partnership-submit": Route(STAFF_ACT, STAFF_ACT, data={}, refused_in=("in_review", "agreed")),
    "partnerships:partnership-withdraw": Route(
        STAFF_ACT, STAFF_ACT, data={"reason": "The school found another trust."}, refused_in=("agreed", "withdrawn")
    ),
    "partnerships:partnership-end-early": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        data={"reason": "Conversion", **day("ended_on", "31/3/2027")},
        refused_in=("draft", "in_review"),
    ),
    "partnerships:partnership-extend": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed_unissued",
        data={"reason": "More time", **day("end_date", "28/2/2031")},
        refused_in=("draft",),
    ),
    "partnerships:comment-create": Route(
        STAFF_OR_GOVERNOR,
        STAFF_OR_GOVERNOR,
        data={"body": "Looks right", "section": "", "clause": ""},
        refused_in=("withdrawn",),
    ),
    # Comment threads (the comment is governor A's, on a clause)
    "partnerships:comment-reply": Route(
        STAFF_OR_GOVERNOR, STAFF_OR_GOVERNOR, item="comment", data={"body": "Yes, monthly."}, refused_in=("withdrawn",)
    ),
    "partnerships:comment-update": Route(
        roles(staff_a=403, oversight=403),
        roles(staff_a=403, oversight=403),
        item="comment",
        data={"body": "Could this say how often we meet?"},
        refused_in=("withdrawn",),
    ),
    "partnerships:comment-delete": Route(
        roles(staff_a=403, oversight=403),
        roles(staff_a=403, oversight=403),
        item="comment",
        data={},
        refused_in=("withdrawn",),
    ),
    "partnerships:comment-resolve": Route(
        roles(staff_a=405, governor_a=405, oversight=403),
        STAFF_OR_GOVERNOR,
        item="comment",
        data={},
        refused_in=("withdrawn",),
    ),
    "partnerships:comment-reopen": Route(
        roles(staff_a=405, governor_a=405, oversight=403),
        roles(oversight=403),
        item="comment",
        data={},
        refused_in=("withdrawn",),
        notes="reopening an open thread is refused with a message and a redirect",
    ),
    # Terms and conditions
    "partnerships:clause-list": Route(READ, READ_NO_POST),
    "partnerships:clause-create": Route(STAFF_ACT, STAFF_ACT, data=CLAUSE, refused_in=("in_review", "agreed")),
    "partnerships:clause-add-from-library": Route(
        STAFF_ACT, STAFF_ACT, data={"library_clause": "<library_clause_a>"}, refused_in=("agreed",)
    ),
    "partnerships:clause-update": Route(STAFF_ACT, STAFF_ACT, item="clause", data=CLAUSE, refused_in=("agreed",)),
    "partnerships:clause-delete": Route(STAFF_ACT, STAFF_ACT, item="clause", data={}, refused_in=("agreed",)),
    "partnerships:clause-move": Route(
        STAFF_ACT_NO_GET, STAFF_ACT, item="clause", data={"direction": "down"}, refused_in=("agreed",)
    ),
    # Service charge
    "partnerships:cost-line-list": Route(READ, READ_NO_POST),
    "partnerships:partnership-charging": Route(
        STAFF_ACT, STAFF_ACT, data={"no_charge": "False"}, refused_in=("agreed",)
    ),
    "partnerships:cost-line-create": Route(STAFF_ACT, STAFF_ACT, data=COST, refused_in=("agreed",)),
    "partnerships:cost-line-update": Route(STAFF_ACT, STAFF_ACT, item="cost_line", data=COST, refused_in=("agreed",)),
    "partnerships:cost-line-delete": Route(STAFF_ACT, STAFF_ACT, item="cost_line", data={}, refused_in=("agreed",)),
    # Objectives and activities
    "partnerships:objective-list": Route(READ, READ_NO_POST),
    "partnerships:objective-create": Route(STAFF_ACT, STAFF_ACT, data=OBJECTIVE, refused_in=("agreed",)),
    "partnerships:objective-update": Route(
        STAFF_ACT, STAFF_ACT, item="objective", data=OBJECTIVE, refused_in=("agreed",)
    ),
    "partnerships:objective-delete": Route(STAFF_ACT, STAFF_ACT, item="objective", data={}, refused_in=("agreed",)),
    "partnerships:activity-list": Route(READ, READ_NO_POST),
    "partnerships:activity-create": Route(STAFF_ACT, STAFF_ACT, data=ACTIVITY, refused_in=("agreed",)),
    "partnerships:activity-update": Route(STAFF_ACT, STAFF_ACT, item="activity", data=ACTIVITY, refused_in=("agreed",)),
    "partnerships:activity-progress": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        item="activity",
        data={"status": "in_progress", "impact_notes": "Going well"},
        refused_in=("draft", "in_review"),
    ),
    "partnerships:activity-delete": Route(STAFF_ACT, STAFF_ACT, item="activity", data={}, refused_in=("agreed",)),
    # The trust's clause library (pk is trust A's library clause)
    "partnerships:library-clause-list": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "partnerships:library-clause-create": Route(ANY_STAFF, ANY_STAFF, state="", data=CLAUSE),
    "partnerships:library-clause-update": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="library_clause",
        data=CLAUSE,
    ),
    "partnerships:library-clause-archive": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="library_clause",
        data={},
    ),
    "partnerships:library-clause-restore": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="library_clause",
        data={},
    ),
    # School governors
    "partnerships:governor-partnership-detail": Route(READ, READ_NO_POST, state="in_review"),
    "partnerships:approve": Route(
        GOVERNOR_ONLY, GOVERNOR_ONLY, state="in_review", data={"comment": ""}, refused_in=("draft", "agreed")
    ),
    "partnerships:request-changes": Route(
        GOVERNOR_ONLY,
        GOVERNOR_ONLY,
        state="in_review",
        data={"reason": "Please add a clause on safeguarding."},
        refused_in=("draft", "agreed"),
    ),
    "partnerships:governor-comment-create": Route(
        STAFF_OR_GOVERNOR,
        STAFF_OR_GOVERNOR,
        state="in_review",
        data={"body": "We discussed this", "section": "", "clause": ""},
        refused_in=("withdrawn",),
    ),
    "partnerships:academisation": Route(
        GOVERNOR_ONLY,
        GOVERNOR_ONLY,
        state="agreed",
        data={"outcome": "undecided", "notes": ""},
        refused_in=("draft", "in_review"),
    ),
    # Service pages: public, read only; feedback from anyone, read by oversight
    "support:accessibility": Route(EVERYONE, NOBODY, state=""),
    "support:privacy": Route(EVERYONE, NOBODY, state=""),
    "support:cookies": Route(EVERYONE, NOBODY, state=""),
    "support:help": Route(EVERYONE, NOBODY, state=""),
    "support:feedback-sent": Route(EVERYONE, NOBODY, state=""),
    # POSTed empty, the form asks for an answer (200); a valid one is tested in tests/support/.
    "support:feedback": Route(EVERYONE, EVERYONE, state=""),
    "support:feedback-list": Route(
        OVERSIGHT_ONLY, roles(staff_a=403, staff_b=403, governor_a=403, governor_b=403, oversight=405), state=""
    ),
    # Oversight (read only, every partnership)
    "oversight:dashboard": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state=""),
    "oversight:partnership-list": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state=""),
    "oversight:partnership-export": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state=""),
    "oversight:partnership-detail": Route(OVERSIGHT_ONLY, NOBODY_POSTS),
    # The agreement (state "agreed" has an issued version and a newer draft)
    "agreements:agreement-detail": Route(READ, READ_NO_POST, state="agreed"),
    "agreements:version-list": Route(READ, READ_NO_POST, state="agreed"),
    "agreements:version-detail": Route(READ, READ_NO_POST, state="agreed", version="draft"),
    "agreements:version-download": Route(READ, READ_NO_POST, state="agreed"),
    "agreements:draft-generate": Route(STAFF_ACT_NO_GET, STAFF_ACT, data={}, refused_in=("withdrawn",)),
    "agreements:agreement-issue": Route(
        STAFF_ACT, STAFF_ACT, state="agreed_unissued", data={}, refused_in=("draft", "in_review")
    ),
    "agreements:agreement-verify": Route(EVERYONE, EVERYONE, state="", data={}, files=_pdf_upload),
    # Trust Partnership Offers. Public: the directory and a published offer (pk: trust A's offer).
    "offers:directory": Route(EVERYONE, NOBODY, state=""),
    "offers:offer-detail": Route(EVERYONE, NOBODY, state="", pk="offer"),
    # The trust's own offer: its people read it; only trust administrators (not a role here, see
    # tests/offers/test_access.py) write, publish and withdraw it.
    "offers:trust-offer": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "offers:trust-offer-edit": Route(NOBODY_POSTS, NOBODY_POSTS, state=""),
    "offers:trust-offer-publish": Route(NOBODY_POSTS, NOBODY_POSTS, state=""),
    "offers:trust-offer-withdraw": Route(NOBODY_POSTS, NOBODY_POSTS, state=""),
    # Delivery and impact: review meetings (state "agreed" runs 1 September 2026 to 31 August 2027)
    "delivery:review-list": Route(READ, READ_NO_POST, state="agreed"),
    "delivery:review-schedule": Route(
        STAFF_ACT, STAFF_ACT, state="agreed", data=day("scheduled_for", "8/12/2026"), refused_in=("draft", "in_review")
    ),
    "delivery:review-create": Route(STAFF_ACT, STAFF_ACT, state="agreed", data=_review, refused_in=("draft",)),
    "delivery:review-detail": Route(READ, READ_NO_POST, state="agreed", item="review_meeting"),
    "delivery:review-record": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        item="scheduled_review",
        data=_review,
        refused_in=("draft",),
    ),
    "delivery:review-action-create": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        item="review_meeting",
        data={"description": "Share the data", "owner": "Jo Fletcher", **day("due_on", "1/2/2027")},
        refused_in=("in_review",),
    ),
    "delivery:review-comment-create": Route(
        STAFF_OR_GOVERNOR,
        STAFF_OR_GOVERNOR,
        state="agreed",
        item="review_meeting",
        data={"body": "Discussed at the full governing body"},
        refused_in=("draft", "withdrawn"),
    ),
    "delivery:objective-ratings": Route(READ, READ_NO_POST, state="agreed", item="objective"),
    # The impact report: "impact_report" is shared, "draft_report" is not (a 404 but for the trust's staff)
    "delivery:impact-report": Route(READ, READ_NO_POST, state="agreed"),
    "delivery:impact-report-generate": Route(
        STAFF_ACT, STAFF_ACT, state="agreed", data={"context_narrative": "Two RI inspections"}, refused_in=("draft",)
    ),
    "delivery:impact-report-version": Route(READ, READ_NO_POST, state="agreed", item="impact_report"),
    "delivery:impact-report-download": Route(READ, READ_NO_POST, state="agreed", item="impact_report"),
    "delivery:impact-report-share": Route(
        roles(governor_a=404, oversight=404),
        roles(governor_a=404, oversight=404),
        state="agreed",
        item="draft_report",
        data={},
    ),
    # Evidence for an activity (a PDF of tenant A's activity)
    "delivery:activity-evidence": Route(READ, READ_NO_POST, state="agreed", item="activity"),
    "delivery:evidence-create": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        item="activity",
        data={"title": "Lesson visit notes", "url": ""},
        files=_evidence_upload,
        refused_in=("draft", "in_review"),
    ),
    "delivery:evidence-download": Route(READ, READ_NO_POST, state="agreed", item="evidence"),
    "delivery:evidence-delete": Route(
        STAFF_ACT, STAFF_ACT, state="agreed", item="evidence", data={}, refused_in=("draft",)
    ),
    # Oversight's exports of reviews and outcomes
    "delivery:review-export": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state=""),
    "delivery:outcome-export": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state=""),
    "delivery:end-review": Route(STAFF_ACT, STAFF_ACT, state="agreed", data=_end_review, refused_in=("in_review",)),
}


# ---- Routes from the URLconf ---------------------------------------------------------------------


def _walk(patterns, namespaces=(), converters=None):
    for entry in patterns:
        found = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES or entry.app_name in EXCLUDED_NAMESPACES:
                continue
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), tuple(found)


def url_routes() -> dict[str, tuple[str, ...]]:
    """Every named route outside the admin, with the keyword names its URL needs."""
    return dict(_walk(get_resolver().url_patterns))


ROUTES = url_routes()


def test_the_urlconf_has_the_routes_the_matrix_expects():
    # A sanity check on the walk itself: includes and namespaces are followed, the admin is not.
    assert "partnerships:clause-update" in ROUTES and ROUTES["partnerships:clause-update"] == ("pk", "item_pk")
    assert "agreements:version-download" in ROUTES
    assert not any(name.startswith("admin:") for name in ROUTES)


def test_every_entry_in_the_matrix_is_a_route():
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, f"MATRIX names routes the URLconf no longer has: {stale}"


# ---- Running one request ---------------------------------------------------------------------------


def url_for(name: str, route: Route, world, state: str | None = None) -> str:
    state = route.state if state is None else state
    kwargs = {}
    for kwarg in ROUTES[name]:
        if kwarg == "pk":
            if route.pk in world.objects:
                kwargs[kwarg] = world.objects[route.pk].pk
            else:
                kwargs[kwarg] = (
                    world.library_clause_a.pk if route.pk == "library_clause" else world.partnership(state).pk
                )
        elif kwarg == "item_pk":
            kwargs[kwarg] = getattr(world.by_state[state], route.item).pk
        elif kwarg == "urn":
            kwargs[kwarg] = world.new_school.urn
        elif kwarg == "number":
            kwargs[kwarg] = world.versions[route.version].number
        else:
            pytest.fail(f"{name}: no way to fill the URL keyword {kwarg!r}; teach url_for in {__file__} about it")
    return reverse(name, kwargs=kwargs)


def post_data(route: Route, world) -> dict:
    data = dict((route.data(world) if callable(route.data) else route.data) or {})
    for key, value in data.items():
        if value == "<library_clause_a>":
            data[key] = str(world.library_clause_a.pk)
    return {**data, **(route.files(world) if callable(route.files) else {})}


def perform(world, role: str, method: str, url: str, route: Route, *, refused: bool):
    """One request by one role in a savepoint that is rolled back: what it returned, and whether
    a refused request left the tables as they were."""
    with transaction.atomic():
        client = Client()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        if route.prepare:
            route.prepare(client, world)
        before = table_state() if refused else None
        try:
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, post_data(route, world))
        except Exception as error:
            transaction.set_rollback(True)
            return 500, f"{type(error).__name__}: {error}", None
        after = table_state() if refused else None
        transaction.set_rollback(True)
    return response.status_code, response, before == after


def outcome_problem(expected, status, response, method: str, valid_data: bool = False) -> str | None:
    """Why the response does not meet the expectation, or None if it does."""
    location = response.get("Location", "") if hasattr(response, "get") else ""
    sign_in = resolve_url(settings.LOGIN_URL)
    if status == 500:
        return f"500 ({response})"
    if expected == LOGIN:
        ok = status == 302 and location.startswith(f"{sign_in}?next=")
    elif expected == PUBLIC:
        ok = status == 200
    elif expected == REDIRECT:
        ok = status in (302, 303) and not location.startswith(f"{sign_in}?next=")
    elif expected == OK and method == "GET":
        ok = status == 200
    elif expected == OK:  # the route's valid data must succeed: a redirect, not a re-rendered form
        ok = status in (302, 303) and not location.startswith(f"{sign_in}?next=")
        ok = ok or (status == 200 and not valid_data)
    else:
        ok = status == expected
    if ok:
        return None
    return f"got {status}{' → ' + location if location else ''}"


def check(world, name: str, route: Route, cases) -> list[str]:
    """Run each (role, method, expected, state) case; describe every one that went wrong."""
    problems = []
    for role, method, expected, state in cases:
        url = url_for(name, route, world, state)
        status, response, unchanged = perform(world, role, method, url, route, refused=expected in REFUSED)
        problem = outcome_problem(expected, status, response, method, valid_data=route.data is not None)
        if problem is None and expected in REFUSED and unchanged is False:
            problem = "refused but changed rows"
        if problem:
            problems.append(f"{role:<10} {method:<4} {url}: expected {expected}, {problem}")
    return problems


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(shared, db):
    return shared


@pytest.mark.parametrize("name", sorted(set(ROUTES) | set(MATRIX)))
def test_route_access(world, name):
    if name not in MATRIX:
        pytest.fail(
            f"Route {name!r} is not in the permission matrix. Add it to MATRIX in tests/test_permission_matrix.py "
            "with the expected outcome of GET and POST for each role."
        )
    route = MATRIX[name]
    cases = [
        (role, method, expectations[role], None)
        for method, expectations in (("GET", route.get), ("POST", route.post))
        for role in ROLES
    ]
    problems = check(world, name, route, cases)
    assert not problems, f"{name}:\n" + "\n".join(problems)


STATE_GATES = sorted((name, state) for name, route in MATRIX.items() for state in route.refused_in)


@pytest.mark.parametrize(("name", "state"), STATE_GATES, ids=[f"{n}@{s}" for n, s in STATE_GATES])
def test_allowed_role_is_refused_in_the_wrong_state(world, name, state):
    """The person who may act on the page in one state gets 403 in another, and nothing changes."""
    route = MATRIX[name]
    allowed = [role for role in ROLES if route.post[role] == OK]
    cases = [(role, "POST", 403, state) for role in allowed]
    cases += [(role, "GET", 403, state) for role in allowed if route.get[role] == OK]
    problems = check(world, name, route, cases)
    assert not problems, f"{name} when {state}:\n" + "\n".join(problems)


ITEM_ROUTES = sorted(name for name, route in MATRIX.items() if route.item)


@pytest.mark.parametrize("name", ITEM_ROUTES)
@pytest.mark.parametrize("owner", ["other trust's partnership", "same trust's other partnership"])
def test_an_item_of_another_partnership_is_not_found(world, name, owner):
    """A clause, cost line, objective or activity id put under a partnership it does not belong
    to is a 404, even for the trust staff who may edit that partnership, and changes nothing."""
    route = MATRIX[name]
    tenant = (
        world.other if owner.startswith("other") else world.by_state["agreed" if route.state != "agreed" else "draft"]
    )
    url = reverse(name, kwargs={"pk": world.partnership(route.state).pk, "item_pk": getattr(tenant, route.item).pk})
    problems = []
    methods = [method for method, expected in (("GET", route.get), ("POST", route.post)) if expected["staff_a"] == OK]
    for method in methods:
        status, response, unchanged = perform(world, "staff_a", method, url, route, refused=True)
        expected = 404
        problem = outcome_problem(expected, status, response, method) or (None if unchanged else "changed rows")
        if problem:
            problems.append(f"{method} {url}: expected 404, {problem}")
    assert not problems, "\n".join(problems)
