"""Several clauses from the trust's library at once, grouped by section, with a warning for a
clause the partnership already has (it is skipped, never copied twice)."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from partnerships import services
from partnerships.models import ClauseSection
from partnerships.services.terms import LIBRARY_CLAUSES_ALL_PRESENT
from tests.partnerships.factories import ClauseFactory, LibraryClauseFactory, PartnershipFactory


@pytest.fixture
def draft(trust):
    return PartnershipFactory(trust=trust)


@pytest.fixture
def staff_client(client, trust_staff):
    client.force_login(trust_staff)
    return client


@pytest.fixture
def library(trust):
    return {
        "data": LibraryClauseFactory(trust=trust, section=ClauseSection.DATA_PROTECTION, heading="Data protection"),
        "safeguarding": LibraryClauseFactory(trust=trust, section=ClauseSection.SAFEGUARDING, heading="Safeguarding"),
        "dbs": LibraryClauseFactory(trust=trust, section=ClauseSection.SAFEGUARDING, heading="DBS checks"),
    }


def add_url(partnership):
    return reverse("partnerships:clause-add-from-library", args=[partnership.pk])


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_form_groups_the_library_by_section(staff_client, draft, library):
    html = text(staff_client.get(add_url(draft)))
    assert html.count('name="library_clause" type="checkbox"') == 3
    safeguarding = html.index(f">{ClauseSection.SAFEGUARDING.label}</h2>")
    assert safeguarding < html.index("DBS checks") and safeguarding < html.index("Safeguarding\n")
    assert "already in this partnership" not in html


def test_each_clause_is_summarised_in_readable_words_not_its_markup(staff_client, draft, trust):
    clause = LibraryClauseFactory(
        trust=trust,
        heading="Trust duties",
        body="**The Trust will:**\n\n- visit each term\n- share its policies\n\n<script>alert(1)</script> applies.",
    )
    html = staff_client.get(add_url(draft)).content.decode()
    hint = re.search(rf'id="library-clause-{clause.pk}-hint"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert " ".join(unescape(hint).split()) == (
        "The Trust will: visit each term; share its policies; <script>alert(1)</script> applies."
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hint  # shown as text, never run


def test_several_clauses_are_added_in_one_go_with_history(staff_client, draft, library, trust_staff):
    response = staff_client.post(
        add_url(draft), {"library_clause": [library["dbs"].pk, library["data"].pk]}, follow=True
    )
    clauses = list(draft.clauses.all())
    assert {(clause.heading, clause.library_clause) for clause in clauses} == {
        ("DBS checks", library["dbs"]),
        ("Data protection", library["data"]),
    }
    assert "2 clauses added: " in text(response)
    for clause in clauses:
        assert clause.history.first().history_user == trust_staff


def test_a_clause_already_in_the_partnership_is_marked_and_skipped(staff_client, draft, library):
    ClauseFactory(partnership=draft, section=ClauseSection.SAFEGUARDING, heading="safeguarding ")
    form = text(staff_client.get(add_url(draft)))
    assert "1 clause in your library is already in this partnership" in form
    assert form.count(">Already added</strong>") == 1  # on the one clause it has

    response = staff_client.post(
        add_url(draft), {"library_clause": [library["safeguarding"].pk, library["dbs"].pk]}, follow=True
    )
    assert sorted(draft.clauses.values_list("heading", flat=True)) == ["DBS checks", "safeguarding "]
    assert "1 clause added: DBS checks. Not added, already in this partnership: Safeguarding." in text(response)


def test_choosing_only_clauses_already_present_is_an_error_and_adds_nothing(staff_client, draft, library, trust_staff):
    services.clause_add_from_library(partnership=draft, library_clause=library["data"], added_by=trust_staff)
    response = staff_client.post(add_url(draft), {"library_clause": [library["data"].pk]})
    assert response.status_code == 200 and "govuk-error-summary" in text(response)
    assert LIBRARY_CLAUSES_ALL_PRESENT in text(response)
    assert draft.clauses.count() == 1


def test_choosing_nothing_is_an_error(staff_client, draft, library):
    response = staff_client.post(add_url(draft), {})
    html = text(response)
    assert "Choose at least one clause from the library" in html and 'href="#id_library_clause"' in html
    assert 'id="id_library_clause"' in html  # the error summary's link lands on the first checkbox
    assert not draft.clauses.exists()


def test_a_foreign_id_among_good_ones_adds_nothing(staff_client, draft, library):
    foreign = LibraryClauseFactory(heading="Another trust's clause")
    response = staff_client.post(add_url(draft), {"library_clause": [library["data"].pk, foreign.pk]})
    assert "Choose a clause from your trust's library" in text(response)
    assert not draft.clauses.exists()


@override_settings(AGREEMENT_MAX_CLAUSES=1)
def test_all_or_nothing_when_the_agreement_would_be_too_long(draft, library, trust_staff):
    with pytest.raises(ValidationError):
        services.clauses_add_from_library(
            partnership=draft, library_clauses=[library["data"], library["dbs"]], added_by=trust_staff
        )
    assert not draft.clauses.exists()
