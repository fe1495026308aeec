"""Reads for the oversight dashboard: figures across every partnership.

Each figure is one aggregate query, so the dashboard costs the same number of queries whether
there are ten partnerships or ten thousand.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from agreements.models import AgreementVersion
from partnerships.dates import add_months
from partnerships.models import AcademisationConsideration, Activity, Partnership
from schools.conversions import JOINED_TRUST, with_joined_trust
from schools.models import EstablishmentLink, School

Status = Partnership.Status
ENDING_WINDOWS = (30, 60, 90)
# Every model a figure reads: the view recounts when one of them changes (oversight/rendered.py;
# tests/partnerships/test_oversight_list_cache.py checks the list against the tables the figures read).
# Agreement versions have no history: issuing adds a row, which the version sees.
SOURCES = (Partnership, Activity, AcademisationConsideration, School, AgreementVersion, EstablishmentLink)
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it counts, how many, and the list filter that shows them."""

    label: str
    count: int
    query: dict = field(default_factory=dict)
    tag_class: str = ""

    def percent_of(self, largest: int) -> int:
        return round(100 * self.count / largest) if largest else 0


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]

    @property
    def largest(self) -> int:
        return max((bar.count for bar in self.bars), default=0)

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    def rows(self):
        """(bar, width in percent of the largest bar) for the template."""
        return [(bar, bar.percent_of(self.largest)) for bar in self.bars]


def counts_by_status() -> Chart:
    """Every partnership, by status, in lifecycle order (statuses with none show 0)."""
    counts = dict(Partnership.objects.order_by().values_list("status").annotate(count=Count("id")))
    return Chart(
        [
            Bar(label, counts.get(value, 0), {"status": value}, Status.TAG_COLOURS[value])
            for value, label in Status.choices
        ]
    )


def counts_by_region() -> Chart:
    """Live partnerships by the school's DfE region, most first."""
    rows = (
        Partnership.objects.live()
        .order_by()
        .values("school__region")
        .annotate(count=Count("id"))
        .order_by("-count", "school__region")
    )
    return Chart(
        [Bar(row["school__region"] or NOT_RECORDED, row["count"], {"region": row["school__region"]}) for row in rows]
    )


def counts_by_local_authority() -> Chart:
    """Live partnerships by the school's local authority, most first."""
    rows = (
        Partnership.objects.live()
        .order_by()
        .values("school__la_code", "school__la_name")
        .annotate(count=Count("id"))
        .order_by("-count", "school__la_name")
    )
    return Chart(
        [
            Bar(
                _local_authority_label(row["school__la_code"], row["school__la_name"]),
                row["count"],
                {"la": row["school__la_code"]},
            )
            for row in rows
        ]
    )


GRADES_ENDED = datetime.date(2024, 9, 1)  # single-word overall grades ended for state schools
LOW_PREVIOUS_GRADES = (
    School.OfstedGrade.REQUIRES_IMPROVEMENT,
    School.OfstedGrade.INADEQUATE,
    School.OfstedGrade.SERIOUS_WEAKNESSES,
    School.OfstedGrade.SPECIAL_MEASURES,
)


def latest_inspection_facts(*, today: datetime.date | None = None) -> Chart:
    """Facts about the latest Ofsted inspection of the schools in a live partnership that stay
    true after single-word grades ended (one aggregate query). The facts overlap: each bar counts
    the schools it describes, out of all the schools in a live partnership."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    figures = (
        School.objects.filter(partnerships__status__in=Status.LIVE)
        .distinct()
        .aggregate(
            schools=Count("id", distinct=True),
            recent=Count("id", distinct=True, filter=Q(ofsted_last_inspection__gte=year_ago)),
            since_grades=Count("id", distinct=True, filter=Q(ofsted_last_inspection__gte=GRADES_ENDED)),
            not_since=Count(
                "id",
                distinct=True,
                filter=Q(ofsted_last_inspection__lt=GRADES_ENDED) | Q(ofsted_last_inspection__isnull=True),
            ),
            low_previous=Count("id", distinct=True, filter=Q(previous_ofsted_grade__in=LOW_PREVIOUS_GRADES)),
            never=Count("id", distinct=True, filter=Q(ofsted_last_inspection__isnull=True)),
        )
    )
    return Chart(
        [
            Bar("Inspected in the last 12 months", figures["recent"]),
            Bar("Inspected since September 2024 (no single-word grade)", figures["since_grades"]),
            Bar("Not inspected since September 2024", figures["not_since"]),
            Bar("Previous overall grade requires improvement or inadequate", figures["low_previous"]),
            Bar("No inspection recorded", figures["never"]),
        ]
    )


@dataclass(frozen=True)
class Headlines:
    total: int
    live: int
    running: int
    ending_within: dict[int, int]
    undecided_near_end: int
    without_teaching_or_leadership: int
    joined_trust: int = 0  # the school reopened as an academy in the partnership's trust (GIAS links)
    started_without_issued_agreement: int = 0


def headline_figures(*, today: datetime.date | None = None) -> Headlines:
    """Totals, partnerships ending soon, and the two things oversight chases: one query."""
    today = today or timezone.localdate()
    live = Q(status__in=Status.LIVE)
    ending = {
        days: live & Q(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=days))
        for days in ENDING_WINDOWS
    }
    figures = with_joined_trust(with_oversight_flags(Partnership.objects.order_by())).aggregate(
        total=Count("id"),
        live=Count("id", filter=live),
        running=Count("id", filter=Q(status__in=Status.BINDING)),
        undecided_near_end=Count("id", filter=undecided_near_end_q(today)),
        without_teaching_or_leadership=Count(
            "id", filter=live & Q(has_activity=True, has_teaching_or_leadership=False)
        ),
        started_without_issued_agreement=Count("id", filter=started_without_issued_agreement_q(today)),
        **{f"ending_{days}": Count("id", filter=condition) for days, condition in ending.items()},
        joined_trust=Count("id", filter=JOINED_TRUST),
    )
    return Headlines(
        total=figures["total"],
        live=figures["live"],
        running=figures["running"],
        ending_within={days: figures[f"ending_{days}"] for days in ENDING_WINDOWS},
        undecided_near_end=figures["undecided_near_end"],
        without_teaching_or_leadership=figures["without_teaching_or_leadership"],
        joined_trust=figures["joined_trust"],
        started_without_issued_agreement=figures["started_without_issued_agreement"],
    )


def undecided_near_end_q(today: datetime.date) -> Q:
    """Live, fewer than 3 months left, and no academisation decision recorded.

    Needs the `decided` annotation (see `with_oversight_flags`).
    """
    return Q(status__in=Status.LIVE, end_date__gte=today, end_date__lt=add_months(today, 3), decided=False)


def started_without_issued_agreement_q(today: datetime.date) -> Q:
    """Agreed partnerships past their start date with no issued agreement: the daily job does not
    activate them (a partnership is active only under an issued agreement), it flags them."""
    return Q(status=Status.AGREED, start_date__lte=today, has_issued_agreement=False)


def with_oversight_flags(queryset):
    """Annotate `decided`, `has_activity`, `has_teaching_or_leadership` and
    `has_issued_agreement` for filtering."""
    from partnerships.selectors import issued_agreement_exists

    return queryset.annotate(
        has_issued_agreement=issued_agreement_exists(),
        decided=Exists(_academisation_decided()),
        has_activity=Exists(Activity.objects.filter(partnership=OuterRef("pk"))),
        has_teaching_or_leadership=Exists(_teaching_or_leadership()),
    )


def _teaching_or_leadership():
    return Activity.objects.filter(partnership=OuterRef("pk"), category__in=Activity.Category.TEACHING_AND_LEADERSHIP)


def _academisation_decided():
    return AcademisationConsideration.objects.filter(
        partnership=OuterRef("pk"), outcome__in=AcademisationConsideration.Outcome.DECIDED
    )


def _local_authority_label(code: str, name: str) -> str:
    if code and name:
        return f"{name} ({code})"
    return name or code or NOT_RECORDED


@dataclass(frozen=True)
class Dashboard:
    headlines: Headlines
    by_status: Chart
    by_region: Chart
    by_local_authority: Chart
    latest_inspection: Chart


def oversight_dashboard(*, today: datetime.date | None = None) -> Dashboard:
    """Every dashboard figure: five queries whatever the number of partnerships."""
    return Dashboard(
        headlines=headline_figures(today=today),
        by_status=counts_by_status(),
        by_region=counts_by_region(),
        by_local_authority=counts_by_local_authority(),
        latest_inspection=latest_inspection_facts(today=today),
    )
