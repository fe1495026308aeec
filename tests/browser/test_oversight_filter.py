"""The oversight filter's local authority and trust lists: searchable with JavaScript (GOV.UK
accessible-autocomplete), plain selects without it, and the same filter either way."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import OversightFactory
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def partnerships(live_server):
    OversightFactory(username="helen")
    leeds = PartnershipFactory(
        school=SchoolFactory(name="Holbeck Primary School", la_code="383", la_name="Leeds"),
        trust=TrustFactory(name="Aire Valley Learning Trust", group_id="TR01001"),
    )
    bradford = PartnershipFactory(
        school=SchoolFactory(name="Manningham Primary School", la_code="380", la_name="Bradford"),
        trust=TrustFactory(name="Pennine Schools Trust", group_id="TR01002"),
    )
    return leeds, bradford


def test_trust_and_local_authority_are_searchable(new_page, sign_in, look, partnerships):
    leeds, bradford = partnerships
    page = sign_in(new_page(), "helen")
    page.goto("/oversight/partnerships/")
    trust = page.get_by_role("combobox", name="Trust")
    expect(trust).to_be_visible()
    expect(page.locator("select#id_trust-select")).to_be_hidden()  # the select stays, hidden, for the form
    trust.fill("penn")
    option = page.get_by_role("option", name="Pennine Schools Trust (TR01002)")
    expect(option).to_be_visible()
    expect(page.get_by_role("option", name="Aire Valley Learning Trust (TR01001)")).to_have_count(0)
    look(page, "60-oversight-filter-trust-search")
    option.click()
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(bradford.reference)
    expect(page.get_by_role("combobox", name="Trust")).to_have_value("Pennine Schools Trust (TR01002)")

    # Clearing the box means any trust again; a local authority is found by its name.
    page.get_by_role("combobox", name="Trust").fill("")
    page.get_by_role("combobox", name="Local authority").fill("lee")
    page.get_by_role("option", name="Leeds (383)").click()
    page.get_by_role("button", name="Apply filters").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(leeds.reference)
    assert "la=383" in page.url and "trust=&" in page.url + "&"
    look(page, "61-oversight-filter-by-local-authority")
    look.assert_clean()


def test_without_javascript_the_lists_are_plain_selects(new_page, sign_in, look, partnerships):
    leeds, bradford = partnerships
    page = sign_in(new_page(java_script_enabled=False), "helen")
    page.goto("/oversight/partnerships/")
    expect(page.get_by_role("combobox", name="Trust")).to_have_js_property("tagName", "SELECT")
    page.get_by_label("Trust").select_option(label="Aire Valley Learning Trust (TR01001)")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(leeds.reference)
    look(page, "62-oversight-filter-without-javascript")
    look.assert_clean()
