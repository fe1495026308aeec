"""Calendar arithmetic for partnership terms.

A partnership runs from its start date to its end date *inclusive*, as contracts do: 1 September
2026 to 31 August 2027 is exactly 12 months. Adding months clamps to the end of shorter months,
so a 12-month term starting on 31 January ends on 30 January the next year.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)


def format_date(day: datetime.date) -> str:
    """GOV.UK style, the one date format of the service: 1 September 2026 (aware times in local time)."""
    if isinstance(day, datetime.datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return f"{day.day} {day:%B %Y}"


def format_time(moment: datetime.datetime) -> str:
    """GOV.UK style: 2:05pm (local time)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class TermLength:
    months: int
    days: int
    # The dates the length was measured between (None when built by hand): termly charges need them.
    starts_on: datetime.date | None = field(default=None, compare=False)
    ends_on: datetime.date | None = field(default=None, compare=False)

    def __str__(self) -> str:
        parts = []
        if self.months or not self.days:
            parts.append(f"{self.months} month{'' if self.months == 1 else 's'}")
        if self.days:
            parts.append(f"{self.days} day{'' if self.days == 1 else 's'}")
        return " and ".join(parts)

    @property
    def started_months(self) -> int:
        """Calendar months begun in the term: a part month counts as a month."""
        return self.months + (1 if self.days else 0)


def term_length(starts_on: datetime.date, ends_on: datetime.date) -> TermLength:
    """Whole months and left-over days from `starts_on` to `ends_on`, both days included."""
    day_after_end = ends_on + ONE_DAY
    months = (day_after_end.year - starts_on.year) * 12 + day_after_end.month - starts_on.month
    while months > 0 and add_months(starts_on, months) > day_after_end:
        months -= 1
    return TermLength(
        months=months,
        days=(day_after_end - add_months(starts_on, months)).days,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def last_day_for_term(starts_on: datetime.date, months: int) -> datetime.date:
    """The end date of a term of exactly `months` months starting on `starts_on`."""
    return add_months(starts_on, months) - ONE_DAY


def months_in_range(starts_on: datetime.date, ends_on: datetime.date) -> list[datetime.date]:
    """First day of every calendar month touched by the range, in order."""
    month = starts_on.replace(day=1)
    months = []
    while month <= ends_on:
        months.append(month)
        month = add_months(month, 1)
    return months
