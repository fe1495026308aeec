"""Reads for offers: the public directory, finding the school a visitor means, the trust's GIAS facts."""

import datetime
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, FloatField, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Cast

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
    """Published offers matching the filters; given a located school, annotated with the squared
    distance (metres²) from it to the trust's nearest open academy and ordered nearest first,
    otherwise by trust name. Count it without `near` (the aggregate is not needed to count)."""
    offers = Offer.objects.published().select_related("trust")
    if region:
        offers = offers.filter(trust__region=region)
    if local_authority:
        offers = offers.filter(local_authorities__contains=token(local_authority))
    if phase:
        offers = offers.filter(phases__contains=token(phase))
    if support:
        offers = offers.offering(*support)
    if near is not None and near.easting is not None and near.northing is not None:
        offers = offers.annotate(nearest_sq=Subquery(_nearest_academy_sq(near), output_field=FloatField()))
        return offers.order_by(F("nearest_sq").asc(nulls_last=True), "trust__name", "pk")
    return offers.order_by("trust__name", "pk")


def _nearest_academy_sq(near: School):
    """Per offer: the smallest squared distance from `near` to one of its trust's open, located
    academies. A correlated subquery over the trust's index entries (a few rows each); squared,
    in floating point, because metres² overflow a 32-bit integer."""
    east = Cast("easting", FloatField()) - float(near.easting)
    north = Cast("northing", FloatField()) - float(near.northing)
    return (
        School.objects.filter(
            trust_id=OuterRef("trust_id"), status__in=OPEN, easting__isnull=False, northing__isnull=False
        )
        .order_by()
        .values("trust_id")
        .annotate(nearest=Min(east * east + north * north))
        .values("nearest")
    )


def with_academy_counts(offers) -> list:
    """Give each offer `academies`: its trust's open academies (one query for the lot)."""
    offers = list(offers)
    counts = dict(
        School.objects.filter(trust_id__in={offer.trust_id for offer in offers}, status__in=OPEN)
        .values("trust_id")
        .annotate(academies=Count("pk"))
        .values_list("trust_id", "academies")
    )
    for offer in offers:
        offer.academies = counts.get(offer.trust_id, 0)
    return offers


def with_miles(offers) -> list:
    """Give each offer `miles` (None when the trust has no located academy or no school was given)."""
    for offer in offers:
        squared = getattr(offer, "nearest_sq", None)
        offer.miles = None if squared is None else math.sqrt(squared) / METRES_PER_MILE
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
