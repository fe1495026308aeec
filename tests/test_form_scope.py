"""Ids posted in forms are checked against the user's scope: another trust's library clause, a
school the search would not offer, or another partnership's clause is a form error on the page
(or, for a school named in the URL, a 404), never a stored link to something that is not theirs."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.models import Clause, Comment, Partnership
from schools.models import School
from tests.access_world import shared_world, table_state
from tests.schools.factories import AcademyFactory

ERROR_SUMMARY = "govuk-error-summary"


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture
def world(shared, db):
    return shared


def signed_in(world, role: str) -> Client:
    return world.client(role)


def page_text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def error_summary(response) -> str:
    """The words of the GOV.UK error summary a user sees at the top of the page."""
    page = response.content.decode()
    start = page.find('class="govuk-error-summary"')
    assert start != -1, "the page has no error summary"
    end = page.find("</div>", page.find("govuk-error-summary__body", start))
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start:end])))


# --- Library clauses ---------------------------------------------------------------------------


def add_from_library(world, client, library_clause_pk):
    url = reverse("partnerships:clause-add-from-library", args=[world.partnership("draft").pk])
    return client.post(url, {"library_clause": str(library_clause_pk)})


def test_another_trusts_library_clause_is_a_form_error_and_is_not_copied(world):
    client = signed_in(world, "staff_a")
    before = table_state()
    response = add_from_library(world, client, world.library_clause_b.pk)
    assert response.status_code == 200
    assert "Choose a clause from your trust's library" in error_summary(response)
    assert table_state() == before
    assert not Clause.objects.filter(library_clause=world.library_clause_b).exists()
    assert "Trust B standard clause" not in page_text(response)  # the other trust's heading is not offered


def test_an_archived_library_clause_is_a_form_error(world):
    world.library_clause_a.is_archived = True
    world.library_clause_a.save()
    response = add_from_library(world, signed_in(world, "staff_a"), world.library_clause_a.pk)
    assert response.status_code == 200
    assert "Choose a clause from your trust's library" in error_summary(response)
    assert not Clause.objects.filter(library_clause=world.library_clause_a).exists()


@pytest.mark.parametrize("posted", ["999999", "-1", "abc", "1 OR 1=1", ""])
def test_a_made_up_library_clause_id_is_a_form_error(world, posted):
    client = signed_in(world, "staff_a")
    before = table_state()
    response = add_from_library(world, client, posted)
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.content.decode()
    assert table_state() == before


def test_another_trusts_library_clause_cannot_be_changed_through_the_url(world):
    client = signed_in(world, "staff_a")
    url = reverse("partnerships:library-clause-update", args=[world.library_clause_b.pk])
    response = client.post(url, {"section": "10", "heading": "Taken over", "body": "Changed by trust A"})
    assert response.status_code == 404
    world.library_clause_b.refresh_from_db()
    assert world.library_clause_b.heading == "Trust B standard clause"


# --- Schools when starting a partnership --------------------------------------------------------


def key_details(start=("4", "1", "2027"), end=("3", "1", "2028")) -> dict:
    return {
        "start_date_0": start[0],
        "start_date_1": start[1],
        "start_date_2": start[2],
        "end_date_0": end[0],
        "end_date_1": end[1],
        "end_date_2": end[2],
        "purpose": "Leadership support",
        "trust_lead_name": "Priya Shah",
        "trust_lead_email": "priya@trust.example",
        "chair_of_governors_name": "Daniel Okafor",
        "headteacher_name": "Margaret Ellis",
        "payment_terms": "Termly",
    }


def test_search_does_not_offer_a_closed_school(world):
    client = signed_in(world, "staff_a")
    response = client.get(reverse("partnerships:partnership-start"), {"q": "Old Mill"})
    assert response.status_code == 200
    assert "Old Mill Primary" not in page_text(response)


@pytest.mark.parametrize("urn", ["closed", "000000", "12345x", "1" * 50])
def test_a_school_the_search_would_not_offer_cannot_be_partnered(world, urn):
    """The school is chosen by URN in the address: a closed or unknown school is a 404 page,
    for the details form and for the final check, and nothing is created."""
    urn = world.closed_school.urn if urn == "closed" else urn
    client = signed_in(world, "staff_a")
    session = client.session
    session[f"new_partnership_{urn}"] = {
        "start_date": "2027-01-04",
        "end_date": "2028-01-03",
        "purpose": "x",
        "trust_lead_name": "P",
        "trust_lead_email": "p@t.example",
        "chair_of_governors_name": "D",
        "headteacher_name": "M",
    }
    session.save()
    before = table_state()
    for name in ("partnerships:partnership-start-details", "partnerships:partnership-start-check"):
        response = client.post(reverse(name, args=[urn]), key_details())
        assert response.status_code == 404, name
    assert table_state() == before


def test_an_academy_already_in_the_trust_is_a_form_error(world):
    academy = AcademyFactory(name="Trust A Own Academy", trust=world.trust_a)
    client = signed_in(world, "staff_a")
    before = Partnership.objects.count()
    response = client.post(reverse("partnerships:partnership-start-details", args=[academy.urn]), key_details())
    assert response.status_code == 200
    assert "is already an academy in Trust A Academies" in error_summary(response)
    assert Partnership.objects.count() == before


def test_a_school_that_closed_after_the_details_were_given_is_refused_at_the_check(world):
    client = signed_in(world, "staff_a")
    school = world.new_school
    response = client.post(reverse("partnerships:partnership-start-details", args=[school.urn]), key_details())
    assert response.status_code == 302
    School.objects.filter(pk=school.pk).update(status=School.Status.CLOSED)
    before = table_state()
    response = client.post(reverse("partnerships:partnership-start-check", args=[school.urn]))
    assert response.status_code == 404
    assert table_state() == before


# --- Clauses named in comments -------------------------------------------------------------------


COMMENT_PAGES = [
    ("staff_a", "partnerships:comment-create", "draft"),
    ("governor_a", "partnerships:comment-create", "draft"),
    ("governor_a", "partnerships:governor-comment-create", "in_review"),
    ("staff_a", "partnerships:governor-comment-create", "in_review"),
]


@pytest.mark.parametrize(("role", "page", "state"), COMMENT_PAGES)
@pytest.mark.parametrize("whose", ["other trust", "same trust, other partnership"])
def test_a_clause_of_another_partnership_in_a_comment_is_a_form_error(world, role, page, state, whose):
    foreign = world.other.clause if whose == "other trust" else world.by_state["agreed"].clause
    partnership = world.partnership(state)
    client = signed_in(world, role)
    before = table_state()
    response = client.post(
        reverse(page, args=[partnership.pk]), {"body": "About this clause", "section": "", "clause": str(foreign.pk)}
    )
    assert response.status_code == 200
    assert "Choose a clause of this partnership." in error_summary(response)
    assert table_state() == before
    assert not Comment.objects.filter(clause=foreign, body="About this clause").exists()


@pytest.mark.parametrize("clause", ["abc", "1.5", "-3", "99999999999999999999999"])
def test_a_malformed_clause_id_in_a_comment_is_a_form_error(world, clause):
    client = signed_in(world, "staff_a")
    before = table_state()
    response = client.post(
        reverse("partnerships:comment-create", args=[world.partnership("draft").pk]),
        {"body": "About this clause", "section": "", "clause": clause},
    )
    assert response.status_code == 200
    assert ERROR_SUMMARY in response.content.decode()
    assert table_state() == before


def test_the_comment_page_does_not_show_a_foreign_clause_named_in_the_address(world):
    client = signed_in(world, "staff_a")
    url = reverse("partnerships:comment-create", args=[world.partnership("draft").pk])
    response = client.get(url, {"clause": world.other.clause.pk})
    assert response.status_code == 200
    text = page_text(response)
    assert world.other.clause.heading not in text and world.other.clause.body not in text


def test_a_clause_of_this_partnership_in_a_comment_is_linked(world):
    client = signed_in(world, "staff_a")
    own = world.by_state["draft"].clause
    response = client.post(
        reverse("partnerships:comment-create", args=[world.partnership("draft").pk]),
        {"body": "About this clause", "section": "", "clause": str(own.pk)},
    )
    assert response.status_code == 302
    assert Comment.objects.get(body="About this clause").clause == own


# --- Fields a form does not have --------------------------------------------------------------------


def test_posting_fields_the_form_does_not_have_cannot_move_a_partnership(world):
    """Mass assignment: naming another trust, school, status or author in the POST changes nothing
    the form does not offer."""
    partnership = world.partnership("draft")
    client = signed_in(world, "staff_a")
    extra = {
        "trust": str(world.trust_b.pk),
        "trust_id": str(world.trust_b.pk),
        "school": str(world.school_b.pk),
        "school_id": str(world.school_b.pk),
        "status": "agreed",
        "reference": "TP99-99999",
        "created_by": str(world.user("staff_b").pk),
        "version": "1",
    }
    data = {**key_details(("1", "9", "2027"), ("31", "8", "2028")), **extra}
    response = client.post(reverse("partnerships:partnership-update", args=[partnership.pk]), data)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.trust, partnership.school, partnership.status) == (world.trust_a, world.school_a, "draft")
    assert partnership.reference != "TP99-99999" and partnership.created_by_id != world.user("staff_b").pk


def test_posting_a_partnership_id_in_a_clause_form_cannot_add_the_clause_elsewhere(world):
    client = signed_in(world, "staff_a")
    url = reverse("partnerships:clause-create", args=[world.partnership("draft").pk])
    response = client.post(
        url,
        {
            "section": "10",
            "heading": "Planted",
            "body": "Text",
            "partnership": str(world.other.partnership.pk),
            "partnership_id": str(world.other.partnership.pk),
        },
    )
    assert response.status_code == 302
    assert Clause.objects.get(heading="Planted").partnership == world.partnership("draft")
    assert not world.other.partnership.clauses.filter(heading="Planted").exists()
