"""The fixed lists an offer and a search use: support (the service's activity categories) and
phases of education (GIAS `PhaseOfEducation (name)` grouped as schools describe themselves).

Lists are stored in one text column as "|code|code|", so "offers headteacher mentoring" is a
`contains "|headteacher_mentoring|"` on every database (SQLite has no JSON containment) and the
offer's history shows the whole list changing in one field.
"""

from django.db import models

from partnerships.models import Activity

# What a trust can offer: the categories partnership activities are recorded under, without "Other".
SUPPORT_CHOICES = [(value, label) for value, label in Activity.Category.choices if value != Activity.Category.OTHER]
SUPPORT_LABELS = dict(SUPPORT_CHOICES)


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    SIXTEEN_PLUS = "sixteen_plus", "16 plus"
    ALL_THROUGH = "all_through", "All-through"
    NO_PHASE = "no_phase", "Special schools and pupil referral units"


# GIAS phase names (PhaseOfEducation (name)) to the phases offers use.
GIAS_PHASES = {
    "Nursery": Phase.NURSERY,
    "Primary": Phase.PRIMARY,
    "Middle deemed primary": Phase.PRIMARY,
    "Secondary": Phase.SECONDARY,
    "Middle deemed secondary": Phase.SECONDARY,
    "16 plus": Phase.SIXTEEN_PLUS,
    "All-through": Phase.ALL_THROUGH,
    "Not applicable": Phase.NO_PHASE,
}

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


def phase_of(gias_phase: str) -> str:
    """The offer phase for a school's GIAS phase ("" when GIAS gives none we know)."""
    return GIAS_PHASES.get(gias_phase or "", "")


def pack(values) -> str:
    """["a", "b"] -> "|a|b|" (empty list -> "")."""
    values = [value for value in values if value]
    return f"|{'|'.join(values)}|" if values else ""


def unpack(text: str) -> list[str]:
    return [value for value in (text or "").split("|") if value]


def token(value: str) -> str:
    """What `contains` looks for to find one value in a packed list."""
    return f"|{value}|"
