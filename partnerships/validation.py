"""Rules a partnership's key details must keep, with the messages a user sees."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from schools.eligibility import eligibility

from .dates import format_date, term_length

TERM_OUT_OF_RANGE = "A trust partnership must last between {minimum} and {maximum} months; this one lasts {length}."
END_BEFORE_START = "The end date must be after the start date."
DATES_OUT_OF_RANGE = "Enter dates between the years 2000 and 2099."
SCHOOL_ALREADY_IN_TRUST = "{school} is already an academy in {trust}, so it cannot enter a trust partnership with it."
TRUST_CLOSED = "{trust} is closed, so it cannot enter a trust partnership."
OVERLAPPING_PARTNERSHIP = (
    "This school is already in trust partnership {reference} from {starts} to {ends}. "
    "A school can only be in one trust partnership at a time."
)
# Another trust's partnership: say that there is one over these dates, not its reference or dates.
OVERLAPPING_OTHER_TRUST = (
    "This school is already in a trust partnership over some of these dates. "
    "A school can only be in one trust partnership at a time."
)
START_IN_PAST = "A new partnership cannot start in the past: the start date must be {earliest} or later."


def start_date_errors(starts_on: datetime.date, *, today: datetime.date | None = None) -> dict[str, str]:
    """A new partnership starts today or later, or within the grace period before today (setting
    PARTNERSHIP_START_GRACE_DAYS: a partnership that began last week can still be recorded)."""
    today = today or datetime.date.today()
    earliest = today - datetime.timedelta(days=settings.PARTNERSHIP_START_GRACE_DAYS)
    if starts_on < earliest:
        return {"start_date": START_IN_PAST.format(earliest=format_date(earliest))}
    return {}


def term_errors(starts_on: datetime.date, ends_on: datetime.date) -> dict[str, str]:
    """Field errors for a term outside the allowed length (12 to 18 months by default)."""
    if ends_on <= starts_on:
        return {"end_date": END_BEFORE_START}
    try:
        length = term_length(starts_on, ends_on)
    except (OverflowError, ValueError):  # the calendar stops at 31 December 9999 (say, typed in the admin)
        return {"end_date": DATES_OUT_OF_RANGE}
    minimum, maximum = settings.PARTNERSHIP_MIN_MONTHS, settings.PARTNERSHIP_MAX_MONTHS
    too_short = length.months < minimum
    too_long = length.months > maximum or (length.months == maximum and length.days)
    if too_short or too_long:
        return {"end_date": TERM_OUT_OF_RANGE.format(minimum=minimum, maximum=maximum, length=length)}
    return {}


def overlap_error(partnership) -> dict[str, str]:
    from .models import Partnership

    other = (
        Partnership.objects.overlapping(
            school=partnership.school,
            starts_on=partnership.start_date,
            ends_on=partnership.ended_on or partnership.end_date,
        )
        .exclude(pk=partnership.pk)
        .order_by("start_date")
        .first()
    )
    if other is None:
        return {}
    if other.trust_id != partnership.trust_id:
        return {"start_date": OVERLAPPING_OTHER_TRUST}
    return {
        "start_date": OVERLAPPING_PARTNERSHIP.format(
            reference=other.reference,
            starts=format_date(other.start_date),
            ends=format_date(other.ended_on or other.end_date),
        )
    }


def parties_errors(school, trust) -> dict[str, str]:
    """Who may partner: the school by schools.eligibility's table (type, status, trust), the trust open."""
    if school.trust_id and school.trust_id == trust.pk and school.is_academy:
        return {"school": SCHOOL_ALREADY_IN_TRUST.format(school=school.name, trust=trust.name)}
    verdict = eligibility(school)
    if not verdict.allowed:
        return {"school": verdict.reason}
    if trust.status != trust.Status.OPEN:
        return {"trust": TRUST_CLOSED.format(trust=trust.name)}
    return {}


def validate_partnership(partnership, *, check_parties: bool = True) -> None:
    """Raise a field-keyed ValidationError for every broken rule of the key details."""
    errors: dict[str, str] = {}
    if partnership.start_date and partnership.end_date:
        errors |= term_errors(partnership.start_date, partnership.end_date)
    if check_parties and partnership.school_id and partnership.trust_id:
        errors |= parties_errors(partnership.school, partnership.trust)
    if not errors and partnership.status != partnership.Status.WITHDRAWN and partnership.school_id:
        errors |= overlap_error(partnership)
    if errors:
        raise ValidationError(errors)
