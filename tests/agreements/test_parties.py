"""The parties as the agreement names them: the governing body (of a federation where the school is
federated), the trust as a charitable company with its registered office, and payment details."""

from django.utils import timezone

from agreements.document import agreement_context
from agreements.snapshot import build_snapshot
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory


def context_for(partnership) -> dict:
    return agreement_context(build_snapshot(partnership, number=1, status="draft", generated_at=timezone.now()))


def test_a_federated_schools_party_is_the_governing_body_of_the_federation(db):
    school = SchoolFactory(name="Kirkgate Infant School", federation_name="Kirkgate Schools Federation")
    context = context_for(PartnershipFactory(school=school))
    assert context["school"]["governing_body"] == "The governing body of the federation of Kirkgate Schools Federation"
    assert context["school"]["in_sentence"] == "the governing body of the federation of Kirkgate Schools Federation"


def test_the_trust_is_named_as_a_charitable_company_with_its_registered_office(db):
    trust = TrustFactory(street="1 Aurora Way", town="Leeds", postcode="LS1 4AP", companies_house_number="07654321")
    context = context_for(PartnershipFactory(trust=trust))
    assert context["trust"]["legal_status"].startswith(
        "an academy trust, a company limited by guarantee and an exempt charity"
    )
    assert context["trust"]["registered_office"] == "1 Aurora Way, Leeds, LS1 4AP"


def test_key_information_gives_the_payment_details_and_the_extension_choice(db):
    partnership = PartnershipFactory(
        payment_due_days=14, invoice_timing="advance", purchase_order_reference="PO-9", internal_reference="SIP-1"
    )
    rows = dict(context_for(partnership)["key_information"])
    assert rows["Payment method"] == "BACS (bank transfer)"
    assert rows["Invoicing and payment"] == "Invoiced in advance; payment due within 14 days of the invoice date."
    assert (rows["Purchase order number"], rows["School's internal reference"]) == ("PO-9", "SIP-1")
    assert rows["Trust's VAT registration number"] == "Not VAT registered"
    assert rows["Extension"] == "No: the Term cannot be extended."
