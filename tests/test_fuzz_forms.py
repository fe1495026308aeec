"""Generated input thrown at every form the pages use, posted as the person allowed to use it.

Each example starts from a valid submission and replaces, drops or repeats some fields with
random Unicode (control characters, NUL, right-to-left marks, emoji), 100 kB strings, negative
and huge amounts, dates in year 1 and 9999 and impossible dates. The only acceptable outcomes:

* success: a redirect (the valid parts were valid enough), or
* the page again with the GOV.UK error summary, and not one row of any table changed.

Never a server error. Examples per form come from the hypothesis profile (tests/conftest.py:
"ci" runs 30 of each, the same every run; HYPOTHESIS_PROFILE=thorough runs 300 new ones).
"""

import datetime
import html
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from accounts.services import invitation_token
from partnerships import services
from partnerships.filters import PartnershipFilter
from partnerships.validation import DATES_OUT_OF_RANGE
from tests.access_world import run_and_compare, shared_world, table_state
from tests.accounts.factories import PASSWORD
from tests.stand_in_pdf import tiny_pdf
from tests.test_permission_matrix import MATRIX, OK, PUBLIC, url_for

ERROR_SUMMARY = "govuk-error-summary"
MISSING = object()

# --- What to throw ----------------------------------------------------------------------------------

CONTROL = "".join(chr(code) for code in (*range(32), 127, *range(0x80, 0xA0)))
TRICKY = [
    "\x00",
    "a\x00b",
    "\x00" * 5,
    "\r\n",
    "\t",
    "\x1b[31mred",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "😀👩‍👩‍👧‍👦🏴󠁧󠁢󠁥󠁮󠁧󠁿",
    "Z̴̡̛a̸l̶g̷o̵",
    "مرحبا",
    "שלום",
    "𝕋𝕖𝕤𝕥",
    "<script>alert(1)</script>",
    "'; DROP TABLE partnerships_partnership; --",
    "{{ 7*7 }}",
    "%s%s%n",
    "../../etc/passwd",
    " ",
    "",
    "null",
    "None",
    "true",
    "[]",
    "{}",
]
NUMBERS = [
    "-1",
    "-0.01",
    "0",
    "0.00",
    "0.001",
    "0.01",
    "1",
    "9999999.99",
    "10000000",
    "99999999999999999999999",
    "-99999999999999999999",
    "1e9",
    "1E+999999",
    "1e-999999",
    "NaN",
    "-NaN",
    "sNaN",
    "Infinity",
    "-Infinity",
    "1,500",
    "£1500",
    " 12.5 ",
    "0x10",
    "1_000",
    "١٢٣",
    "１２３",
    "12.345",
    "+5",
    "--5",
    ".5",
    "5.",
]
DATE_PARTS = [
    "0",
    "1",
    "01",
    "0001",
    "9999",
    "10000",
    "99999",
    "31",
    "32",
    "29",
    "2",
    "12",
    "13",
    "-1",
    "00",
    " 7 ",
    "１",
    "٣",
    "1e3",
    "2027",
    "2026",
    "1900",
    "0000",
]


def big(char: str, size: int) -> str:
    return char * (size // len(char.encode("utf-8")) or 1)


text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80)
junk = st.one_of(
    text,
    st.text(alphabet=st.sampled_from(CONTROL), min_size=1, max_size=10),
    st.sampled_from(TRICKY),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATE_PARTS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.builds(big, st.sampled_from(["a", "é", "😀", "\u202e", "\x00", "x\x01"]), st.sampled_from([5001, 102_400])),
)


def field_values(valid):
    """A field's value: the valid one, junk, left out, or sent two or three times."""
    single = st.one_of(st.just(valid), junk) if valid is not MISSING else junk
    return st.one_of(single, single, st.just(MISSING), st.lists(single, min_size=2, max_size=3))


def parts(value) -> tuple[str, str, str]:
    return (str(value.day), str(value.month), str(value.year)) if hasattr(value, "day") else value


EDGE_DATES = [
    (1, 1, 1),
    (31, 12, 9999),
    (1, 1, 9999),
    (31, 12, 1999),
    (1, 1, 2100),
    (29, 2, 2027),
    (29, 2, 2028),
    (31, 4, 2027),
    (0, 1, 2027),
    (1, 0, 2027),
    (1, 13, 2027),
    ("10" * 12, 1, 2027),
    (1, 1, "2O27"),
]
date_triples = st.one_of(
    st.dates().map(parts),  # any real date from year 1 to 9999
    st.sampled_from(EDGE_DATES).map(lambda triple: tuple(str(part) for part in triple)),
    st.tuples(junk, junk, junk),
)


def date_values(valid: tuple):
    """A GOV.UK date input's three boxes, generated together so whole dates (year 1, 9999,
    31 April) reach the service, not only broken boxes."""
    return st.one_of(
        st.just(valid), date_triples, st.just((MISSING,) * 3), st.tuples(*(field_values(part) for part in valid))
    )


def date_groups(valid: dict) -> dict[str, tuple]:
    """{"start_date": ("1", "9", "2027")} for each date input in a valid submission."""
    names = {name[:-2] for name in valid if name[-2:] in ("_0", "_1", "_2")}
    return {
        name: tuple(valid.get(f"{name}_{index}", "") for index in range(3))
        for name in names
        if all(f"{name}_{index}" in valid for index in range(3))
    }


def submissions(valid: dict, extra_names=()):
    """A dict of POST data: each field of the valid submission perhaps replaced, plus stray fields."""
    dates = date_groups(valid)
    in_dates = {f"{name}_{index}" for name in dates for index in range(3)}
    fields = {name: field_values(value) for name, value in valid.items() if name not in in_dates}
    fields.update({name: field_values(MISSING) for name in extra_names})
    fields.update({f"<date>{name}": date_values(triple) for name, triple in dates.items()})
    return st.fixed_dictionaries(fields).map(_flatten)


EDGE_TEXT = ["a\x00b", "\u202e\x01\x1b\x7f😀", big("😀", 102_400)]
EDGE_NUMBERS = ["-1", "0", "1E+999999", "sNaN", "99999999999999999999"]
EDGE_WHOLE_DATES = [("31", "12", "9999"), ("1", "1", "0001"), ("31", "4", "2027"), ("1" * 20, "1", "2027")]
NUMBER = re.compile(r"-?[0-9.]+")


def edge_cases(valid: dict) -> list[dict]:
    """Submissions always tried (besides the generated ones): the valid one with one field at a
    time set to each edge value (numbers for the numeric fields), each date at each edge date,
    everything missing, and everything sent twice."""
    dates = date_groups(valid)
    in_dates = {f"{name}_{index}" for name in dates for index in range(3)}
    cases = [{}, {name: [value, value + "x"] for name, value in valid.items()}]
    for name in sorted(valid.keys() - in_dates):
        numbers = EDGE_NUMBERS if NUMBER.fullmatch(valid[name]) else []
        cases += [{**valid, name: value} for value in (*EDGE_TEXT, *numbers)]
    for name in sorted(dates):
        for triple in EDGE_WHOLE_DATES:
            cases.append({**valid, **{f"{name}_{index}": part for index, part in enumerate(triple)}})
    return cases


def _flatten(data: dict) -> dict:
    flat = {}
    for name, value in data.items():
        if name.startswith("<date>"):
            for index, part in enumerate(value):
                if part is not MISSING:
                    flat[f"{name[6:]}_{index}"] = part
        elif value is not MISSING:
            flat[name] = value
    return flat


# --- Valid submissions, one per form ----------------------------------------------------------------


def day(name: str, value: str) -> dict:
    d, m, y = value.split("/")
    return {f"{name}_0": d, f"{name}_1": m, f"{name}_2": y}


KEY_DETAILS = {
    **day("start_date", "1/9/2027"),
    **day("end_date", "31/8/2028"),
    "purpose": "Leadership support",
    "trust_lead_name": "Priya Shah",
    "trust_lead_role": "Director",
    "trust_lead_email": "priya@trust.example",
    "chair_of_governors_name": "Daniel Okafor",
    "chair_of_governors_email": "chair@school.example",
    "headteacher_name": "Margaret Ellis",
    "headteacher_email": "head@school.example",
    "payment_terms": "Termly",
    "purchase_order_reference": "PO-1",
}
CLAUSE = {"section": "10", "heading": "Services", "body": "The Trust will provide the services."}
COST = {"description": "Mentoring", "amount": "150.00", "frequency": "termly", "vat_treatment": "standard"}
OBJECTIVE = {"description": "Improve phonics", "measure_of_success": "Pass rate up", **day("target_date", "1/7/2028")}
ACTIVITY = {
    "category": "headteacher_mentoring",
    "title": "Mentoring",
    "description": "Fortnightly",
    "lead": "Jo Fletcher",
    **day("starts_on", "1/10/2027"),
    **day("ends_on", "1/7/2028"),
}
COMMENT = {"body": "Looks right", "section": "10", "clause": "<clause>"}
REVIEW = {
    **day("held_on", "1/12/2026"),
    "trust_attendees": "Priya Shah",
    "school_attendees": "Margaret Ellis",
    "rating_<objective>": "some_concerns",
    "evidence_<objective>": "Lesson visits",
    "next_steps_<objective>": "Coaching",
    "notes": "",
    "version": "1",
}


@dataclass
class Target:
    route: str
    role: str
    state: str = "draft"
    valid: dict | None = None
    pk: str = "partnership"
    item: str = ""
    extra: tuple = ("unexpected", "csrfmiddlewaretoken", "version")
    method: str = "POST"
    fresh_client: bool = False  # a success signs the session out (a password change): sign in anew each time


OFFER = {
    "summary": "We work alongside your leaders.",
    "support": "headteacher_mentoring",
    "phases": "primary",
    "local_authorities": "Leeds",
    "capacity": "2",
    "team": "",
    "charges": "No charge.",
    "contact_name": "Jo Fletcher",
    "contact_role": "",
    "contact_email": "jo@trust.example",
    "contact_phone": "",
    "version": "1",
}

TARGETS = {
    "key details": Target("partnerships:partnership-update", "staff_a", valid={**KEY_DETAILS, "version": "1"}),
    "start: key details": Target(
        "partnerships:partnership-start-details",
        "staff_a",
        pk="urn",
        valid={**KEY_DETAILS, **day("start_date", "4/1/2027"), **day("end_date", "3/1/2028")},
    ),
    "clause: add": Target("partnerships:clause-create", "staff_a", valid=CLAUSE),
    "clause: change": Target("partnerships:clause-update", "staff_a", item="clause", valid={**CLAUSE, "version": "1"}),
    "clause: from library": Target(
        "partnerships:clause-add-from-library", "staff_a", valid={"library_clause": "<library>"}
    ),
    "clause: move": Target("partnerships:clause-move", "staff_a", item="clause", valid={"direction": "down"}),
    "library clause: add": Target("partnerships:library-clause-create", "staff_a", pk="", valid=CLAUSE),
    "library clause: change": Target(
        "partnerships:library-clause-update", "staff_a", pk="library", valid={**CLAUSE, "version": "1"}
    ),
    "cost: add": Target("partnerships:cost-line-create", "staff_a", valid=COST),
    "cost: change": Target(
        "partnerships:cost-line-update", "staff_a", item="cost_line", valid={**COST, "version": "1"}
    ),
    "charging": Target("partnerships:partnership-charging", "staff_a", valid={"no_charge": "True", "version": "1"}),
    "objective: add": Target("partnerships:objective-create", "staff_a", valid=OBJECTIVE),
    "objective: change": Target(
        "partnerships:objective-update", "staff_a", item="objective", valid={**OBJECTIVE, "version": "1"}
    ),
    "activity: add": Target("partnerships:activity-create", "staff_a", valid=ACTIVITY),
    "activity: change": Target(
        "partnerships:activity-update", "staff_a", item="activity", valid={**ACTIVITY, "version": "1"}
    ),
    "activity: progress": Target(
        "partnerships:activity-progress",
        "staff_a",
        state="agreed",
        item="activity",
        valid={"status": "in_progress", "impact_notes": "Going well", "version": "1"},
    ),
    "comment (staff)": Target("partnerships:comment-create", "staff_a", valid=COMMENT),
    "comment (governor)": Target(
        "partnerships:governor-comment-create", "governor_a", state="in_review", valid=COMMENT
    ),
    "withdraw": Target("partnerships:partnership-withdraw", "staff_a", valid={"reason": "Found another trust"}),
    "end early": Target(
        "partnerships:partnership-end-early",
        "staff_a",
        state="agreed",
        valid={"reason": "Conversion", **day("ended_on", "1/12/2026")},
    ),
    "extend": Target(
        "partnerships:partnership-extend",
        "staff_a",
        state="agreed_unissued",
        valid={"reason": "More time", **day("end_date", "28/2/2031")},
    ),
    "send for review": Target("partnerships:partnership-submit", "staff_a", valid={}),
    "approve": Target(
        "partnerships:approve",
        "governor_a",
        state="in_review",
        valid={
            "comment": "Agreed at the meeting",
            "agreement_version": "1",
            **day("meeting_date", "3/11/2026"),
            "meeting_resolution": "Minute 4",
        },
    ),
    "request changes": Target(
        "partnerships:request-changes", "governor_a", state="in_review", valid={"reason": "Add a safeguarding clause"}
    ),
    "academisation": Target(
        "partnerships:academisation",
        "governor_a",
        state="agreed",
        valid={
            **day("consultation_started_on", "1/10/2026"),
            "outcome": "join_this_trust",
            **day("decided_on", "1/11/2026"),
            "notes": "Consulted parents",
        },
    ),
    "issue agreement": Target("agreements:agreement-issue", "staff_a", state="agreed_unissued", valid={}),
    "sign in": Target("login", "anonymous", pk="", valid={"username": "staff_a", "password": PASSWORD}),
    # GET forms: the school search and the oversight filters (and their paging and sorting).
    "school search": Target(
        "partnerships:partnership-start", "staff_a", pk="", method="GET", valid={"q": "School", "page": "1"}
    ),
    "oversight list": Target(
        "oversight:partnership-list",
        "oversight",
        pk="",
        method="GET",
        valid={**dict.fromkeys(PartnershipFilter.base_filters, ""), "sort": "end", "page": "1"},
    ),
    "oversight export": Target(
        "oversight:partnership-export",
        "oversight",
        pk="",
        method="GET",
        valid={**dict.fromkeys(PartnershipFilter.base_filters, ""), "sort": "-school"},
    ),
    # People: invitations, the team, passwords
    "invite to the team": Target(
        "accounts:invite",
        "admin_a",
        pk="",
        valid={"first_name": "Nia", "last_name": "Newcomer", "email": "nia@example.org", "role": "trust_staff"},
    ),
    "invite from a partnership": Target(
        "accounts:partnership-invite",
        "staff_a",
        valid={
            "first_name": "Dan",
            "last_name": "Okafor",
            "email": "chair@a.example",
            "role": "chair",
            "job_title": "",
        },
    ),
    "change a role": Target("accounts:person-role", "admin_a", pk="person", valid={"role": "trust_admin"}),
    "accept an invitation": Target(
        "accounts:invitation-accept",
        "anonymous",
        pk="invitation",
        valid={
            "first_name": "Ina",
            "last_name": "Vited",
            "password": "a-long-unusual-passphrase-42",
            "password_again": "a-long-unusual-passphrase-42",
        },
    ),
    "password change": Target(
        "password_change",
        "staff_a",
        pk="",
        valid={
            "old_password": PASSWORD,
            "new_password1": "another-passphrase-77",
            "new_password2": "another-passphrase-77",
        },
        fresh_client=True,
    ),
    "password reset": Target("password_reset", "anonymous", pk="", valid={"email": "staff_a@example.org"}),
    # Offers: the trust administrator's form, and the public directory's filters.
    "offer": Target("offers:trust-offer-edit", "admin_a", pk="", valid=OFFER),
    "enquiry": Target(
        "offers:enquire",
        "anonymous",
        pk="offer",
        valid={
            "name": "Margaret Ellis",
            "role": "Headteacher",
            "urn": "<new_school_urn>",
            "email": "head@school.example",
            "phone": "",
            "support_wanted": "headteacher_mentoring",
            "message": "We would like to talk.",
            "website": "",
        },
    ),
    "enquiry: reply": Target("offers:enquiry-reply", "staff_a", pk="enquiry", valid={"body": "Could we meet?"}),
    "enquiry: decline": Target("offers:enquiry-decline", "staff_a", pk="enquiry", valid={"reason": "Full"}),
    "enquiry: start a partnership": Target("offers:enquiry-convert", "staff_a", pk="enquiry", valid=KEY_DETAILS),
    "recommendation": Target(
        "offers:recommendation-create",
        "system_leader",
        pk="",
        valid={
            "urn": "<new_school_urn>",
            "interested": "True",
            "support_wanted": "curriculum_development",
            "context": "Ready.",
        },
    ),
    "offer directory": Target(
        "offers:directory",
        "anonymous",
        pk="",
        method="GET",
        valid={"school": "School A", "support": "headteacher_mentoring", "phase": "primary", "page": "2"},
    ),
    # Delivery and impact ("<objective>" in a name is the objective's id)
    "review: schedule": Target(
        "delivery:review-schedule", "staff_a", state="agreed", valid=day("scheduled_for", "8/12/2026")
    ),
    "review: record": Target("delivery:review-create", "staff_a", state="agreed", valid=REVIEW),
    "review: record scheduled": Target(
        "delivery:review-record", "staff_a", state="agreed", item="scheduled_review", valid=REVIEW
    ),
    "review: action": Target(
        "delivery:review-action-create",
        "staff_a",
        state="agreed",
        item="review_meeting",
        valid={"description": "Share data", "owner": "Jo Fletcher", **day("due_on", "1/2/2027")},
    ),
    "review: comment": Target(
        "delivery:review-comment-create", "governor_a", state="agreed", item="review_meeting", valid={"body": "Noted"}
    ),
    "evidence (a link)": Target(
        "delivery:evidence-create",
        "staff_a",
        state="agreed",
        item="activity",
        valid={"title": "Visit notes", "url": "https://school.example/visits"},
    ),
    "impact report": Target(
        "delivery:impact-report-generate",
        "staff_a",
        state="agreed",
        valid={"context_narrative": "Two RI inspections", "impact_narrative": "A road map to good"},
    ),
    "end-of-partnership review": Target(
        "delivery:end-review",
        "staff_a",
        state="agreed",
        valid={
            "outcome": "stays_as_is",
            "lessons": "Start earlier",
            "would_recommend": "False",
            "achievement_<objective>": "partly_achieved",
            "comment_<objective>": "Most of it",
        },
    ),
    "comment page (GET)": Target(
        "partnerships:comment-create", "staff_a", method="GET", valid={"section": "10", "clause": "1"}
    ),
}


# --- Running ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(shared, db):
    return shared


def target_url(target: Target, world) -> str:
    tenant = world.by_state[target.state]
    kwargs = {}
    if target.pk == "partnership":
        kwargs["pk"] = tenant.partnership.pk
    elif target.pk == "library":
        kwargs["pk"] = world.library_clause_a.pk
    elif target.pk == "urn":
        kwargs["urn"] = world.new_school.urn
    elif target.pk == "person":
        kwargs["person_pk"] = world.user("staff_a").pk
    elif target.pk == "invitation":
        kwargs["token"] = invitation_token(world.invitation_a)
    elif target.pk in world.objects:
        kwargs["pk"] = world.objects[target.pk].pk
    if target.item:
        kwargs["item_pk"] = getattr(tenant, target.item).pk
    return reverse(target.route, kwargs=kwargs)


def filled(valid: dict, target: Target, world) -> dict:
    tenant = world.by_state[target.state]
    ids = {
        "<clause>": str(tenant.clause.pk),
        "<library>": str(world.library_clause_a.pk),
        "<new_school_urn>": world.new_school.urn,
    }
    return {
        name.replace("<objective>", str(tenant.objective.pk)): ids.get(value, value) for name, value in valid.items()
    }


def client_for(world, role: str) -> Client:
    return world.client(role)


@dataclass
class Answer:
    status: int
    location: str
    body: str
    changed: bool


def submit(client: Client, target: Target, url: str, data: dict) -> Answer:
    """One submission in a savepoint rolled back afterwards: what came back (a streamed
    download is read inside the savepoint) and whether any table changed."""

    def send():
        response = client.get(url, data) if target.method == "GET" else client.post(url, data)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return response, content

    with transaction.atomic():
        (response, content), changed = run_and_compare(send)
        transaction.set_rollback(True)
    return Answer(response.status_code, response.get("Location", ""), content.decode("utf-8", "replace"), changed)


def _clear_400(answer: Answer) -> bool:
    """A number in the web address that is not one: a 400 page that says so (config.integers)."""
    return answer.status == 400 and "in the web address must be a whole number" in answer.body


def assert_acceptable(target: Target, answer: Answer, data: dict) -> None:
    assert answer.status in (200, 302) or _clear_400(answer), f"{answer.status} for {data!r}"
    if answer.status == 400:
        assert not answer.changed, f"a refused request changed rows: {data!r}"
        return
    if answer.status == 302:
        assert "sign-in" not in answer.location, f"signed out by {data!r}"
    elif target.method == "POST":
        assert ERROR_SUMMARY in answer.body, f"200 without an error summary for {data!r}"
        # Sign-in failures are recorded (lockout counting); nothing else may be written.
        assert not answer.changed or target.route == "login", f"a rejected form changed rows: {data!r}"
    else:
        assert not answer.changed, f"a GET changed rows: {data!r}"


@pytest.mark.parametrize("name", TARGETS)
def test_a_form_answers_generated_input_with_success_or_an_error_summary(world, name):
    target = TARGETS[name]
    url, client = target_url(target, world), client_for(world, target.role)
    valid = filled(target.valid, target, world)

    answer = submit(client, target, url, valid)
    assert answer.status == (200 if target.method == "GET" else 302), (
        f"the valid submission failed: {answer.body[:3000]}"
    )

    @given(data=submissions(valid, target.extra))
    def throw(data):
        browser = client_for(world, target.role) if target.fresh_client else client
        assert_acceptable(target, submit(browser, target, url, data), data)

    for case in edge_cases(valid):
        throw = example(data=case)(throw)
    throw()


UPLOADS = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=200).map(lambda b: b"%PDF-" + b),
    st.just(tiny_pdf("a genuine-looking PDF that was never issued")),
)
FILENAMES = st.one_of(text, st.sampled_from(["a.pdf", "../../x.pdf", "\x00.pdf", "😀.PDF", ""]))


def test_the_agreement_check_answers_any_upload(world):
    """Public page: any bytes under any name get an answer (no match, or a form error), never a
    500, and checking writes nothing."""
    client, url = Client(), reverse("agreements:agreement-verify")

    @given(content=UPLOADS, filename=FILENAMES)
    def upload(content, filename):
        with transaction.atomic():
            before = table_state()
            response = client.post(url, {"pdf": SimpleUploadedFile(filename or "blank", content)})
            assert table_state() == before
            transaction.set_rollback(True)
        assert response.status_code == 200
        body = response.content.decode()
        assert ERROR_SUMMARY in body or "not" in body.lower()

    upload()


# --- What the fuzzing found, pinned down ------------------------------------------------------------


def error_summary_text(answer: Answer) -> str:
    start = answer.body.find('class="govuk-error-summary"')
    assert start != -1, "no error summary on the page"
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.body[start : start + 4000])))


@pytest.mark.parametrize(
    ("end", "message"),
    [
        (("31", "12", "9999"), "The year of the end date must be between 2000 and 2099"),  # was a 500 (date overflow)
        (("1", "1", "0001"), "The year of the end date must be between 2000 and 2099"),
        (("1" * 20, "1", "2028"), "The end date must be a real date"),  # was a 500 (OverflowError)
    ],
)
def test_an_impossible_end_date_is_a_form_error(world, end, message):
    target = TARGETS["key details"]
    data = {**filled(target.valid, target, world), **{f"end_date_{index}": part for index, part in enumerate(end)}}
    answer = submit(client_for(world, "staff_a"), target, target_url(target, world), data)
    assert answer.status == 200 and not answer.changed
    assert message in error_summary_text(answer)


def test_control_characters_are_dropped_from_text_before_it_is_saved(world):
    target = TARGETS["clause: add"]
    client = client_for(world, "staff_a")
    response = client.post(
        target_url(target, world),
        {**CLAUSE, "heading": "Safe\x00guard\x1bing\x7f", "body": "Line one\r\nLine\ttwo\x00"},
    )
    assert response.status_code == 302
    clause = world.partnership("draft").clauses.get(heading="Safeguarding")
    assert clause.body == "Line one\r\nLine\ttwo"


def test_a_text_of_nothing_but_control_characters_is_empty(world):
    target = TARGETS["clause: add"]
    answer = submit(
        client_for(world, "staff_a"), target, target_url(target, world), {**CLAUSE, "heading": "\x00\x01\x1b"}
    )
    assert answer.status == 200 and not answer.changed
    assert "Enter a heading for the clause" in error_summary_text(answer)


def test_a_very_long_oversight_search_is_a_form_error(world):
    target = TARGETS["oversight list"]
    answer = submit(client_for(world, "oversight"), target, target_url(target, world), {"q": "😀" * 30_000})
    assert answer.status == 200  # was a 500 on SQLite: LIKE pattern too complex
    assert "Search for 200 characters or fewer" in error_summary_text(answer)


def test_an_over_long_username_is_a_sign_in_error_not_a_lockout_record(world):
    """Django checks a username's length only in the browser; the lockout records hold 255
    characters, so on PostgreSQL a longer name was a 500."""
    target = TARGETS["sign in"]
    answer = submit(Client(), target, target_url(target, world), {"username": "a" * 300, "password": "x"})
    assert answer.status == 200 and not answer.changed
    assert "Enter a correct email address and password" in error_summary_text(answer)


# --- Query strings on every page ------------------------------------------------------------------


QUERY_NAMES = [
    "page",
    "sort",
    "q",
    "section",
    "clause",
    "next",
    "status",
    "region",
    "la",
    "trust",
    "ending_within",
    "attention",
    "number",
    "school",
    "support",
    "phase",
    "local_authority",
    "pk",
]
query_strings = st.dictionaries(
    st.sampled_from(QUERY_NAMES), st.one_of(junk, st.lists(junk, min_size=2, max_size=3)), max_size=5
)


def readable_pages():
    """(route, role) for every page of the permission matrix that some role may read."""
    for name, route in sorted(MATRIX.items()):
        role = next((role for role, expected in route.get.items() if expected in (OK, PUBLIC)), None)
        if role is not None:
            yield name, role


@pytest.mark.parametrize(("name", "role"), list(readable_pages()))
def test_every_page_answers_any_query_string(world, name, role):
    """Junk in ?page=, ?sort=, ?q=, ?clause=... is ignored or reported, never a 500, never a write."""
    url, client = url_for(name, MATRIX[name], world), client_for(world, role)
    target = Target(name, role, method="GET")

    @settings(max_examples=max(5, settings.default.max_examples // 3))  # 5 a page in "ci", 100 in "thorough"
    @given(params=query_strings)
    def visit(params):
        answer = submit(client, target, url, params)
        assert answer.status in (200, 302) or _clear_400(answer), f"{answer.status} for {params!r}"
        assert not answer.changed, f"a GET changed rows: {params!r}"

    visit()


def test_a_term_ending_on_the_calendars_last_day_is_a_validation_error_not_a_crash(world):
    """The same rule behind the forms, for the admin and other callers of the services: the term
    arithmetic would step past 31 December 9999."""
    with pytest.raises(ValidationError) as refused:
        services.partnership_update_details(
            partnership=world.partnership("draft"),
            updated_by=world.user("staff_a"),
            end_date=datetime.date(9999, 12, 31),
        )
    assert DATES_OUT_OF_RANGE in refused.value.messages


def test_extending_to_the_calendars_last_day_is_a_validation_error_not_a_crash(world):
    with pytest.raises(ValidationError) as refused:
        services.partnership_extend(
            partnership=world.partnership("agreed_unissued"),
            new_end_date=datetime.date(9999, 12, 31),
            reason="More time",
            extended_by=world.user("staff_a"),
        )
    assert "end_date" in refused.value.message_dict
