"""Who may enter a trust partnership, as data: a verdict for each GIAS establishment type and status.

A trust partnership is for a state-funded school not yet in a multi-academy trust, exploring
joining one (DOMAIN.md, "Who can enter a trust partnership"). ESTABLISHMENT_TYPES gives every
`TypeOfEstablishment (name)` GIAS publishes one Kind; STATUSES does the same for the statuses.
`eligibility(school)` reads both tables (and, for academies, the school's trust) and returns the
verdict with the reason a person sees. partnership_create refuses what is not eligible; the school
search shows the same reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from schools.models import School, Trust


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    WITH_CARE = "with care"  # may enter, with a warning
    ACADEMY = "academy"  # may enter only as its own single-academy trust
    INELIGIBLE = "ineligible"


@dataclass(frozen=True)
class Kind:
    """What a type of establishment is, in words that complete "{school} is …", and its verdict."""

    description: str
    verdict: Verdict


MAINTAINED = Kind("a local-authority-maintained school", Verdict.ELIGIBLE)
SPECIAL = Kind("a local-authority-maintained special school", Verdict.ELIGIBLE)
PRU = Kind("a pupil referral unit", Verdict.ELIGIBLE)
NURSERY = Kind("a local authority nursery school", Verdict.WITH_CARE)
ACADEMY = Kind("an academy", Verdict.ACADEMY)
INDEPENDENT = Kind("an independent school", Verdict.INELIGIBLE)
NON_MAINTAINED_SPECIAL = Kind("a non-maintained special school (not state-funded)", Verdict.INELIGIBLE)
FURTHER_EDUCATION = Kind("a further education or sixth-form college", Verdict.INELIGIBLE)
HIGHER_EDUCATION = Kind("a higher education institution", Verdict.INELIGIBLE)
SECURE = Kind("a secure school or unit", Verdict.INELIGIBLE)
OUTSIDE_ENGLAND = Kind("not a school in England's state-funded system", Verdict.INELIGIBLE)
NOT_A_SCHOOL = Kind("not a school (GIAS lists it as another kind of establishment)", Verdict.INELIGIBLE)

# TypeOfEstablishment (name) -> Kind, for every type GIAS publishes.
ESTABLISHMENT_TYPES: dict[str, Kind] = {
    "Community school": MAINTAINED,
    "Voluntary aided school": MAINTAINED,
    "Voluntary controlled school": MAINTAINED,
    "Foundation school": MAINTAINED,
    "Community special school": SPECIAL,
    "Foundation special school": SPECIAL,
    "Pupil referral unit": PRU,
    "Local authority nursery school": NURSERY,
    "Academy converter": ACADEMY,
    "Academy sponsor led": ACADEMY,
    "Academy special converter": ACADEMY,
    "Academy special sponsor led": ACADEMY,
    "Academy alternative provision converter": ACADEMY,
    "Academy alternative provision sponsor led": ACADEMY,
    "Academy 16-19 converter": ACADEMY,
    "Academy 16 to 19 sponsor led": ACADEMY,
    "Free schools": ACADEMY,
    "Free schools special": ACADEMY,
    "Free schools alternative provision": ACADEMY,
    "Free schools 16 to 19": ACADEMY,
    "University technical college": ACADEMY,
    "Studio schools": ACADEMY,
    "City technology college": ACADEMY,
    "Academy secure 16 to 19": SECURE,
    "Secure units": SECURE,
    "Other independent school": INDEPENDENT,
    "Other independent special school": INDEPENDENT,
    "Independent schools approved for SEN pupils": INDEPENDENT,
    "Non-maintained special school": NON_MAINTAINED_SPECIAL,
    "Further education": FURTHER_EDUCATION,
    "Sixth form centres": FURTHER_EDUCATION,
    "Special post 16 institution": FURTHER_EDUCATION,
    "Higher education institutions": HIGHER_EDUCATION,
    "Welsh establishment": OUTSIDE_ENGLAND,
    "British schools overseas": OUTSIDE_ENGLAND,
    "Offshore schools": OUTSIDE_ENGLAND,
    "Service children's education": OUTSIDE_ENGLAND,
    "Online provider": NOT_A_SCHOOL,
    "Institution funded by other government department": NOT_A_SCHOOL,
    "Miscellaneous": NOT_A_SCHOOL,
    "Children's centre": NOT_A_SCHOOL,
    "Children's centre linked site": NOT_A_SCHOOL,
}

# School.Status -> (verdict, what completes "{school} is …")
STATUSES: dict[str, tuple[Verdict, str]] = {
    School.Status.OPEN: (Verdict.ELIGIBLE, "open"),
    School.Status.OPEN_PROPOSED_TO_CLOSE: (Verdict.ELIGIBLE, "open, but proposed to close"),
    School.Status.CLOSED: (Verdict.INELIGIBLE, "closed"),
    School.Status.PROPOSED_TO_OPEN: (Verdict.INELIGIBLE, "proposed to open, not open yet"),
}

FOR_WHOM = "trust partnerships are for state-funded schools not yet in a multi-academy trust"
NOT_ELIGIBLE = "{school} is {what}: " + FOR_WHOM + "."
IN_A_MAT = (
    "{school} is an academy in {trust}, a multi-academy trust: moving it to another trust is a transfer, "
    "not a trust partnership."
)
ACADEMY_WITHOUT_SAT = "{school} is an academy, but GIAS does not link it to a single-academy trust: " + FOR_WHOM + "."
UNKNOWN_TYPE = "{school} is a type of establishment ({type}) that is not on the list of schools that may partner."
NO_TYPE = "GIAS does not say what type of establishment {school} is, so it cannot enter a trust partnership."
NURSERY_WARNING = (
    "{school} is a local authority nursery school. Nursery schools cannot become academies, so the "
    "partnership's outcome cannot be joining the trust as an academy."
)
SINGLE_ACADEMY_NOTE = "{school} is its own single-academy trust ({trust}): a partnership can explore merging."


@dataclass(frozen=True)
class Eligibility:
    verdict: Verdict
    reason: str = ""  # why not (ineligible), or the warning/note (eligible)

    @property
    def allowed(self) -> bool:
        return self.verdict is not Verdict.INELIGIBLE


def kind_of(school: School) -> Kind | None:
    """The Kind of a school's establishment type, falling back on the type group for a type the
    table does not list (GIAS adds types now and then)."""
    if kind := ESTABLISHMENT_TYPES.get(school.establishment_type):
        return kind
    return TYPE_GROUPS.get(school.establishment_type_group)


# EstablishmentTypeGroup (name) -> Kind, only for a type the table above does not know.
TYPE_GROUPS: dict[str, Kind] = {
    "Academies": ACADEMY,
    "Free Schools": ACADEMY,
    "Independent schools": INDEPENDENT,
    "Colleges": FURTHER_EDUCATION,
    "Universities": HIGHER_EDUCATION,
    "Welsh schools": OUTSIDE_ENGLAND,
    "Online provider": NOT_A_SCHOOL,
}


def eligibility(school: School) -> Eligibility:
    """Whether the school may enter a trust partnership, and why (not)."""
    name = school.name
    status_verdict, status_text = STATUSES.get(school.status, (Verdict.INELIGIBLE, school.get_status_display()))
    if status_verdict is Verdict.INELIGIBLE:
        return Eligibility(Verdict.INELIGIBLE, NOT_ELIGIBLE.format(school=name, what=status_text))
    kind = kind_of(school)
    if kind is None:
        if not school.establishment_type:
            return Eligibility(Verdict.INELIGIBLE, NO_TYPE.format(school=name))
        return Eligibility(Verdict.INELIGIBLE, UNKNOWN_TYPE.format(school=name, type=school.establishment_type))
    if kind.verdict is Verdict.INELIGIBLE:
        return Eligibility(Verdict.INELIGIBLE, NOT_ELIGIBLE.format(school=name, what=kind.description))
    if kind.verdict is Verdict.WITH_CARE:
        return Eligibility(Verdict.WITH_CARE, NURSERY_WARNING.format(school=name))
    if kind.verdict is Verdict.ACADEMY:
        return _academy(school)
    return Eligibility(Verdict.ELIGIBLE)


def _academy(school: School) -> Eligibility:
    trust = school.trust
    if trust is None:
        return Eligibility(Verdict.INELIGIBLE, ACADEMY_WITHOUT_SAT.format(school=school.name))
    if trust.trust_type == Trust.TrustType.MULTI_ACADEMY_TRUST:
        return Eligibility(Verdict.INELIGIBLE, IN_A_MAT.format(school=school.name, trust=trust.name))
    if trust.trust_type == Trust.TrustType.SECURE_SINGLE_ACADEMY_TRUST:
        return Eligibility(Verdict.INELIGIBLE, NOT_ELIGIBLE.format(school=school.name, what=SECURE.description))
    return Eligibility(Verdict.ELIGIBLE, SINGLE_ACADEMY_NOTE.format(school=school.name, trust=trust.name))


def is_academy_type(establishment_type: str, type_group: str = "") -> bool:
    """Whether GIAS's type (or, failing that, type group) is an academy or free school."""
    kind = ESTABLISHMENT_TYPES.get(establishment_type) or TYPE_GROUPS.get(type_group)
    return kind is ACADEMY
