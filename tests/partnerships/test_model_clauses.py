"""The model clause set a trust's library starts from, and the sections a contract needs before review."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from config.settings import base as base_settings
from partnerships import services
from partnerships.model_clauses import MODEL_CLAUSES, STARTING_POINT
from partnerships.models import Clause, ClauseSection, LibraryClause, Partnership
from partnerships.selectors import MISSING_SECTIONS, missing_for_review, task_list
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    ObjectiveFactory,
    PartnershipFactory,
)

ISSUE_SECTIONS = {
    "Definitions and interpretation",
    "The parties",
    "Term and extension",
    "Scope and services",
    "Charges, invoicing and payment",
    "Expectations of each party",
    "Governance and review meetings",
    "Confidentiality",
    "Data protection",
    "Safeguarding",
    "Staff and conflicts of interest",
    "Insurance",
    "Intellectual property",
    "Freedom of information",
    "Liability",
    "Termination",
    "Dispute resolution and complaints",
    "Notices",
    "Variation",
    "Entire agreement",
    "Governing law and jurisdiction",
}


def test_the_model_set_covers_every_section_the_issue_lists():
    assert {ClauseSection(section).label for section, _heading, _body in MODEL_CLAUSES} == ISSUE_SECTIONS


def test_model_clauses_use_the_defined_terms_not_lower_case_stand_ins():
    for section, heading, body in MODEL_CLAUSES:
        if section != ClauseSection.DEFINITIONS:  # which defines them ("the school named in Part A")
            assert "the school " not in body and "the trust " not in body, heading


def test_data_protection_model_clause_has_the_article_28_particulars():
    body = next(body for _s, heading, body in MODEL_CLAUSES if heading == "Particulars of the processing")
    for particular in (
        "Subject matter",
        "Duration",
        "Nature and purpose",
        "Types of personal data",
        "Categories of data subjects",
        "Sub-processors",
    ):
        assert f"**{particular}:**" in body


def test_staff_add_the_model_clauses_to_their_library_once(client, trust_staff, trust):
    client.force_login(trust_staff)
    page = unescape(client.get(reverse("partnerships:library-clause-list")).content.decode())
    assert f"{len(MODEL_CLAUSES)} clauses from definitions to governing law" in page and STARTING_POINT in page

    response = client.post(reverse("partnerships:library-model-clauses"), follow=True)
    assert f"Added {len(MODEL_CLAUSES)} model clauses to the library" in unescape(response.content.decode())
    assert LibraryClause.objects.filter(trust=trust, from_model_set=True).count() == len(MODEL_CLAUSES)
    clause = LibraryClause.objects.get(trust=trust, heading="Governing law and jurisdiction")
    assert clause.history.latest().history_user == trust_staff
    page = unescape(response.content.decode())
    assert "Model clause: review before use" in page and "Start from the model clause set" not in page
    # Bulleted clauses show as lists, not as typed dashes.
    assert "<li><strong>" in page

    again = client.post(reverse("partnerships:library-model-clauses"), follow=True)
    assert "Your library already has every model clause" in unescape(again.content.decode())
    assert LibraryClause.objects.filter(trust=trust).count() == len(MODEL_CLAUSES)


def _draft_with_everything_but_clauses():
    partnership = PartnershipFactory()
    CostLineFactory(partnership=partnership)
    ObjectiveFactory(partnership=partnership)
    ActivityFactory(partnership=partnership)
    return partnership


@override_settings(AGREEMENT_REQUIRED_SECTIONS=base_settings.AGREEMENT_REQUIRED_SECTIONS)
def test_sending_for_review_names_the_required_sections_that_are_missing(db):
    partnership = _draft_with_everything_but_clauses()
    ClauseFactory(partnership=partnership, section=ClauseSection.SCOPE)
    ClauseFactory(partnership=partnership, section=ClauseSection.DATA_PROTECTION)
    expected = MISSING_SECTIONS.format(
        sections="Definitions and interpretation, Charges, invoicing and payment, Safeguarding, Termination, "
        "Governing law and jurisdiction"
    )
    assert missing_for_review(partnership) == [expected]
    with pytest.raises(ValidationError) as error:
        services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff_of(partnership))
    assert expected in " ".join(error.value.messages)
    assert Partnership.objects.get(pk=partnership.pk).status == Partnership.Status.DRAFT
    terms_task = next(task for task in task_list(partnership) if task.key == "terms")
    assert (terms_task.status, terms_task.hint) == (
        "In progress",
        "Still needed: Definitions and interpretation, Charges, invoicing and payment, Safeguarding, Termination, "
        "Governing law and jurisdiction",
    )


@override_settings(AGREEMENT_REQUIRED_SECTIONS=base_settings.AGREEMENT_REQUIRED_SECTIONS)
def test_no_charge_partnership_does_not_need_a_charges_section(db):
    partnership = _draft_with_everything_but_clauses()
    partnership.no_charge = True
    for name in ("DEFINITIONS", "SCOPE", "DATA_PROTECTION", "SAFEGUARDING", "TERMINATION", "GOVERNING_LAW"):
        ClauseFactory(partnership=partnership, section=ClauseSection[name])
    assert missing_for_review(partnership) == []


@override_settings(AGREEMENT_REQUIRED_SECTIONS=["INSURANCE"])
def test_the_required_sections_are_configurable(db):
    partnership = _draft_with_everything_but_clauses()
    ClauseFactory(partnership=partnership, section=ClauseSection.SCOPE)
    assert missing_for_review(partnership) == [MISSING_SECTIONS.format(sections="Insurance")]
    ClauseFactory(partnership=partnership, section=ClauseSection.INSURANCE)
    assert missing_for_review(partnership) == []
    assert Clause.objects.filter(partnership=partnership).count() == 2


def trust_staff_of(partnership):
    from tests.accounts.factories import TrustStaffFactory

    return TrustStaffFactory(trust=partnership.trust)
