"""Termly charges count school terms, not thirds of a year (issue 15's cases)."""

import datetime
from decimal import Decimal

import pytest

from partnerships.charges import charge_schedule
from partnerships.models import CostLine
from partnerships.models.calendar import TermDates, term_overrides
from partnerships.school_terms import default_terms, easter_sunday, terms_touched
from tests.partnerships.factories import CostLineFactory, PartnershipFactory

D = datetime.date


def names(starts_on, ends_on, overrides=None):
    return [term.name for term in terms_touched(starts_on, ends_on, overrides)]


def test_november_to_october_touches_four_terms():
    assert names(D(2026, 11, 1), D(2027, 10, 31)) == [
        "Autumn term 2026/27",
        "Spring term 2026/27",
        "Summer term 2026/27",
        "Autumn term 2027/28",
    ]


def test_august_to_august_touches_three_terms():
    assert names(D(2026, 8, 1), D(2027, 8, 31)) == [
        "Autumn term 2026/27",
        "Spring term 2026/27",
        "Summer term 2026/27",
    ]


def test_september_to_august_is_one_school_year():
    assert len(names(D(2026, 9, 1), D(2027, 8, 31))) == 3


def test_a_partnership_starting_mid_term_is_charged_for_that_term_in_full():
    # Starts on 15 October, half-way through the autumn term: the autumn term counts.
    schedule = charge_schedule(
        lines=[CostLine(description="Support", amount=Decimal("900.00"), frequency="termly")],
        starts_on=D(2026, 10, 15),
        ends_on=D(2027, 10, 14),
    )
    periods = [charge.period for charge in schedule.charges]
    assert [period.label for period in periods] == [
        "Autumn term 2026/27",
        "Spring term 2026/27",
        "Summer term 2026/27",
        "Autumn term 2027/28",
    ]
    # The first and last terms are charged in full but only cover the partnership's own days.
    assert (periods[0].starts_on, periods[-1].ends_on) == (D(2026, 10, 15), D(2027, 10, 14))
    assert schedule.totals.net == Decimal("3600.00")


def test_a_partnership_starting_in_the_summer_holiday_begins_with_the_autumn_term():
    assert names(D(2027, 8, 10), D(2028, 8, 9))[0] == "Autumn term 2027/28"


def test_default_spring_term_ends_at_easter():
    spring, summer = default_terms(2026)[1:]
    assert easter_sunday(2027) == D(2027, 3, 28)
    assert (spring.ends_on, summer.starts_on) == (D(2027, 3, 28), D(2027, 3, 29))


def test_cost_line_counts_terms_through_the_model(db):
    partnership = PartnershipFactory(start_date=D(2026, 11, 1), end_date=D(2027, 10, 31))
    line = CostLineFactory(partnership=partnership, frequency=CostLine.Frequency.TERMLY, amount=Decimal("1000.00"))
    assert line.occurrences(partnership.term) == 4
    partnership = PartnershipFactory(start_date=D(2028, 8, 1), end_date=D(2029, 8, 31))
    line = CostLineFactory(partnership=partnership, frequency=CostLine.Frequency.TERMLY)
    assert line.occurrences(partnership.term) == 3


@pytest.mark.django_db
def test_term_dates_entered_for_the_schools_local_authority_win_over_the_trust_wide_ones():
    # The local authority's summer term ends on 18 July 2027; a partnership ending on 25 July then
    # touches no more terms, but its dates change where the invoices fall.
    partnership = PartnershipFactory(start_date=D(2026, 9, 1), end_date=D(2027, 8, 31))
    common = dict(
        trust=partnership.trust,
        academic_year=2026,
        autumn_starts_on=D(2026, 9, 3),
        autumn_ends_on=D(2026, 12, 18),
        spring_starts_on=D(2027, 1, 5),
        spring_ends_on=D(2027, 3, 26),
        summer_starts_on=D(2027, 4, 12),
    )
    TermDates.objects.create(la_code="", summer_ends_on=D(2027, 7, 23), **common)
    TermDates.objects.create(la_code=partnership.school.la_code, summer_ends_on=D(2027, 7, 18), **common)
    overrides = term_overrides(partnership)
    assert overrides[2026][2].ends_on == D(2027, 7, 18)
    schedule = charge_schedule(
        lines=[CostLine(description="Support", amount=Decimal("100.00"), frequency="termly")],
        starts_on=partnership.start_date,
        ends_on=partnership.end_date,
        overrides=overrides,
    )
    assert [invoice.invoice_on for invoice in schedule.invoices] == [D(2026, 12, 18), D(2027, 3, 26), D(2027, 7, 18)]


@pytest.mark.django_db
def test_term_dates_out_of_order_are_refused_with_the_field_named():
    partnership = PartnershipFactory()
    row = TermDates(
        trust=partnership.trust,
        academic_year=2026,
        autumn_starts_on=D(2026, 9, 3),
        autumn_ends_on=D(2026, 12, 18),
        spring_starts_on=D(2026, 12, 1),
        spring_ends_on=D(2027, 3, 26),
        summer_starts_on=D(2027, 4, 12),
        summer_ends_on=D(2027, 9, 20),
    )
    with pytest.raises(Exception) as error:
        row.full_clean()
    assert error.value.message_dict["spring_starts_on"] == ["The spring term must start after the autumn term ends."]
    assert "summer_ends_on" in error.value.message_dict
