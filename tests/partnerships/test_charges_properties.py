"""Property-based tests of the service charge arithmetic: whatever the lines and dates, every
invoice, line and year adds up to exactly the total, VAT is worked out per charge, and nothing
is a float."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from partnerships.charges import charge_schedule
from partnerships.dates import add_months
from partnerships.school_terms import financial_year_of

PENNY = Decimal("0.01")
RATES = (Decimal("0.20"), Decimal("0"))


@dataclass
class Line:
    description: str
    amount: Decimal
    frequency: str
    vat_rate: Decimal


amounts = st.integers(min_value=1, max_value=999_999_999).map(lambda pennies: Decimal(pennies) / 100)
lines = st.lists(
    st.builds(
        Line,
        description=st.sampled_from(["Mentoring", "Training", "Data", "Set-up"]),
        amount=amounts,
        frequency=st.sampled_from(["one_off", "monthly", "termly", "annually"]),
        vat_rate=st.sampled_from(RATES),
    ),
    min_size=1,
    max_size=6,
)
starts = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31))
months = st.integers(min_value=12, max_value=18)
extra_days = st.integers(min_value=-1, max_value=27)


def schedule_for(line_list, starts_on, length, extra, timing):
    ends_on = add_months(starts_on, length) + datetime.timedelta(days=extra)
    return charge_schedule(lines=line_list, starts_on=starts_on, ends_on=ends_on, timing=timing)


@given(lines, starts, months, extra_days, st.sampled_from(["advance", "arrears"]))
def test_invoices_lines_and_years_add_up_to_the_total(line_list, starts_on, length, extra, timing):
    schedule = schedule_for(line_list, starts_on, length, extra, timing)
    total = schedule.totals
    assert sum(invoice.totals.gross for invoice in schedule.invoices) == total.gross
    assert sum(invoice.totals.vat for invoice in schedule.invoices) == total.vat
    assert sum(year.totals.gross for year in schedule.by_financial_year) == total.gross
    assert sum(year.totals.gross for year in schedule.by_academic_year) == total.gross
    assert total.gross == total.net + total.vat
    by_line = sum(sum(c.gross for c in schedule.for_line(key)) for key in range(len(line_list)))
    assert by_line == total.gross


@given(lines, starts, months, extra_days, st.sampled_from(["advance", "arrears"]))
def test_vat_is_worked_out_on_each_charge_to_the_penny_and_nothing_is_a_float(
    line_list, starts_on, length, extra, timing
):
    schedule = schedule_for(line_list, starts_on, length, extra, timing)
    for charge in schedule.charges:
        line = line_list[charge.line_key]
        assert charge.vat == (line.amount * line.vat_rate).quantize(PENNY, ROUND_HALF_UP)
        assert charge.net == line.amount
        for value in (charge.net, charge.vat, charge.gross):
            assert isinstance(value, Decimal) and value == value.quantize(PENNY)
    for money in [schedule.totals] + [invoice.totals for invoice in schedule.invoices]:
        assert all(isinstance(value, Decimal) for value in (money.net, money.vat, money.gross))


@given(lines, starts, months, extra_days, st.sampled_from(["advance", "arrears"]))
def test_every_invoice_falls_within_the_partnership_and_in_its_periods_financial_year(
    line_list, starts_on, length, extra, timing
):
    schedule = schedule_for(line_list, starts_on, length, extra, timing)
    ends_on = add_months(starts_on, length) + datetime.timedelta(days=extra)
    labels = {year.label for year in schedule.by_financial_year}
    for charge in schedule.charges:
        assert starts_on <= charge.period.starts_on <= charge.period.ends_on <= ends_on
        assert charge.invoice_on == (charge.period.starts_on if timing == "advance" else charge.period.ends_on)
        year = financial_year_of(charge.period.starts_on)
        assert f"{year}-{(year + 1) % 100:02d}" in labels


@given(starts, months, extra_days)
def test_monthly_and_annual_counts_match_the_started_months_rule(starts_on, length, extra):
    from partnerships.dates import term_length

    ends_on = add_months(starts_on, length) + datetime.timedelta(days=extra)
    line_list = [
        Line("Monthly", Decimal("1.00"), "monthly", Decimal("0")),
        Line("Yearly", Decimal("1.00"), "annually", Decimal("0")),
    ]
    schedule = charge_schedule(lines=line_list, starts_on=starts_on, ends_on=ends_on)
    started = term_length(starts_on, ends_on).started_months
    assert len(schedule.for_line(0)) == started
    assert len(schedule.for_line(1)) == -(-started // 12)
