"""The permission matrix: every named route × every role × GET and POST, against objects of tenant A.

The routes come from the URLconf itself (`get_resolver()`, walked through every include and
namespace), so a page added without a line in MATRIX fails `test_route_access` by name: nobody
can add an unchecked page. The Django admin has its own tests (tests/test_admin.py).

Roles: anonymous, trust staff of trust A and of trust B, the chairs of governors of school A and
of school B, an oversight user, trust A's administrator, school A's clerk and an oversight lead. Every object belongs to tenant A (trust A with school A), so B's people
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
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import TOTP

from accounts.services import invitation_token
from tests.access_world import ROLES, run_and_compare, shared_world
from tests.accounts.factories import PASSWORD
from tests.stand_in_pdf import tiny_pdf

LOGIN, OK, PUBLIC, REDIRECT = "LOGIN", "OK", "PUBLIC", "REDIRECT"
REFUSED = (LOGIN, 403, 404, 405)
EXCLUDED_NAMESPACES = {"admin"}


def roles(
    anonymous=LOGIN,
    staff_a=OK,
    staff_b=404,
    governor_a=OK,
    governor_b=404,
    oversight=OK,
    admin_a=None,
    clerk_a=None,
    lead=None,
) -> dict:
    """Expected outcome for each role; the defaults are "read a partnership of tenant A".

    Unless given, trust A's administrator gets what trust A's staff get (administrators run
    partnerships too), school A's clerk what its chair gets, and an oversight lead what an
    oversight user gets."""
    return dict(
        anonymous=anonymous,
        staff_a=staff_a,
        staff_b=staff_b,
        governor_a=governor_a,
        governor_b=governor_b,
        oversight=oversight,
        admin_a=staff_a if admin_a is None else admin_a,
        clerk_a=governor_a if clerk_a is None else clerk_a,
        lead=oversight if lead is None else lead,
    )


# Who may do what, by kind of page.
READ = roles()  # anyone who can see the partnership
READ_NO_POST = roles(staff_a=405, governor_a=405, oversight=405)
STAFF_ACT = roles(governor_a=403, oversight=403)  # the partnership's trust staff only
STAFF_ACT_NO_GET = roles(staff_a=405, governor_a=403, oversight=403)
GOVERNOR_ONLY = roles(staff_a=403, oversight=403)  # the school's governors only
APPROVER_ONLY = {**GOVERNOR_ONLY, "clerk_a": 403}  # the chair (or an authorised governor), never the clerk
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
SIGNED_IN_NO_POST = roles(LOGIN, 405, 405, 405, 405, 405)
EVERYONE_REDIRECTED = roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
# The team pages of trust A, managed by its administrator: only trust A's people see them.
TRUST_A_ADMIN_ONLY = roles(staff_a=403, governor_a=404, oversight=404, admin_a=OK, clerk_a=404, lead=404)
# Inviting into one's own organisation: trust administrators, chairs of governors, oversight leads.
OFFER_ADMIN = roles(staff_a=403, staff_b=403, governor_a=403, governor_b=403, oversight=403, admin_a=OK)
ADMINISTRATORS = roles(
    staff_a=403, staff_b=403, governor_a=OK, governor_b=OK, oversight=403, admin_a=OK, clerk_a=403, lead=OK
)
NOT_TRUST = dict(governor_a=403, governor_b=403, oversight=403)
NOT_OVERSIGHT = dict(staff_a=403, staff_b=403, governor_a=403, governor_b=403)
TRUST_ONLY = roles(**NOT_TRUST)  # one trust's record (an enquiry): its people only, 404 for the other trust's


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
TERM_DATES = {
    "academic_year": "2027",
    "la_code": "",
    **day("autumn_starts_on", "2/9/2027"),
    **day("autumn_ends_on", "17/12/2027"),
    **day("spring_starts_on", "4/1/2028"),
    **day("spring_ends_on", "24/3/2028"),
    **day("summer_starts_on", "10/4/2028"),
    **day("summer_ends_on", "21/7/2028"),
}
ENQUIRY = {
    "name": "Margaret Ellis",
    "role": "Headteacher",
    "urn": "<new_school_urn>",
    "email": "head@school.example",
    "support_wanted": "headteacher_mentoring",
    "message": "We would like to talk.",
}
NEW_PARTNERSHIP_ANSWERS = {
    "start_date": "2027-01-04",
    "end_date": "2028-01-03",
    **KEY_DETAILS,
}


PASSWORD_CHANGE = {
    "old_password": PASSWORD,
    "new_password1": "another-long-passphrase-77",
    "new_password2": "another-long-passphrase-77",
}
# What each administrator may invite to their own organisation.
INVITED_ROLE = {"admin_a": "trust_staff", "governor_a": "governor", "governor_b": "governor", "lead": "oversight"}


NOT_SET_UP = roles(404, 404, 404, 404, 404, 404)
SETUP_KEY = "3132333435363738393031323334353637383930"
EVERYONE_SIGNED_IN_REDIRECTED = roles(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)


def _setup_key(client, world):
    session = client.session
    session["two_factor_setup_key"] = SETUP_KEY
    session.save()


def _totp_now(key: str) -> str:
    return f"{TOTP(bytes.fromhex(key)).token():06d}"


def _invitee(world, role: str) -> dict:
    return {
        "first_name": "Nia",
        "last_name": "Newcomer",
        "email": "nia.newcomer@example.org",
        "role": INVITED_ROLE.get(role, "trust_staff"),
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
    person: str = ""  # which of world.users fills `person_pk`


def _saved_answers(client, world):
    session = client.session
    session[f"new_partnership_{world.new_school.urn}"] = dict(NEW_PARTNERSHIP_ANSWERS)
    session.save()


REVIEW = {
    **day("held_on", "1/12/2026"),
    "trust_attendees": "Priya Shah, Director",
    "school_attendees": "Margaret Ellis, Headteacher",
    "notes": "",
    "version": "1",  # the scheduled review's edit counter (ignored when recording a new one)
}


def _review(world, role=""):
    """The review form rates each objective by its id: the agreed partnership has one."""
    objective = world.by_state["agreed"].objective
    return {**REVIEW, f"rating_{objective.pk}": "on_track", f"evidence_{objective.pk}": "Visits"}


def _end_review(world, role=""):
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
        data={**KEY_DETAILS, **day("start_date", "1/9/2027"), **day("end_date", "31/8/2028"), "version": "1"},
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
        data={"reason": "Conversion", **day("ended_on", "1/12/2026")},
        refused_in=("draft", "in_review"),
    ),
    "partnerships:partnership-extend": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed_unissued",
        data={"reason": "More time", **day("end_date", "28/2/2031")},
        refused_in=("draft",),
    ),
    "partnerships:partnership-recall": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="in_review",
        data={"reason": "We need to fix a date."},
        refused_in=("draft", "agreed"),
    ),
    "partnerships:variation-propose": Route(
        STAFF_ACT, STAFF_ACT, state="agreed", data={"reason": "More mentoring."}, refused_in=("draft", "in_review")
    ),
    "partnerships:variation-withdraw": Route(
        STAFF_ACT, STAFF_ACT, state="varying", data={"reason": "Not needed after all."}, refused_in=("agreed", "draft")
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
        roles(staff_a=403, oversight=403, clerk_a=403),
        roles(staff_a=403, oversight=403, clerk_a=403),
        item="comment",
        data={"body": "Could this say how often we meet?"},
        refused_in=("withdrawn",),
    ),
    "partnerships:comment-delete": Route(
        roles(staff_a=403, oversight=403, clerk_a=403),
        roles(staff_a=403, oversight=403, clerk_a=403),
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
    "partnerships:clause-update": Route(
        STAFF_ACT, STAFF_ACT, item="clause", data={**CLAUSE, "version": "1"}, refused_in=("agreed",)
    ),
    "partnerships:clause-delete": Route(STAFF_ACT, STAFF_ACT, item="clause", data={}, refused_in=("agreed",)),
    "partnerships:clause-move": Route(
        STAFF_ACT_NO_GET, STAFF_ACT, item="clause", data={"direction": "down"}, refused_in=("agreed",)
    ),
    # Service charge
    "partnerships:cost-line-list": Route(READ, READ_NO_POST),
    "partnerships:partnership-charging": Route(
        STAFF_ACT, STAFF_ACT, data={"no_charge": "False", "version": "1"}, refused_in=("agreed",)
    ),
    "partnerships:cost-line-create": Route(STAFF_ACT, STAFF_ACT, data=COST, refused_in=("agreed",)),
    "partnerships:cost-line-update": Route(
        STAFF_ACT, STAFF_ACT, item="cost_line", data={**COST, "version": "1"}, refused_in=("agreed",)
    ),
    "partnerships:cost-line-delete": Route(STAFF_ACT, STAFF_ACT, item="cost_line", data={}, refused_in=("agreed",)),
    # Objectives and activities
    "partnerships:objective-list": Route(READ, READ_NO_POST),
    "partnerships:objective-create": Route(STAFF_ACT, STAFF_ACT, data=OBJECTIVE, refused_in=("agreed",)),
    "partnerships:objective-update": Route(
        STAFF_ACT, STAFF_ACT, item="objective", data={**OBJECTIVE, "version": "1"}, refused_in=("agreed",)
    ),
    "partnerships:objective-delete": Route(STAFF_ACT, STAFF_ACT, item="objective", data={}, refused_in=("agreed",)),
    "partnerships:activity-list": Route(READ, READ_NO_POST),
    "partnerships:activity-create": Route(STAFF_ACT, STAFF_ACT, data=ACTIVITY, refused_in=("agreed",)),
    "partnerships:activity-update": Route(
        STAFF_ACT, STAFF_ACT, item="activity", data={**ACTIVITY, "version": "1"}, refused_in=("agreed",)
    ),
    "partnerships:activity-progress": Route(
        STAFF_ACT,
        STAFF_ACT,
        state="agreed",
        item="activity",
        data={"status": "in_progress", "impact_notes": "Going well", "version": "1"},
        refused_in=("draft", "in_review"),
    ),
    "partnerships:activity-delete": Route(STAFF_ACT, STAFF_ACT, item="activity", data={}, refused_in=("agreed",)),
    # The trust's clause library (pk is trust A's library clause)
    "partnerships:library-clause-list": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "partnerships:library-clause-create": Route(ANY_STAFF, ANY_STAFF, state="", data=CLAUSE),
    "partnerships:library-model-clauses": Route(ANY_STAFF, ANY_STAFF, state="", data={}),
    # The trust's school term dates (pk is trust A's row)
    "partnerships:term-dates-list": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "partnerships:term-dates-create": Route(ANY_STAFF, ANY_STAFF, state="", data=TERM_DATES),
    "partnerships:term-dates-update": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="term_dates",
        data={**TERM_DATES, "version": "1"},
    ),
    "partnerships:term-dates-delete": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="term_dates",
        data={},
    ),
    "partnerships:library-clause-update": Route(
        roles(governor_a=403, governor_b=403, oversight=403),
        roles(governor_a=403, governor_b=403, oversight=403),
        state="",
        pk="library_clause",
        data={**CLAUSE, "version": "1"},
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
        APPROVER_ONLY,
        APPROVER_ONLY,
        state="in_review",
        data={
            "comment": "",
            "agreement_version": "1",
            **day("meeting_date", "3/11/2026"),
            "meeting_resolution": "Minute 4",
        },
        refused_in=("draft", "agreed"),
    ),
    "partnerships:request-changes": Route(
        APPROVER_ONLY,
        APPROVER_ONLY,
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
    # The trust's own offer: its people read it; only trust administrators (admin_a; more in
    # tests/offers/test_access.py) write, publish and withdraw it.
    "offers:trust-offer": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "offers:trust-offer-edit": Route(OFFER_ADMIN, OFFER_ADMIN, state=""),
    # trust A's offer is already published: publishing it again is refused
    "offers:trust-offer-publish": Route(NOBODY_POSTS, NOBODY_POSTS, state=""),
    "offers:trust-offer-withdraw": Route(OFFER_ADMIN, OFFER_ADMIN, state=""),
    # Enquiries: anyone sends one from a published offer; the trust's people answer them.
    "offers:enquire": Route(EVERYONE, roles(OK, OK, OK, OK, OK, OK), state="", pk="offer", data=ENQUIRY),
    "offers:enquiry-sent": Route(EVERYONE, NOBODY, state="", pk="offer"),
    "offers:enquiry-list": Route(ANY_STAFF, ANY_STAFF_NO_POST, state=""),
    "offers:enquiry-detail": Route(TRUST_ONLY, roles(staff_a=405, **NOT_TRUST), state="", pk="enquiry"),
    "offers:enquiry-reply": Route(TRUST_ONLY, TRUST_ONLY, state="", pk="enquiry", data={"body": "Could we meet?"}),
    "offers:enquiry-contacted": Route(TRUST_ONLY, TRUST_ONLY, state="", pk="enquiry", data={}),
    "offers:enquiry-decline": Route(TRUST_ONLY, TRUST_ONLY, state="", pk="enquiry", data={"reason": "Full"}),
    "offers:enquiry-convert": Route(
        TRUST_ONLY,
        TRUST_ONLY,
        state="",
        pk="enquiry",
        data={**KEY_DETAILS, **day("start_date", "4/1/2027"), **day("end_date", "3/1/2028")},
    ),
    # System leaders' recommendations (not a role here: tests/offers/test_access.py); oversight reads.
    "offers:recommendation-list": Route(OVERSIGHT_ONLY, roles(oversight=405, **NOT_OVERSIGHT), state=""),
    "offers:recommendation-create": Route(NOBODY_POSTS, NOBODY_POSTS, state=""),
    "offers:recommendation-detail": Route(OVERSIGHT_ONLY, NOBODY_POSTS, state="", pk="recommendation"),
    # Delivery and impact: review meetings (state "agreed" runs 1 September 2026 to 31 August 2027)
    "delivery:review-list": Route(READ, READ_NO_POST, state="agreed"),
    "delivery:review-schedule": Route(
        STAFF_ACT, STAFF_ACT, state="agreed", data=day("scheduled_for", "8/12/2026"), refused_in=("draft", "in_review")
    ),
    # The clerk records the governing body's own review too.
    "delivery:review-create": Route(
        roles(governor_a=403, oversight=403, clerk_a=OK),
        roles(governor_a=403, oversight=403, clerk_a=OK),
        state="agreed",
        data=_review,
        refused_in=("draft",),
    ),
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
    # People: your account, passwords, the team, invitations
    "accounts:account": Route(SIGNED_IN, SIGNED_IN_NO_POST, state=""),
    "password_change": Route(SIGNED_IN, SIGNED_IN, state="", data=PASSWORD_CHANGE),
    "password_change_done": Route(SIGNED_IN, SIGNED_IN_NO_POST, state=""),
    "password_reset": Route(EVERYONE, EVERYONE_REDIRECTED, state="", data={"email": "staff_a@example.org"}),
    "password_reset_done": Route(EVERYONE, NOBODY, state=""),
    "password_reset_confirm": Route(EVERYONE, EVERYONE, state="", data={}),
    "password_reset_complete": Route(EVERYONE, NOBODY, state=""),
    "accounts:team": Route(SIGNED_IN, SIGNED_IN_NO_POST, state=""),
    # Single sign-on is off unless OIDC_RP_CLIENT_ID is set (tests/accounts/test_single_sign_on.py)
    "accounts:sso-start": Route(NOT_SET_UP, NOT_SET_UP, state=""),
    "accounts:sso-callback": Route(NOT_SET_UP, NOT_SET_UP, state=""),
    # Two-factor authentication (nobody here has an authenticator app yet)
    "accounts:two-factor-setup": Route(
        SIGNED_IN, SIGNED_IN, state="", prepare=_setup_key, data=lambda world, role: {"code": _totp_now(SETUP_KEY)}
    ),
    "accounts:two-factor-codes": Route(SIGNED_IN, SIGNED_IN, state="", data={}),
    "accounts:two-factor-disable": Route(NOBODY_POSTS, NOBODY_POSTS, state="", data={}),
    "accounts:two-factor-verify": Route(EVERYONE_SIGNED_IN_REDIRECTED, EVERYONE_SIGNED_IN_REDIRECTED, state=""),
    "accounts:invite": Route(ADMINISTRATORS, ADMINISTRATORS, state="", data=_invitee),
    "accounts:person-role": Route(
        TRUST_A_ADMIN_ONLY, TRUST_A_ADMIN_ONLY, state="", person="staff_a", data={"role": "trust_admin"}
    ),
    "accounts:person-deactivate": Route(TRUST_A_ADMIN_ONLY, TRUST_A_ADMIN_ONLY, state="", person="staff_a", data={}),
    "accounts:person-reactivate": Route(
        TRUST_A_ADMIN_ONLY, TRUST_A_ADMIN_ONLY, state="", person="former_staff_a", data={}
    ),
    "accounts:invitation-revoke": Route(TRUST_A_ADMIN_ONLY, TRUST_A_ADMIN_ONLY, state="", data={}),
    # Trust staff invite the partner school's chair, clerk and headteacher from a live partnership.
    "accounts:partnership-invite": Route(
        STAFF_ACT,
        STAFF_ACT,
        data={"first_name": "Daniel", "last_name": "Okafor", "email": "chair@school-a.example", "role": "chair"},
        refused_in=("withdrawn",),
    ),
    # The link in an invitation: anyone holding it creates the account; a signed-in browser is
    # told to sign out first and nothing is created.
    "accounts:invitation-accept": Route(
        roles(OK, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC),
        roles(OK, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC),
        state="",
        data={
            "first_name": "Ina",
            "last_name": "Vited",
            "password": "a-long-unusual-passphrase-42",
            "password_again": "a-long-unusual-passphrase-42",
        },
    ),
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
        elif kwarg == "person_pk":
            kwargs[kwarg] = world.user(route.person).pk
        elif kwarg == "invitation_pk":
            kwargs[kwarg] = world.invitation_a.pk
        elif kwarg == "token" and name == "accounts:invitation-accept":
            kwargs[kwarg] = invitation_token(world.invitation_a)
        elif kwarg in ("uidb64", "token"):  # a password reset link that is not (or no longer) valid
            kwargs[kwarg] = {"uidb64": "MQ", "token": "set-password"}[kwarg]
        else:
            pytest.fail(f"{name}: no way to fill the URL keyword {kwarg!r}; teach url_for in {__file__} about it")
    return reverse(name, kwargs=kwargs)


def post_data(route: Route, world, role: str = "") -> dict:
    data = dict((route.data(world, role) if callable(route.data) else route.data) or {})
    for key, value in data.items():
        if value == "<library_clause_a>":
            data[key] = str(world.library_clause_a.pk)
        elif value == "<new_school_urn>":
            data[key] = world.new_school.urn
    return {**data, **(route.files(world) if callable(route.files) else {})}


def perform(world, role: str, method: str, url: str, route: Route, *, refused: bool):
    """One request by one role in a savepoint that is rolled back: what it returned, and whether
    a refused request left the tables as they were."""
    with transaction.atomic():
        client = world.client(role)
        if route.prepare:
            route.prepare(client, world)

        def send():
            return client.get(url) if method == "GET" else client.post(url, post_data(route, world, role))

        try:
            response, changed = run_and_compare(send) if refused else (send(), False)
        except Exception as error:
            transaction.set_rollback(True)
            return 500, f"{type(error).__name__}: {error}", None
        transaction.set_rollback(True)
    return response.status_code, response, not changed


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
