"""School terms, financial years and academic years: the calendars the service charge is counted by.

"Termly" means once per school term, not once per four months. A school year has three terms:
autumn (September to December), spring (January to Easter) and summer (Easter to July). Local
authorities set the exact dates for community and voluntary controlled schools and governing
bodies for the others, so a trust can enter the dates its partner schools keep for an academic
year (`TermDates`); where none are entered the default pattern below is used:

* autumn: 1 September to 31 December;
* spring: 1 January to Easter Sunday;
* summer: Easter Monday to 31 July.

August is the summer holiday and belongs to no term. Maintained schools budget by the financial
year (1 April to 31 March), academy trusts by the academic year (1 September to 31 August).
"""

import datetime
from dataclasses import dataclass

SEASONS = ("autumn", "spring", "summer")
DEFAULT_PATTERN = (
    "autumn term 1 September to 31 December, spring term 1 January to Easter Sunday, "
    "summer term Easter Monday to 31 July"
)


@dataclass(frozen=True)
class SchoolTerm:
    season: str
    academic_year: int  # the calendar year the academic year starts in: 2026 is 2026/27
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def name(self) -> str:
        return f"{self.season.capitalize()} term {academic_year_label(self.academic_year)}"

    def overlaps(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        return self.starts_on <= ends_on and self.ends_on >= starts_on


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return datetime.date(year, month, day)


def default_terms(academic_year: int) -> tuple[SchoolTerm, SchoolTerm, SchoolTerm]:
    """The default autumn, spring and summer terms of an academic year."""
    easter = easter_sunday(academic_year + 1)
    return (
        SchoolTerm("autumn", academic_year, datetime.date(academic_year, 9, 1), datetime.date(academic_year, 12, 31)),
        SchoolTerm("spring", academic_year, datetime.date(academic_year + 1, 1, 1), easter),
        SchoolTerm(
            "summer", academic_year, easter + datetime.timedelta(days=1), datetime.date(academic_year + 1, 7, 31)
        ),
    )


def academic_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def academic_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def terms_touched(
    starts_on: datetime.date,
    ends_on: datetime.date,
    overrides: dict[int, tuple[SchoolTerm, ...]] | None = None,
) -> list[SchoolTerm]:
    """Every school term that shares at least one day with the range, in order.

    `overrides` maps an academic year to the terms entered for it; other years use the default
    pattern. A partnership that starts part-way through a term touches that term.
    """
    overrides = overrides or {}
    touched = []
    for year in range(academic_year_of(starts_on) - 1, academic_year_of(ends_on) + 1):
        for term in overrides.get(year) or default_terms(year):
            if term.overlaps(starts_on, ends_on):
                touched.append(term)
    return sorted(touched, key=lambda term: term.starts_on)
