"""The trust's clause library: list by section, add, change, archive and restore."""

from html import unescape

from django.urls import reverse

from partnerships.models import ClauseSection, LibraryClause
from tests.partnerships.factories import LibraryClauseFactory
from tests.schools.factories import TrustFactory


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def text(response) -> str:
    return unescape(response.content.decode())


def test_library_lists_own_trusts_clauses_by_section(client, trust_staff, trust):
    LibraryClauseFactory(trust=trust, section=ClauseSection.SAFEGUARDING, heading="Safeguarding duties")
    LibraryClauseFactory(trust=trust, section=ClauseSection.SCOPE, heading="Services")
    LibraryClauseFactory(trust=trust, heading="Old clause", is_archived=True)
    LibraryClauseFactory(trust=TrustFactory(), heading="Another trust's clause")
    client.force_login(trust_staff)
    html = text(client.get(url("library-clause-list")))
    assert html.index("Scope and services") < html.index("Services") < html.index("Safeguarding duties")
    assert "Archived clauses" in html and "Old clause" in html
    assert "Another trust's clause" not in html


def test_add_and_change_a_library_clause(client, trust_staff, trust):
    client.force_login(trust_staff)
    response = client.post(
        url("library-clause-create"),
        {"section": ClauseSection.TERMINATION, "heading": "Notice", "body": "One term's notice."},
        follow=True,
    )
    clause = LibraryClause.objects.get()
    assert (clause.trust, clause.heading) == (trust, "Notice")
    assert "Added to the library: Notice" in text(response)
    client.post(
        url("library-clause-update", clause.pk),
        {"section": ClauseSection.TERMINATION, "heading": "Notice period", "body": "Half a term.", "version": 1},
    )
    clause.refresh_from_db()
    assert (clause.heading, clause.body) == ("Notice period", "Half a term.")


def test_library_clause_errors_show_in_the_summary(client, trust_staff):
    client.force_login(trust_staff)
    html = text(client.post(url("library-clause-create"), {"section": "999", "heading": "", "body": ""}))
    assert "govuk-error-summary" in html and "Enter a heading for the clause" in html
    assert "Select a valid choice" in html
    assert not LibraryClause.objects.exists()


def test_archive_and_restore(client, trust_staff, trust):
    clause = LibraryClauseFactory(trust=trust, heading="Data protection")
    client.force_login(trust_staff)
    confirm = text(client.get(url("library-clause-archive", clause.pk)))
    assert "Are you sure you want to archive ‘Data protection’?" in confirm
    client.post(url("library-clause-archive", clause.pk))
    clause.refresh_from_db()
    assert clause.is_archived
    client.post(url("library-clause-restore", clause.pk))
    clause.refresh_from_db()
    assert not clause.is_archived


def test_another_trusts_library_clause_is_not_found(client, trust_staff):
    foreign = LibraryClauseFactory(trust=TrustFactory())
    client.force_login(trust_staff)
    assert client.get(url("library-clause-update", foreign.pk)).status_code == 404
    assert client.post(url("library-clause-archive", foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert not foreign.is_archived


def test_governors_and_oversight_cannot_use_the_library(client, governor, oversight):
    for user in (governor, oversight):
        client.force_login(user)
        assert client.get(url("library-clause-list")).status_code == 403
