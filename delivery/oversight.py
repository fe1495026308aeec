"""Outcomes for the oversight dashboard, the list filters they link to, and the analysts' CSV exports
of reviews and outcomes. Each figure is one aggregate query, whatever the number of partnerships;
the exports stream one query's rows."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from partnerships.models import AcademisationConsideration, Partnership
from partnerships.oversight.dashboard import Bar, Chart

from .models import EndReview, ObjectiveRating, Rating, ReviewMeeting

# The oversight list's "delivery" filter: what each dashboard figure links to.
OVERDUE_REVIEW = "overdue_review"
NOT_ON_TRACK = "not_on_track"
ACADEMISATION_DECIDED = "academisation_decided"
DELIVERY_CHOICES = [
    (OVERDUE_REVIEW, "A review more than two weeks overdue"),
    (NOT_ON_TRACK, "An objective not on track at the last review"),
    (ACADEMISATION_DECIDED, "Academisation decided"),
]
DAYS_PER_MONTH = 365.25 / 12
# Every model an outcome figure reads: the dashboard recounts when one of them changes (partnerships/oversight/rendered.py).
SOURCES = (EndReview, AcademisationConsideration, Partnership, ReviewMeeting, ObjectiveRating)


def _latest_held_review():
    return (
        ReviewMeeting.objects.held()
        .filter(partnership=OuterRef("meeting__partnership"))
        .order_by("-held_on", "-id")
        .values("id")[:1]
    )


def ratings_at_last_review():
    """Each partnership's ratings at its most recent held review."""
    return ObjectiveRating.objects.filter(meeting__status=ReviewMeeting.Status.HELD).filter(
        meeting_id=Subquery(_latest_held_review())
    )


@dataclass(frozen=True)
class Outcomes:
    by_outcome: Chart
    decisions: int
    median_months_to_decision: float | None
    ratings_at_last_review: int
    on_track_at_last_review: int
    overdue_reviews: int
    partnerships_with_overdue_reviews: int

    @property
    def on_track_percent(self) -> int | None:
        if not self.ratings_at_last_review:
            return None
        return round(100 * self.on_track_at_last_review / self.ratings_at_last_review)


def outcome_figures(*, today: datetime.date | None = None) -> Outcomes:
    """The dashboard's outcome figures: four queries."""
    today = today or timezone.localdate()
    counts = dict(EndReview.objects.order_by().values_list("outcome").annotate(count=Count("id")))
    by_outcome = Chart(
        [Bar(label, counts.get(value, 0), {"outcome": value}) for value, label in EndReview.Outcome.choices]
    )
    spans = [
        (decided_on - started).days
        for decided_on, started in AcademisationConsideration.objects.filter(
            outcome__in=AcademisationConsideration.Outcome.DECIDED, decided_on__isnull=False
        ).values_list("decided_on", "partnership__start_date")
    ]
    ratings = ratings_at_last_review().aggregate(
        total=Count("id"), on_track=Count("id", filter=Q(rating=Rating.ON_TRACK))
    )
    overdue = ReviewMeeting.objects.overdue(today=today).aggregate(
        meetings=Count("id"), partnerships=Count("partnership", distinct=True)
    )
    return Outcomes(
        by_outcome=by_outcome,
        decisions=len(spans),
        median_months_to_decision=round(statistics.median(spans) / DAYS_PER_MONTH, 1) if spans else None,
        ratings_at_last_review=ratings["total"],
        on_track_at_last_review=ratings["on_track"],
        overdue_reviews=overdue["meetings"],
        partnerships_with_overdue_reviews=overdue["partnerships"],
    )


def filter_by_delivery(queryset, value: str, *, today: datetime.date | None = None):
    """The oversight list narrowed to what a dashboard outcome figure counts."""
    today = today or timezone.localdate()
    if value == OVERDUE_REVIEW:
        return queryset.filter(Exists(ReviewMeeting.objects.overdue(today=today).filter(partnership=OuterRef("pk"))))
    if value == NOT_ON_TRACK:
        not_on_track = (
            ratings_at_last_review().exclude(rating=Rating.ON_TRACK).filter(meeting__partnership=OuterRef("pk"))
        )
        return queryset.filter(Exists(not_on_track))
    if value == ACADEMISATION_DECIDED:
        return queryset.filter(academisation__outcome__in=AcademisationConsideration.Outcome.DECIDED)
    return queryset


# --- CSV exports --------------------------------------------------------------------------------------

REVIEW_COLUMNS = [
    "Partnership reference",
    "School URN",
    "School",
    "Trust reference",
    "Trust",
    "Region",
    "Review",
    "Date of the meeting",
    "Objective",
    "Rating",
    "Evidence",
    "Next steps",
]
OUTCOME_COLUMNS = [
    "Partnership reference",
    "School URN",
    "School",
    "Trust reference",
    "Trust",
    "Region",
    "Start date",
    "End date",
    "Status",
    "Outcome",
    "Would recommend",
    "Objectives achieved",
    "Objectives partly achieved",
    "Objectives not achieved",
    "Academisation decision",
    "Decision date",
    "Months from start to decision",
    "Lessons learned",
]


def review_rows():
    """One row per objective rating at a held review, oldest review first, in one streamed query."""
    ratings = (
        ObjectiveRating.objects.filter(meeting__status=ReviewMeeting.Status.HELD)
        .select_related("meeting__partnership__school", "meeting__partnership__trust", "objective")
        .order_by("meeting__partnership__reference", "meeting__held_on", "meeting_id", "objective__position")
    )
    for rating in ratings.iterator(chunk_size=2000):
        meeting = rating.meeting
        partnership = meeting.partnership
        yield [
            partnership.reference,
            partnership.school.urn,
            partnership.school.name,
            partnership.trust.group_id,
            partnership.trust.name,
            partnership.school.region,
            meeting.get_kind_display(),
            meeting.held_on.isoformat(),
            rating.objective.description,
            rating.get_rating_display(),
            rating.evidence,
            rating.next_steps,
        ]


def outcome_rows():
    """One row per partnership with an end-of-partnership review, in one streamed query."""
    counts = {
        f"n_{name}": Count("achievements", filter=Q(achievements__achievement=name))
        for name in ("achieved", "partly_achieved", "not_achieved")
    }
    reviews = (
        EndReview.objects.select_related("partnership__school", "partnership__trust", "partnership__academisation")
        .annotate(**counts)
        .order_by("partnership__reference")
    )
    for review in reviews.iterator(chunk_size=2000):
        partnership = review.partnership
        academisation = getattr(partnership, "academisation", None)
        decided_on = academisation.decided_on if academisation else None
        yield [
            partnership.reference,
            partnership.school.urn,
            partnership.school.name,
            partnership.trust.group_id,
            partnership.trust.name,
            partnership.school.region,
            partnership.start_date.isoformat(),
            partnership.end_date.isoformat(),
            partnership.get_status_display(),
            review.get_outcome_display(),
            "Yes" if review.would_recommend else "No",
            review.n_achieved,
            review.n_partly_achieved,
            review.n_not_achieved,
            academisation.get_outcome_display() if academisation else "Not recorded",
            decided_on.isoformat() if decided_on else "",
            round((decided_on - partnership.start_date).days / DAYS_PER_MONTH, 1) if decided_on else "",
            review.lessons,
        ]
