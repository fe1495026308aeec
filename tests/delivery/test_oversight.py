"""Outcomes for oversight: the dashboard's delivery figures, the list filters they link to, and
the CSV exports of reviews and outcomes, each in a constant number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delivery.models import EndReview, Rating, ReviewMeeting
from delivery.oversight import outcome_figures
from partnerships.models import AcademisationConsideration, Partnership
from tests.accounts.factories import GovernorFactory
from tests.delivery.factories import EndReviewFactory, ObjectiveRatingFactory, ReviewMeetingFactory
from tests.partnerships.factories import ObjectiveFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def reviewed(reference: str, *, earlier: list[str], latest: list[str], overdue=False, outcome=None, decided=None):
    """A partnership whose objectives were rated `earlier` then `latest` at two held reviews."""
    partnership = PartnershipFactory(reference=reference, status=Partnership.Status.ACTIVE)
    objectives = [ObjectiveFactory(partnership=partnership, position=i) for i in range(len(latest))]
    for held_on, ratings in ((datetime.date(2026, 11, 1), earlier), (datetime.date(2027, 2, 1), latest)):
        meeting = ReviewMeetingFactory(partnership=partnership, held_on=held_on)
        for objective, rating in zip(objectives, ratings, strict=True):
            ObjectiveRatingFactory(meeting=meeting, objective=objective, rating=rating)
    if overdue:
        ReviewMeetingFactory(
            partnership=partnership,
            status=ReviewMeeting.Status.SCHEDULED,
            scheduled_for=min(TODAY, datetime.date.today()) - datetime.timedelta(days=30),
        )
    if outcome:
        EndReviewFactory(partnership=partnership, outcome=outcome, lessons='=HYPERLINK("http://x")')
    if decided:
        AcademisationConsideration.objects.create(
            partnership=partnership,
            outcome="join_this_trust",
            decided_on=decided,
            recorded_by=GovernorFactory(),
        )
    return partnership


@pytest.fixture
def world():
    on_track, concerns, off = Rating.ON_TRACK, Rating.SOME_CONCERNS, Rating.OFF_TRACK
    return {
        "good": reviewed(
            "TP26-00001",
            earlier=[off, off],
            latest=[on_track, on_track],
            outcome=EndReview.Outcome.JOINED_THIS_TRUST,
            decided=datetime.date(2027, 3, 1),  # 6 months after 1 September 2026
        ),
        "mixed": reviewed("TP26-00002", earlier=[on_track, on_track], latest=[on_track, concerns], overdue=True),
        "unreviewed": PartnershipFactory(reference="TP26-00003", status=Partnership.Status.ACTIVE),
    }


def test_the_figures_count_each_partnerships_last_review_overdue_reviews_outcomes_and_decisions(world):
    figures = outcome_figures(today=TODAY)

    assert (figures.on_track_at_last_review, figures.ratings_at_last_review, figures.on_track_percent) == (3, 4, 75)
    assert (figures.overdue_reviews, figures.partnerships_with_overdue_reviews) == (1, 1)
    assert {bar.label: bar.count for bar in figures.by_outcome.bars}["Joined the trust"] == 1
    assert (figures.decisions, figures.median_months_to_decision) == (1, 5.9)


def test_each_figure_links_to_the_partnerships_it_counts(client, world, oversight):
    client.force_login(oversight)
    dashboard = client.get(reverse("oversight:dashboard")).content.decode()
    listed = {}
    for query in (
        "delivery=overdue_review",
        "delivery=not_on_track",
        "delivery=academisation_decided",
        "outcome=joined_this_trust",
    ):
        assert f"?{query}" in dashboard
        page = client.get(reverse("oversight:partnership-list") + f"?{query}").content.decode()
        listed[query] = [ref for ref in ("TP26-00001", "TP26-00002", "TP26-00003") if ref in page]

    assert "75%" in dashboard and "of objectives on track at each partnership" in dashboard
    assert listed == {
        "delivery=overdue_review": ["TP26-00002"],
        "delivery=not_on_track": ["TP26-00002"],
        "delivery=academisation_decided": ["TP26-00001"],
        "outcome=joined_this_trust": ["TP26-00001"],
    }


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_oversight_downloads_reviews_and_outcomes_as_csv(client, world, oversight):
    client.force_login(oversight)

    reviews = read_csv(client.get(reverse("delivery:review-export")))
    outcomes = read_csv(client.get(reverse("delivery:outcome-export")))

    assert reviews[0][:3] == ["Partnership reference", "School URN", "School"]
    assert len(reviews) == 1 + 8  # two reviews of two objectives, in two partnerships
    assert [row[9] for row in reviews[1:5]] == ["Off track", "Off track", "On track", "On track"]
    assert len(outcomes) == 2
    row = dict(zip(outcomes[0], outcomes[1], strict=True))
    assert (row["Partnership reference"], row["Outcome"], row["Months from start to decision"]) == (
        "TP26-00001",
        "Joined the trust",
        "5.9",
    )
    assert row["Lessons learned"].startswith("'=")  # a spreadsheet shows it, never runs it


@pytest.mark.parametrize("name", ["oversight:dashboard", "delivery:review-export", "delivery:outcome-export"])
def test_queries_stay_constant_as_partnerships_grow(client, oversight, name):
    client.force_login(oversight)

    def queries() -> int:
        response = client.get(reverse(name))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name))
            if response.streaming:
                b"".join(response.streaming_content)
        return len(captured)

    reviewed(
        "TP26-00010",
        earlier=["off_track"],
        latest=["on_track"],
        outcome="stays_as_is",
        decided=datetime.date(2027, 1, 1),
    )
    small = queries()
    for number in range(11, 16):
        reviewed(f"TP26-000{number}", earlier=["on_track"], latest=["off_track"], overdue=True, outcome="stays_as_is")
    assert queries() == small
