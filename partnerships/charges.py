"""The service charge, charge by charge: when each cost line is charged, each invoice, and the
totals by financial year and academic year.

The rules, which Schedule 1 of the agreement states in words (`COUNTING_RULES`):

* one-off: charged once, for the first day of the partnership;
* monthly: once for each month of the partnership counted from its start date, a part month at
  the end counting as a month;
* termly: once for each school term the partnership touches (see `partnerships.school_terms`); a
  partnership that starts or ends part-way through a term is charged for that term in full;
* annually: once for each year of the partnership counted from its start date, a part year at the
  end counting as a year.

Each charge is invoiced at the start of the period it pays for (in advance) or at its end (in
arrears). VAT is worked out on each charge and rounded to the penny (half up), so every invoice,
every line and every year adds up to exactly the total. Money is `Decimal` throughout.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from partnerships.dates import ONE_DAY, add_months
from partnerships.school_terms import (
    SchoolTerm,
    academic_year_label,
    academic_year_of,
    financial_year_label,
    financial_year_of,
    terms_touched,
)
from partnerships.validation import format_date

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

COUNTING_RULES = {
    "one_off": "charged once, on the start date",
    "monthly": "charged for each month of the partnership counted from its start date; a part month at the end counts as a month",
    "termly": "charged once for each school term the partnership runs in; a term the partnership starts or ends part-way through is charged in full",
    "annually": "charged for each year of the partnership counted from its start date; a part year at the end counts as a year",
}
TIMING_RULES = {
    "advance": "Each charge is invoiced in advance, on the first day of the period it pays for.",
    "arrears": "Each charge is invoiced in arrears, on the last day of the period it pays for.",
}
YEAR_RULE = (
    "A charge counts in the financial year (1 April to 31 March) and the academic year (1 September to "
    "31 August) in which the period it pays for begins."
)


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date
    label: str


@dataclass(frozen=True)
class Charge:
    """One occurrence of a cost line."""

    line_key: int
    description: str
    period: Period
    invoice_on: datetime.date
    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


@dataclass(frozen=True)
class Money:
    net: Decimal = ZERO
    vat: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    def __add__(self, other: "Money") -> "Money":
        return Money(self.net + other.net, self.vat + other.vat)


def money_of(charges: Iterable[Charge]) -> Money:
    return sum((Money(charge.net, charge.vat) for charge in charges), Money())


@dataclass(frozen=True)
class Invoice:
    invoice_on: datetime.date
    charges: tuple[Charge, ...]

    @property
    def totals(self) -> Money:
        return money_of(self.charges)


@dataclass(frozen=True)
class YearTotal:
    year: int
    label: str
    totals: Money


@dataclass
class ChargeSchedule:
    charges: list[Charge]
    school_terms: list[SchoolTerm]
    invoices: list[Invoice] = field(default_factory=list)
    totals: Money = Money()
    by_financial_year: list[YearTotal] = field(default_factory=list)
    by_academic_year: list[YearTotal] = field(default_factory=list)

    def for_line(self, line_key: int) -> list[Charge]:
        return [charge for charge in self.charges if charge.line_key == line_key]


def _span(starts_on: datetime.date, ends_on: datetime.date) -> str:
    return f"{format_date(starts_on)} to {format_date(ends_on)}"


def _repeating(starts_on: datetime.date, ends_on: datetime.date, months: int, name: str) -> list[Period]:
    periods, index = [], 0
    while (first := add_months(starts_on, months * index)) <= ends_on:
        last = min(add_months(starts_on, months * (index + 1)) - ONE_DAY, ends_on)
        periods.append(Period(first, last, f"{name} {index + 1} ({_span(first, last)})"))
        index += 1
    return periods


def periods_for(
    frequency: str, starts_on: datetime.date, ends_on: datetime.date, school_terms: list[SchoolTerm]
) -> list[Period]:
    """The periods a line of this frequency is charged for over the partnership."""
    if frequency == "one_off":
        return [Period(starts_on, starts_on, "One-off")]
    if frequency == "monthly":
        return _repeating(starts_on, ends_on, 1, "Month")
    if frequency == "annually":
        return _repeating(starts_on, ends_on, 12, "Year")
    if frequency == "termly":
        return [Period(max(term.starts_on, starts_on), min(term.ends_on, ends_on), term.name) for term in school_terms]
    raise ValueError(f"Unknown frequency {frequency!r}")


def vat_on(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(PENNY, ROUND_HALF_UP)


def charge_schedule(
    *,
    lines: Iterable,
    starts_on: datetime.date,
    ends_on: datetime.date,
    timing: str = "arrears",
    overrides: dict[int, tuple[SchoolTerm, ...]] | None = None,
) -> ChargeSchedule:
    """Every charge of every line (objects with description, amount, frequency, vat_rate; keyed by
    their position in `lines`), grouped into invoices and totalled by year."""
    school_terms = terms_touched(starts_on, ends_on, overrides)
    charges = []
    for key, line in enumerate(lines):
        vat = vat_on(line.amount, line.vat_rate)
        for period in periods_for(line.frequency, starts_on, ends_on, school_terms):
            invoice_on = period.starts_on if timing == "advance" else period.ends_on
            charges.append(Charge(key, line.description, period, invoice_on, line.amount, vat))
    schedule = ChargeSchedule(charges=charges, school_terms=school_terms)
    schedule.invoices = _invoices(charges)
    schedule.totals = money_of(charges)
    schedule.by_financial_year = _by_year(charges, financial_year_of, financial_year_label)
    schedule.by_academic_year = _by_year(charges, academic_year_of, academic_year_label)
    return schedule


def _invoices(charges: list[Charge]) -> list[Invoice]:
    by_date: dict[datetime.date, list[Charge]] = {}
    for charge in charges:
        by_date.setdefault(charge.invoice_on, []).append(charge)
    return [Invoice(day, tuple(by_date[day])) for day in sorted(by_date)]


def _by_year(charges: list[Charge], year_of, label_of) -> list[YearTotal]:
    by_year: dict[int, list[Charge]] = {}
    for charge in charges:
        by_year.setdefault(year_of(charge.period.starts_on), []).append(charge)
    return [YearTotal(year, label_of(year), money_of(by_year[year])) for year in sorted(by_year)]


def partnership_charge_schedule(partnership, lines=None) -> ChargeSchedule:
    """The partnership's charge schedule, with the term dates its trust entered (one query for them)."""
    from partnerships.models.calendar import term_overrides

    lines = list(partnership.cost_lines.all() if lines is None else lines)
    return charge_schedule(
        lines=lines,
        starts_on=partnership.start_date,
        ends_on=partnership.end_date,
        timing=partnership.invoice_timing,
        overrides=term_overrides(partnership),
    )
