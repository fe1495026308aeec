"""Writes to the school term dates a trust enters (used to count termly charges)."""

import datetime

from django.db import transaction

from partnerships.models import TermDates

from .common import delete_with_history, save_with_history

TERM_DATE_FIELDS = (
    "autumn_starts_on",
    "autumn_ends_on",
    "spring_starts_on",
    "spring_ends_on",
    "summer_starts_on",
    "summer_ends_on",
)


@transaction.atomic
def term_dates_save(
    *,
    trust,
    saved_by,
    academic_year: int,
    la_code: str = "",
    expected_version: int | None = None,
    **dates: datetime.date,
) -> TermDates:
    """Enter (or change) one academic year's autumn, spring and summer term dates for the trust's
    partner schools, or for those in one local authority. Raises ValidationError naming the field."""
    unknown = set(dates) - set(TERM_DATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown term date fields: {sorted(unknown)}")
    row = TermDates.objects.filter(trust=trust, la_code=la_code, academic_year=academic_year).first() or TermDates(
        trust=trust, la_code=la_code, academic_year=academic_year
    )
    for name, value in dates.items():
        setattr(row, name, value)
    return save_with_history(row, by=saved_by, reason="Term dates entered", expected_version=expected_version)


@transaction.atomic
def term_dates_delete(*, term_dates: TermDates, deleted_by) -> None:
    """Remove a year's entered dates: termly charges go back to the default pattern for that year."""
    delete_with_history(term_dates, by=deleted_by, reason="Term dates removed")
