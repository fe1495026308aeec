"""Reads for offers: the public directory, finding the school a visitor means, the trust's GIAS facts."""

import datetime
import math
import re
import time
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, Sum

from partnerships.oversight.rendered import data_version
from schools.models import School

from .choices import phase_of, token
from .models import Offer, SuggestedTrust

METRES_PER_MILE = 1609.344
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}$")
SCHOOL_MATCHES_SHOWN = 10
OPEN = list(School.Status.OPEN_STATES)


def miles_between(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Straight-line distance in miles between two British National Grid points (metres)."""
    return math.hypot(a[0] - b[0], a[1] - b[1]) / METRES_PER_MILE


def normalise_postcode(text: str) -> str | None:
    """ "ls62aa" -> "LS6 2AA"; None when the text is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    if not POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


@dataclass
class SchoolLookup:
    """The school a visitor typed (by name, URN or postcode): one school, or the candidates."""

    text: str
    school: School | None = None
    candidates: tuple[School, ...] = ()

    @property
    def located(self) -> bool:
        return self.school is not None and self.school.easting is not None and self.school.northing is not None


def find_school(text: str) -> SchoolLookup:
    text = (text or "").strip()[:100]
    if not text:
        return SchoolLookup(text)
    schools = School.objects.open().only("urn", "name", "town", "postcode", "phase", "easting", "northing", "la_name")
    postcode = normalise_postcode(text)
    if text.isascii() and text.isdigit() and len(text) == 6:
        matches = list(schools.filter(urn=text)[:2])
    elif postcode:
        matches = list(schools.filter(postcode=postcode).order_by("name")[: SCHOOL_MATCHES_SHOWN + 1])
    else:
        matches = list(schools.filter(name__icontains=text).order_by("name")[: SCHOOL_MATCHES_SHOWN + 1])
        exact = [school for school in matches if school.name.lower() == text.lower()]
        matches = exact if len(exact) == 1 else matches
    if len(matches) == 1:
        return SchoolLookup(text, school=matches[0])
    return SchoolLookup(text, candidates=tuple(matches[:SCHOOL_MATCHES_SHOWN]))


@dataclass(frozen=True)
class Academies:
    """What the directory needs from GIAS about every trust's open academies, kept in memory per
    process: how many each trust has, where the located ones are (British National Grid metres),
    and the local authorities with an open school. Rebuilt when the schools data changes."""

    version: str
    built_at: float  # time.monotonic()
    counts: dict[int, int]
    points: dict[int, tuple[tuple[int, int], ...]]
    local_authorities: tuple[str, ...]

    def nearest_sq(self, trust_id: int, easting: int, northing: int) -> float | None:
        """Squared distance (metres²) from the point to the trust's nearest located open academy."""
        points = self.points.get(trust_id)
        if not points:
            return None
        return min((east - easting) ** 2 + (north - northing) ** 2 for east, north in points)


_academies: Academies | None = None
# Rebuilt at least hourly even if the version did not move: a write committed late by a transaction
# that began before the newest history row was read cannot then be missed for long.
ACADEMIES_MAX_AGE_SECONDS = 60 * 60


def schools_version() -> str:
    """The schools data's last change: the newest row of the schools' history (every write to a
    school, the GIAS import's bulk writes included, records one), as the oversight pages key
    their cached lists (partnerships/oversight/rendered.py): id and time together, so that ids a
    rolled-back transaction gave out and a later one reused still read as a change."""
    return data_version((School,))


def academies() -> Academies:
    """The in-memory picture of the academies, rebuilt (two queries) whenever `schools_version`
    moved since it was read; otherwise one cheap query to check."""
    global _academies
    version = schools_version()
    fresh = _academies is not None and time.monotonic() - _academies.built_at < ACADEMIES_MAX_AGE_SECONDS
    if fresh and _academies.version == version:
        return _academies
    counts: dict[int, int] = {}
    points: dict[int, list[tuple[int, int]]] = {}
    rows = School.objects.filter(trust__isnull=False, status__in=OPEN).values_list("trust_id", "easting", "northing")
    for trust_id, easting, northing in rows.order_by():
        counts[trust_id] = counts.get(trust_id, 0) + 1
        if easting is not None and northing is not None:
            points.setdefault(trust_id, []).append((easting, northing))
    names = School.objects.open().exclude(la_name="").values_list("la_name", flat=True).distinct().order_by("la_name")
    _academies = Academies(
        version=version,
        built_at=time.monotonic(),
        counts=counts,
        points={trust_id: tuple(located) for trust_id, located in points.items()},
        local_authorities=tuple(names),
    )
    return _academies


def forget_academies(**kwargs) -> None:
    """Drop this process's picture of the academies (a signal receiver: a school changed here)."""
    global _academies
    _academies = None


def local_authority_names() -> tuple[str, ...]:
    """Every local authority with an open school, from GIAS (as fresh as the schools data)."""
    return academies().local_authorities


def directory(*, region="", local_authority="", phase="", support=()):
    """Published offers matching the filters, by trust name."""
    offers = Offer.objects.published().select_related("trust")
    if region:
        offers = offers.filter(trust__region=region)
    if local_authority:
        offers = offers.filter(local_authorities__contains=token(local_authority))
    if phase:
        offers = offers.filter(phases__contains=token(phase))
    if support:
        offers = offers.offering(*support)
    return offers.order_by("trust__name", "pk")


def nearest_first(offers, near: School, data: Academies) -> list[tuple[int, float | None]]:
    """(offer id, squared distance in metres²) for every offer, nearest first: the straight line
    from `near` to the trust's nearest located open academy. Offers without one come last; ties
    keep the queryset's order (trust name). One query, for the ids; the distances are worked out
    here from `data`, at most a few thousand subtractions."""
    located = near.easting is not None and near.northing is not None
    ranked = [
        (pk, data.nearest_sq(trust_id, near.easting, near.northing) if located else None)
        for pk, trust_id in offers.values_list("pk", "trust_id")
    ]
    far = float("inf")
    ranked.sort(key=lambda row: far if row[1] is None else row[1])  # stable: ties stay in name order
    return ranked


def directory_page(*, filters: dict, near: School | None, number, data: Academies, per_page: int):
    """One page of the directory: by trust name, or nearest first from a located school. Each
    offer on it gets `academies` (its trust's open academies) and `miles` (None when unknown)."""
    offers = directory(**filters)
    if near is None:
        page = Paginator(offers, per_page).get_page(number)
        shown, squared = list(page.object_list), {}
    else:
        page = Paginator(nearest_first(offers, near, data), per_page).get_page(number)
        squared = dict(page.object_list)
        by_pk = offers.order_by().in_bulk(list(squared))
        shown = [by_pk[pk] for pk in squared if pk in by_pk]
    page.object_list = with_facts(shown, data, squared)
    return page


def with_facts(offers, data: Academies, squared: dict | None = None) -> list:
    """Give each offer `academies` (its trust's open academies) and `miles` (from `squared`, the
    offer's squared distance in metres² by id; None when not known)."""
    squared = squared or {}
    for offer in offers:
        offer.academies = data.counts.get(offer.trust_id, 0)
        distance = squared.get(offer.pk)
        offer.miles = None if distance is None else math.sqrt(distance) / METRES_PER_MILE
    return offers


@dataclass
class TrustFacts:
    academies: int
    pupils: int
    phases: list[str]
    region: str
    schools: list  # open academies, latest inspection first: for components/ofsted.html
    inspected: int
    latest_inspection: datetime.date | None


OFSTED_FIELDS = (
    "name",
    "phase",
    "ofsted_last_inspection",
    "ofsted_last_inspection_type",
    "ofsted_report_card",
    "previous_ofsted_grade",
    "previous_ofsted_grade_on",
)


def trust_facts(trust) -> TrustFacts:
    """What GIAS says about the trust's open academies, for the offer page. Inspection facts come
    as dates; a single-word grade only as the previous grade (components/ofsted.html)."""
    schools = trust.schools.filter(status__in=OPEN)
    totals = schools.aggregate(academies=Count("pk"), pupils=Sum("pupils_on_roll"))
    rows = list(schools.order_by(F("ofsted_last_inspection").desc(nulls_last=True), "name").only(*OFSTED_FIELDS))
    dated = [school.ofsted_last_inspection for school in rows if school.ofsted_last_inspection]
    return TrustFacts(
        academies=totals["academies"],
        pupils=totals["pupils"] or 0,
        phases=sorted({school.phase for school in rows if school.phase}),
        region=trust.region,
        schools=rows,
        inspected=len(dated),
        latest_inspection=max(dated, default=None),
    )


def school_phase(school: School) -> str:
    return phase_of(school.phase)


def offer_history(offer: Offer) -> list:
    """The offer's changes, newest first, in the shape of partnerships/_history.html."""
    from partnerships.selectors import _entries_for  # the same diffing as a partnership's history

    entries = _entries_for(Offer.history.filter(id=offer.pk), "Offer", lambda row: "")
    return sorted(entries, key=lambda entry: entry.order, reverse=True)


def with_outcomes(recommendations) -> list:
    """Give each recommendation `outcome`: the school's first partnership set up after it was
    recorded (None if none yet), and `outcome_was_suggested`. Two queries for the page."""
    from partnerships.models import Partnership

    recommendations = list(recommendations)
    partnerships = (
        Partnership.objects.filter(school_id__in={r.school_id for r in recommendations})
        .select_related("trust")
        .order_by("created_at", "pk")
    )
    by_school: dict = {}
    for partnership in partnerships:
        by_school.setdefault(partnership.school_id, []).append(partnership)
    suggested = {
        (row["recommendation_id"], row["trust_id"])
        for row in SuggestedTrust.objects.filter(recommendation__in=recommendations).values(
            "recommendation_id", "trust_id"
        )
    }
    for recommendation in recommendations:
        later = [p for p in by_school.get(recommendation.school_id, []) if p.created_at >= recommendation.created_at]
        recommendation.outcome = later[0] if later else None
        recommendation.outcome_was_suggested = bool(later) and (recommendation.pk, later[0].trust_id) in suggested
    return recommendations
