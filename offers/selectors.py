"""Reads for offers: the public directory, finding the school a visitor means, the trust's GIAS facts."""

import datetime
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, FloatField, Min, Q, Sum
from django.db.models.functions import Cast

from schools.models import School

from .choices import phase_of, token
from .models import Offer

METRES_PER_MILE = 1609.344
# Single-word overall grades stopped for state schools on 2 September 2024.
GRADES_ENDED_ON = datetime.date(2024, 9, 2)
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


def local_authority_names() -> list[str]:
    """Every local authority with an open school, from GIAS (cached: it changes monthly at most)."""
    names = cache.get("offers:local_authorities")
    if names is None:
        names = list(
            School.objects.open().exclude(la_name="").values_list("la_name", flat=True).distinct().order_by("la_name")
        )
        cache.set("offers:local_authorities", names, 600)
    return names


def directory(*, region="", local_authority="", phase="", support=(), near: School | None = None):
    """Published offers with the trust's open academy count and, given a located school, the squared
    distance (metres²) from it to the trust's nearest open academy, nearest first."""
    offers = Offer.objects.published().select_related("trust")
    if region:
        offers = offers.filter(trust__region=region)
    if local_authority:
        offers = offers.filter(local_authorities__contains=token(local_authority))
    if phase:
        offers = offers.filter(phases__contains=token(phase))
    if support:
        offers = offers.offering(*support)
    open_academies = Q(trust__schools__status__in=OPEN)
    offers = offers.annotate(academies=Count("trust__schools", filter=open_academies))
    if near is not None and near.easting is not None and near.northing is not None:
        east = Cast("trust__schools__easting", FloatField()) - float(near.easting)
        north = Cast("trust__schools__northing", FloatField()) - float(near.northing)
        located = open_academies & Q(trust__schools__easting__isnull=False, trust__schools__northing__isnull=False)
        offers = offers.annotate(nearest_sq=Min(east * east + north * north, filter=located))
        return offers.order_by(F("nearest_sq").asc(nulls_last=True), "trust__name", "pk")
    return offers.order_by("trust__name", "pk")


def with_miles(offers) -> list:
    """Give each offer of a page `miles` (None when the trust has no located academy)."""
    for offer in offers:
        squared = getattr(offer, "nearest_sq", None)
        offer.miles = None if squared is None else math.sqrt(squared) / METRES_PER_MILE
    return offers


@dataclass
class Inspection:
    school: str
    inspected_on: datetime.date | None
    previous_grade: str  # only for inspections before single-word grades ended


@dataclass
class TrustFacts:
    academies: int
    pupils: int
    phases: list[str]
    region: str
    inspections: list[Inspection]
    inspected: int
    latest_inspection: datetime.date | None


def trust_facts(trust) -> TrustFacts:
    """What GIAS says about the trust's open academies, for the offer page."""
    schools = trust.schools.filter(status__in=OPEN)
    totals = schools.aggregate(academies=Count("pk"), pupils=Sum("pupils_on_roll"))
    rows = list(
        schools.order_by(F("ofsted_last_inspection").desc(nulls_last=True), "name").values_list(
            "name", "phase", "ofsted_last_inspection", "previous_ofsted_grade"
        )
    )
    phases = sorted({name for _, name, _, _ in rows if name})
    inspections = [
        Inspection(
            school=name,
            inspected_on=inspected_on,
            previous_grade=rating if inspected_on and rating and inspected_on < GRADES_ENDED_ON else "",
        )
        for name, _, inspected_on, rating in rows
    ]
    dated = [row.inspected_on for row in inspections if row.inspected_on]
    return TrustFacts(
        academies=totals["academies"],
        pupils=totals["pupils"] or 0,
        phases=phases,
        region=trust.region,
        inspections=inspections,
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
