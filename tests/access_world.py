"""Two tenants for the access tests: trust A with school A, trust B with school B, one user of each
role, and partnerships of tenant A in every state a page needs, each with one of everything
(clause, cost line, objective, activity, comment) so every URL keyword can be filled.

Shared by the permission matrix, the form-scope tests and the fuzz tests. Built with factories
(fast); agreement versions go through agreements.services with a one-page stand-in PDF, since
these tests are about who may reach a page, not about the document.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, User
from agreements import services as agreement_services
from delivery.models import ReviewMeeting
from partnerships import services as partnership_services
from partnerships.models import Comment, Partnership, TermDates
from schools.models import School
from tests.accounts.factories import (
    ClerkFactory,
    GovernorFactory,
    OversightFactory,
    OversightLeadFactory,
    TrustAdminFactory,
    TrustStaffFactory,
)
from tests.delivery.factories import (
    ActivityEvidenceFactory,
    ImpactReportFactory,
    ObjectiveRatingFactory,
    ReviewCommentFactory,
    ReviewMeetingFactory,
)
from tests.offers.factories import (
    EnquiryFactory,
    OfferFactory,
    RecommendationFactory,
    SystemLeaderFactory,
)
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    LibraryClauseFactory,
    ObjectiveFactory,
    PartnershipFactory,
)
from tests.schools.factories import SchoolFactory, TrustFactory
from tests.stand_in_pdf import use_stand_ins

Status = Partnership.Status
# governor_a and governor_b chair their school's governors; admin_a is trust A's administrator,
# clerk_a the clerk to school A's governors and lead an oversight lead.
ROLES = ("anonymous", "staff_a", "staff_b", "governor_a", "governor_b", "oversight", "admin_a", "clerk_a", "lead")

# School A's partnerships must not overlap (one live partnership per school), so each state has
# its own year. Withdrawn partnerships do not count, so the withdrawn one shares the draft's.
TERMS = {
    "agreed": (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31), Status.AGREED),
    "draft": (datetime.date(2027, 9, 1), datetime.date(2028, 8, 31), Status.DRAFT),
    "in_review": (datetime.date(2028, 9, 1), datetime.date(2029, 8, 31), Status.IN_REVIEW),
    "agreed_unissued": (datetime.date(2029, 9, 1), datetime.date(2030, 8, 31), Status.AGREED),
    "withdrawn": (datetime.date(2027, 9, 1), datetime.date(2028, 8, 31), Status.WITHDRAWN),
    # Agreed, issued, then a variation proposed (built through the services below).
    "varying": (datetime.date(2031, 9, 1), datetime.date(2032, 8, 31), Status.AGREED),
}


@dataclass
class Tenant:
    partnership: Partnership
    clause: object
    cost_line: object
    objective: object
    activity: object
    comment: object
    review_meeting: object = None  # held, rating the objective
    scheduled_review: object = None
    evidence: object = None  # a PDF for the activity
    impact_report: object = None  # shared
    draft_report: object = None  # not shared


@dataclass
class AccessWorld:
    trust_a: object
    trust_b: object
    school_a: object
    school_b: object
    new_school: object  # open, in no partnership: the start pages' URN
    closed_school: object
    users: dict
    library_clause_a: object
    library_clause_b: object
    invitation_a: object = None  # trust A's administrator invited someone to trust A: pending
    by_state: dict = field(default_factory=dict)  # state name -> Tenant (all of tenant A)
    versions: dict = field(default_factory=dict)  # "draft" / "issued" -> AgreementVersion (agreed)
    other: Tenant | None = None  # trust B with school B, draft
    objects: dict = field(default_factory=dict)  # other apps' records of tenant A a URL's `pk` can name
    sessions: dict = field(default_factory=dict)  # role -> session cookie, signed in once with the world

    def user(self, role: str):
        return self.users.get(role)

    def sign_in(self, role: str) -> None:
        """Sign the role in once, while the world is built (outside every test's transaction), so
        each request of the matrices sends the session cookie instead of signing in again: a
        sign-in is a session row, axes' access log and the sign-in bookkeeping, about as much work
        as the request under test. A request that changes the session (signing out) is rolled
        back with the test."""
        client = Client()
        client.force_login(self.users[role])
        self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def client(self, role: str) -> Client:
        """A test client signed in as the role (anonymous for a role with no user)."""
        client = Client()
        if self.user(role) is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def partnership(self, state: str) -> Partnership:
        return self.by_state[state].partnership


def _tenant(partnership: Partnership, author) -> Tenant:
    clause = ClauseFactory(
        partnership=partnership,
        heading=f"Services under {partnership.reference}",
        body=f"The Trust will provide the services of partnership {partnership.reference}.",
    )
    objective = ObjectiveFactory(partnership=partnership, target_date=partnership.end_date)
    meeting = ReviewMeetingFactory(partnership=partnership, recorded_by=author)
    ObjectiveRatingFactory(meeting=meeting, objective=objective)
    ReviewCommentFactory(meeting=meeting, author=author, author_name=author.get_full_name())
    activity = ActivityFactory(partnership=partnership, starts_on=partnership.start_date, ends_on=partnership.end_date)
    return Tenant(
        partnership=partnership,
        clause=clause,
        cost_line=CostLineFactory(partnership=partnership),
        objective=objective,
        activity=activity,
        evidence=ActivityEvidenceFactory(activity=activity),
        review_meeting=meeting,
        impact_report=ImpactReportFactory(partnership=partnership, number=1, shared=True),
        draft_report=ImpactReportFactory(partnership=partnership, number=2),
        scheduled_review=ReviewMeetingFactory(
            partnership=partnership,
            status=ReviewMeeting.Status.SCHEDULED,
            scheduled_for=partnership.start_date + datetime.timedelta(days=200),
        ),
        comment=Comment.objects.create(
            partnership=partnership,
            clause=clause,
            section=clause.section,
            body="Could this say how often?",
            author=author,
            author_name=author.get_full_name(),
        ),
    )


def _approve(partnership: Partnership, governor) -> None:
    from tests.agreements.builders import record_approval

    record_approval(partnership, governor, when=timezone.now() - datetime.timedelta(days=1))


def build_access_world(monkeypatch) -> AccessWorld:
    """Everything the access tests reach, of tenant A unless named B. Patches PDF rendering."""
    use_stand_ins(monkeypatch)
    trust_a = TrustFactory(name="Trust A Academies")
    trust_b = TrustFactory(name="Trust B Learning")
    school_a = SchoolFactory(name="School A Primary")
    school_b = SchoolFactory(name="School B Primary")
    users = {
        "anonymous": None,
        "staff_a": TrustStaffFactory(username="staff_a", trust=trust_a),
        "staff_b": TrustStaffFactory(username="staff_b", trust=trust_b),
        "governor_a": GovernorFactory(username="governor_a", school=school_a, role=User.Role.CHAIR),
        "governor_b": GovernorFactory(username="governor_b", school=school_b, role=User.Role.CHAIR),
        "oversight": OversightFactory(username="oversight_admin"),
        "admin_a": TrustAdminFactory(username="admin_a", trust=trust_a),
        "clerk_a": ClerkFactory(username="clerk_a", school=school_a),
        "lead": OversightLeadFactory(username="oversight_lead"),
        # Not a role of the matrix: a deactivated colleague at trust A, for the reactivate page.
        "former_staff_a": TrustStaffFactory(username="former_staff_a", trust=trust_a, is_active=False),
    }
    world = AccessWorld(
        trust_a=trust_a,
        trust_b=trust_b,
        school_a=school_a,
        school_b=school_b,
        new_school=SchoolFactory(name="School C Community Primary"),
        closed_school=SchoolFactory(
            name="Old Mill Primary (closed)", status=School.Status.CLOSED, closed_on=datetime.date(2024, 8, 31)
        ),
        users=users,
        library_clause_a=LibraryClauseFactory(trust=trust_a, heading="Trust A standard clause"),
        library_clause_b=LibraryClauseFactory(trust=trust_b, heading="Trust B standard clause"),
    )
    world.invitation_a = Invitation.objects.create(
        email="invited@trust-a.example",
        role=User.Role.TRUST_STAFF,
        trust=trust_a,
        invited_by=users["admin_a"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
        nonce="0123456789abcdef0123456789abcdef",
    )
    for state, (starts, ends, status) in TERMS.items():
        partnership = PartnershipFactory(
            school=school_a, trust=trust_a, start_date=starts, end_date=ends, status=status
        )
        world.by_state[state] = _tenant(partnership, users["governor_a"])
        if status == Status.AGREED:
            _approve(partnership, users["governor_a"])
    world.other = _tenant(
        PartnershipFactory(school=school_b, trust=trust_b, start_date=TERMS["draft"][0], end_date=TERMS["draft"][1]),
        users["governor_b"],
    )
    agreed, staff = world.partnership("agreed"), users["staff_a"]
    # The governors review a draft: the version the approve page names.
    agreement_services.agreement_generate_draft(partnership=world.partnership("in_review"), generated_by=staff)
    varying = world.partnership("varying")
    agreement_services.agreement_issue(partnership=varying, issued_by=staff)
    partnership_services.partnership_propose_variation(
        partnership=varying, proposed_by=staff, reason="The school asked for more mentoring."
    )
    varying.refresh_from_db()
    agreement_services.agreement_generate_draft(partnership=agreed, generated_by=staff)
    world.versions["issued"] = agreement_services.agreement_issue(partnership=agreed, issued_by=staff)
    world.versions["draft"] = agreement_services.agreement_generate_draft(partnership=agreed, generated_by=staff)
    # Roles the permission matrix leaves to each app's own access tests (tests/offers/test_access.py);
    # admin_a (trust A's administrator) is one of the matrix's roles.
    users["admin_b"] = TrustAdminFactory(username="admin_b", trust=trust_b)
    users["system_leader"] = SystemLeaderFactory(username="system_leader")
    world.objects["term_dates"] = TermDates.objects.create(
        trust=trust_a,
        academic_year=2027,
        autumn_starts_on=datetime.date(2027, 9, 2),
        autumn_ends_on=datetime.date(2027, 12, 17),
        spring_starts_on=datetime.date(2028, 1, 4),
        spring_ends_on=datetime.date(2028, 3, 24),
        summer_starts_on=datetime.date(2028, 4, 10),
        summer_ends_on=datetime.date(2028, 7, 21),
    )
    world.objects["offer"] = OfferFactory(trust=trust_a, created_by=users["admin_a"])
    world.objects["enquiry"] = EnquiryFactory(offer=world.objects["offer"], school=world.new_school)
    world.objects["recommendation"] = RecommendationFactory(school=school_a, recorded_by=users["system_leader"])
    return world


@contextmanager
def module_transaction(django_db_blocker):
    """For a module-scoped fixture: its rows are written in a transaction rolled back at the end.

    Each test's own `db` transaction nests inside it as a savepoint, so a test that changes the
    rows (a successful POST) leaves the next test the rows as built."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@contextmanager
def shared_world(django_db_blocker):
    """Build the world once for a test module (module_transaction), each role signed in."""
    with module_transaction(django_db_blocker), pytest.MonkeyPatch.context() as patch:
        world = build_access_world(patch)
        for role, user in world.users.items():
            if user is not None:
                world.sign_in(role)
        yield world


def table_state() -> dict:
    """The row count of every table (history tables included) in one query, and each
    partnership's status and version: what a refused request or a rejected form must not change."""
    labels, counts = [], []
    for model in apps.get_models():
        if model._meta.label == "sessions.Session":  # signing in writes the session; it is not data
            continue
        labels.append(model._meta.label)
        counts.append(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(counts))
        state = dict(zip(labels, cursor.fetchone(), strict=True))
    state["partnerships"] = sorted(Partnership.objects.values_list("pk", "status", "version", "updated_at"))
    return state


def writes_so_far() -> int:
    """Rows inserted, updated or deleted so far on this connection (in this transaction on
    PostgreSQL), triggers' writes included: an unchanged count means no row anywhere changed."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.total_changes
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables")
        return int(cursor.fetchone()[0])


def run_and_compare(action, state=table_state):
    """Call ``action()`` inside a transaction; return its result and whether ``state()`` differs
    after it. The state (a read of every table) is only taken when rows were written: then after
    the action, and again once its savepoint is rolled back, which is the state before it. The
    caller's transaction is left as it was before the action when rows were written."""
    writes = writes_so_far()
    savepoint = transaction.savepoint_create()
    result = action()
    if writes_so_far() == writes:
        return result, False
    after = state()
    transaction.savepoint_rollback(savepoint)
    return result, state() != after
