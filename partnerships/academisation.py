"""The academisation record's date rules (see DOMAIN: the steps for a maintained school).

The governing body resolves to apply for an academy order, applies, the Secretary of State makes
the order, the governing body consults, and the school converts. Recorded dates must run in that
order, fall during or after the partnership, and none may be in the future except the intended
conversion date, which must be within three years of the partnership's end.
"""

import datetime

from django.utils import timezone

from partnerships.validation import format_date

# The steps in the order they happen; a later step may not be dated before an earlier one.
ORDER = (
    "resolution_on",
    "academy_order_applied_on",
    "academy_order_made_on",
    "consultation_started_on",
    "consultation_ended_on",
    "intended_conversion_on",
)
DATE_FIELDS = (
    *ORDER,
    "foundation_consent_on",
    "regional_director_informed_on",
    "local_authority_informed_on",
    "decided_on",
)
ACADEMISATION_STEPS = (
    ("resolution_on", "Governing body resolution"),
    ("consultation_started_on", "Consultation began"),
    ("consultation_ended_on", "Consultation ended"),
    ("academy_order_applied_on", "Academy order applied for"),
    ("academy_order_made_on", "Academy order made"),
    ("foundation_consent_on", "Diocese or foundation consent"),
    ("regional_director_informed_on", "Regional director informed"),
    ("local_authority_informed_on", "Local authority informed"),
    ("decided_on", "Decision on the outcome"),
    ("intended_conversion_on", "Intended conversion date"),
)
CONVERSION_HORIZON_YEARS = 3

IN_FUTURE = "The {what} cannot be in the future."
BEFORE_PARTNERSHIP = "The {what} must be on or after the partnership's start date, {start}."
OUT_OF_ORDER = "The {what} must be on or after the {earlier} ({earlier_on})."
DECISION_BEFORE_CONSULTATION = "The decision date must be on or after the date the consultation began ({started})."
CONSENT_BEFORE_RESOLUTION = (
    "The diocese or foundation consent must be on or after the governing body resolution ({on})."
)
CONVERSION_TOO_LATE = "The intended conversion date must be no later than {latest}."


def _label(record, name: str) -> str:
    return str(record._meta.get_field(name).verbose_name).replace("_", " ")


def academisation_date_errors(record, *, today: datetime.date | None = None) -> dict[str, str]:
    """Field-keyed errors for the record's dates (empty when they are all sensible)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    partnership = record.partnership
    for name in DATE_FIELDS:
        value = getattr(record, name)
        if value is None:
            continue
        what = _label(record, name)
        if value < partnership.start_date:
            errors[name] = BEFORE_PARTNERSHIP.format(what=what, start=format_date(partnership.start_date))
        elif name != "intended_conversion_on" and value > today:
            errors[name] = IN_FUTURE.format(what=what)
    _check_order(record, errors)
    _check_related(record, errors)
    return errors


def _check_order(record, errors: dict[str, str]) -> None:
    latest_name = None
    for name in ORDER:
        value = getattr(record, name)
        if value is None:
            continue
        if latest_name and value < getattr(record, latest_name) and name not in errors:
            errors[name] = OUT_OF_ORDER.format(
                what=_label(record, name),
                earlier=_label(record, latest_name),
                earlier_on=format_date(getattr(record, latest_name)),
            )
        if latest_name is None or value >= getattr(record, latest_name):
            latest_name = name


def _check_related(record, errors: dict[str, str]) -> None:
    started, decided = record.consultation_started_on, record.decided_on
    if started and decided and decided < started:
        errors.setdefault("decided_on", DECISION_BEFORE_CONSULTATION.format(started=format_date(started)))
    consent, resolution = record.foundation_consent_on, record.resolution_on
    if consent and resolution and consent < resolution:
        errors.setdefault("foundation_consent_on", CONSENT_BEFORE_RESOLUTION.format(on=format_date(resolution)))
    conversion = record.intended_conversion_on
    if conversion:
        end = record.partnership.end_date
        latest = (
            end.replace(year=end.year + CONVERSION_HORIZON_YEARS)
            if (end.month, end.day) != (2, 29)
            else end.replace(year=end.year + CONVERSION_HORIZON_YEARS, day=28)
        )
        if conversion > latest:
            errors.setdefault("intended_conversion_on", CONVERSION_TOO_LATE.format(latest=format_date(latest)))
