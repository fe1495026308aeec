"""Terms and conditions (clauses, the library, reordering) and the service charge pages."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from partnerships.models import Clause, ClauseSection, CostLine, Partnership
from tests.partnerships.factories import ClauseFactory, CostLineFactory, LibraryClauseFactory, PartnershipFactory
from tests.schools.factories import TrustFactory


@pytest.fixture
def draft(trust):
    return PartnershipFactory(trust=trust)


@pytest.fixture
def staff_client(client, trust_staff):
    client.force_login(trust_staff)
    return client


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def text(response) -> str:
    return unescape(response.content.decode())


# --- Clauses ------------------------------------------------------------------------------------


def test_clauses_are_grouped_by_section_and_numbered(staff_client, draft):
    ClauseFactory(partnership=draft, section=ClauseSection.SCOPE, heading="Services", position=1)
    ClauseFactory(partnership=draft, section=ClauseSection.SCOPE, heading="Not a conversion", position=2)
    ClauseFactory(partnership=draft, section=ClauseSection.SAFEGUARDING, heading="Safeguarding duties", position=1)
    html = text(staff_client.get(url("clause-list", draft.pk)))
    assert "1. Scope and services" in html and "2. Safeguarding" in html
    assert "1.1 Services" in html and "1.2 Not a conversion" in html and "2.1 Safeguarding duties" in html


def test_add_a_new_clause(staff_client, draft):
    response = staff_client.post(
        url("clause-create", draft.pk),
        {
            "section": ClauseSection.CONFIDENTIALITY,
            "heading": "Confidential information",
            "body": "Each party keeps it confidential.",
        },
        follow=True,
    )
    clause = draft.clauses.get()
    assert (clause.section, clause.heading) == (ClauseSection.CONFIDENTIALITY, "Confidential information")
    assert "Clause added: Confidential information" in text(response)


def test_empty_clause_shows_the_error_summary(staff_client, draft):
    response = staff_client.post(url("clause-create", draft.pk), {"section": "", "heading": "", "body": ""})
    html = text(response)
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Choose the section this clause belongs in" in html and "Enter a heading for the clause" in html
    assert "Enter the text of the clause" in html
    assert not draft.clauses.exists()


def test_add_from_the_trusts_library_copies_the_text(staff_client, draft, trust):
    library_clause = LibraryClauseFactory(trust=trust, heading="Data protection", section=ClauseSection.DATA_PROTECTION)
    form = text(staff_client.get(url("clause-add-from-library", draft.pk)))
    assert "Data protection" in form
    staff_client.post(url("clause-add-from-library", draft.pk), {"library_clause": library_clause.pk})
    clause = draft.clauses.get()
    assert (clause.heading, clause.body, clause.library_clause) == (
        library_clause.heading,
        library_clause.body,
        library_clause,
    )


def test_another_trusts_library_clause_is_a_form_error(staff_client, draft):
    foreign = LibraryClauseFactory(trust=TrustFactory(), heading="Someone else's clause")
    html = text(staff_client.get(url("clause-add-from-library", draft.pk)))
    assert "Someone else's clause" not in html
    response = staff_client.post(url("clause-add-from-library", draft.pk), {"library_clause": foreign.pk})
    assert response.status_code == 200
    assert "Choose a clause from your trust's library" in text(response)
    assert not draft.clauses.exists()


def test_archived_library_clause_cannot_be_added(staff_client, draft, trust):
    archived = LibraryClauseFactory(trust=trust, is_archived=True)
    response = staff_client.post(url("clause-add-from-library", draft.pk), {"library_clause": archived.pk})
    assert "Choose a clause from your trust's library" in text(response)
    assert not draft.clauses.exists()


def test_change_a_clause(staff_client, draft):
    clause = ClauseFactory(partnership=draft)
    form = text(staff_client.get(url("clause-update", draft.pk, clause.pk)))
    assert clause.heading in form
    staff_client.post(
        url("clause-update", draft.pk, clause.pk),
        {"section": clause.section, "heading": "New heading", "body": "New body", "version": clause.version},
    )
    clause.refresh_from_db()
    assert (clause.heading, clause.body) == ("New heading", "New body")


def test_remove_a_clause_through_the_confirmation_page(staff_client, draft):
    clause = ClauseFactory(partnership=draft, heading="Old clause")
    confirm = text(staff_client.get(url("clause-delete", draft.pk, clause.pk)))
    assert "Are you sure you want to remove the clause ‘Old clause’?" in confirm
    assert "govuk-button--warning" in confirm and "Cancel" in confirm
    response = staff_client.post(url("clause-delete", draft.pk, clause.pk), follow=True)
    assert not Clause.objects.filter(pk=clause.pk).exists()
    assert "Clause removed: Old clause" in text(response)


def test_move_a_clause_down_and_up(staff_client, draft):
    first = ClauseFactory(partnership=draft, heading="First", position=1)
    ClauseFactory(partnership=draft, heading="Second", position=2)
    staff_client.post(url("clause-move", draft.pk, first.pk), {"direction": "down"})
    assert list(draft.clauses.order_by("position").values_list("heading", flat=True)) == ["Second", "First"]
    staff_client.post(url("clause-move", draft.pk, first.pk), {"direction": "up"})
    assert list(draft.clauses.order_by("position").values_list("heading", flat=True)) == ["First", "Second"]
    assert staff_client.get(url("clause-move", draft.pk, first.pk)).status_code == 405


def test_clause_of_another_partnership_is_not_found(staff_client, draft, trust):
    other = ClauseFactory(partnership=PartnershipFactory(trust=trust))
    assert staff_client.get(url("clause-update", draft.pk, other.pk)).status_code == 404


def test_terms_cannot_be_changed_in_review(staff_client, trust):
    in_review = PartnershipFactory(trust=trust, status=Partnership.Status.IN_REVIEW)
    clause = ClauseFactory(partnership=in_review)
    assert staff_client.get(url("clause-create", in_review.pk)).status_code == 403
    assert staff_client.post(url("clause-delete", in_review.pk, clause.pk)).status_code == 403
    html = text(staff_client.get(url("clause-list", in_review.pk)))
    assert "The terms cannot be changed while the partnership is in review" in html
    assert Clause.objects.filter(pk=clause.pk).exists()


def test_governor_cannot_post_to_edit_routes(client, governor, school):
    partnership = PartnershipFactory(school=school)
    client.force_login(governor)
    response = client.post(url("clause-create", partnership.pk), {"section": 10, "heading": "x", "body": "y"})
    assert response.status_code == 403
    assert not partnership.clauses.exists()


# --- Service charge -----------------------------------------------------------------------------


def test_service_charge_shows_each_line_and_the_totals(staff_client, draft):
    CostLineFactory(partnership=draft, description="Mentoring", amount=Decimal("1500"), frequency="termly")
    CostLineFactory(
        partnership=draft, description="Review", amount=Decimal("2000"), frequency="one_off", vat_treatment="standard"
    )
    html = text(staff_client.get(url("cost-line-list", draft.pk)))
    assert "Mentoring" in html and "£1,500.00" in html and "Termly (3 times)" in html and "£4,500.00" in html
    assert "£2,000.00" in html and "£400.00" in html and "£2,400.00" in html
    assert "£6,500.00" in html and "£6,900.00" in html  # net and gross over the partnership


def test_add_a_cost_line(staff_client, draft):
    staff_client.post(
        url("cost-line-create", draft.pk),
        {"description": "Training", "amount": "250.50", "frequency": "monthly", "vat_treatment": "exempt"},
    )
    line = draft.cost_lines.get()
    assert (line.description, line.amount, line.frequency, line.vat_treatment) == (
        "Training",
        Decimal("250.50"),
        "monthly",
        "exempt",
    )


@pytest.mark.parametrize(
    "amount, message",
    [
        ("", "Enter the amount in pounds"),
        ("abc", "Enter the amount as a number, like 1500, 1,500.50 or £1,500"),
        ("0", "The amount must be at least £0.01"),
        ("10.999", "no more than 2 numbers after the point"),
        ("99999999", "The amount must be £9,999,999.99 or less"),
    ],
)
def test_bad_amounts_are_explained(staff_client, draft, amount, message):
    response = staff_client.post(
        url("cost-line-create", draft.pk),
        {"description": "X", "amount": amount, "frequency": "monthly", "vat_treatment": "exempt"},
    )
    assert response.status_code == 200 and message in text(response)
    assert not draft.cost_lines.exists()


def test_change_and_remove_a_cost_line(staff_client, draft):
    line = CostLineFactory(partnership=draft)
    staff_client.post(
        url("cost-line-update", draft.pk, line.pk),
        {
            "description": "Changed",
            "amount": "99",
            "frequency": "annually",
            "vat_treatment": "standard",
            "version": line.version,
        },
    )
    line.refresh_from_db()
    assert (line.description, line.amount) == ("Changed", Decimal("99.00"))
    staff_client.post(url("cost-line-delete", draft.pk, line.pk))
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_record_no_charge(staff_client, draft):
    response = staff_client.post(
        url("partnership-charging", draft.pk), {"no_charge": "True", "version": draft.version}, follow=True
    )
    draft.refresh_from_db()
    assert draft.no_charge is True
    assert "Recorded that there is no service charge" in text(response)
    staff_client.post(url("partnership-charging", draft.pk), {"no_charge": "False", "version": draft.version})
    draft.refresh_from_db()
    assert draft.no_charge is False


def test_no_charge_choice_is_required(staff_client, draft):
    response = staff_client.post(url("partnership-charging", draft.pk), {})
    assert "Choose whether the school pays a service charge" in text(response)
