"""Review meetings: staff record them with a rating for every objective, the clerk records the
governing body's own, the school's people comment, and each objective keeps its rating history."""

import datetime

import pytest
from django.urls import reverse

from delivery import services
from delivery.models import EndReview, ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting
from partnerships.models import Partnership
from tests.delivery.conftest import day
from tests.delivery.factories import ObjectiveRatingFactory, ReviewMeetingFactory

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 11, 20)


def review_data(partnership, ratings=None, **overrides) -> dict:
    objectives = list(partnership.objectives.all())
    ratings = ratings or [Rating.ON_TRACK] * len(objectives)
    data = {
        **day("held_on", HELD_ON),
        "trust_attendees": "Priya Shah, Director of School Improvement",
        "school_attendees": "Margaret Ellis, Headteacher\nDaniel Okafor, Chair of governors",
        "notes": "Good progress on reading.",
    }
    for objective, rating in zip(objectives, ratings, strict=True):
        data[f"rating_{objective.pk}"] = rating
        data[f"evidence_{objective.pk}"] = f"Evidence for {objective.description}"
        data[f"next_steps_{objective.pk}"] = "Keep going"
    return {**data, **overrides}


def test_staff_record_a_review_with_a_rating_for_every_objective(client, running, trust_staff):
    client.force_login(trust_staff)

    response = client.post(
        reverse("delivery:review-create", args=[running.pk]),
        review_data(running, [Rating.ON_TRACK, Rating.SOME_CONCERNS]),
        follow=True,
    )

    meeting = ReviewMeeting.objects.get(partnership=running)
    assert (meeting.kind, meeting.status, meeting.held_on) == ("partnership", "held", HELD_ON)
    assert sorted(meeting.ratings.values_list("objective__description", "rating")) == [
        ("Improve the teaching of phonics", "on_track"),
        ("Strengthen subject leadership", "some_concerns"),
    ]
    page = response.content.decode()
    assert "Partnership review recorded" in page
    # The rating is a tag with words, never colour alone.
    assert '<strong class="govuk-tag govuk-tag--yellow">Some concerns</strong>' in page
    assert meeting.history.latest().history_user == trust_staff


def test_a_review_without_every_objective_rated_is_refused_and_nothing_is_saved(client, running, trust_staff):
    client.force_login(trust_staff)
    data = review_data(running)
    leadership = running.objectives.get(position=2)
    del data[f"rating_{leadership.pk}"]

    response = client.post(reverse("delivery:review-create", args=[running.pk]), data)

    assert response.status_code == 200
    assert "Select how ‘Strengthen subject leadership’ is going" in response.content.decode()
    assert not ReviewMeeting.objects.exists() and not ObjectiveRating.objects.exists()


def test_a_meeting_in_the_future_is_refused(client, running, trust_staff):
    client.force_login(trust_staff)
    future = datetime.date.today() + datetime.timedelta(days=3)

    response = client.post(
        reverse("delivery:review-create", args=[running.pk]), review_data(running, **day("held_on", future))
    )

    assert services.reviews.HELD_IN_FUTURE in response.content.decode()
    assert not ReviewMeeting.objects.exists()


def test_the_service_refuses_another_partnerships_objective(running, trust_staff):
    stranger = ObjectiveRatingFactory().objective
    ratings = [services.RatingInput(objective=o, rating="on_track") for o in running.objectives.all()]

    with pytest.raises(Exception, match="Rate the objectives of this partnership only"):
        services.review_meeting_record(
            partnership=running,
            recorded_by=trust_staff,
            kind="partnership",
            held_on=HELD_ON,
            trust_attendees="A",
            school_attendees="B",
            ratings=[*ratings, services.RatingInput(objective=stranger, rating="off_track")],
        )
    assert not ReviewMeeting.objects.filter(partnership=running).exists()


def test_reviews_cannot_be_recorded_before_the_partnership_is_agreed(client, running, trust_staff):
    Partnership.objects.filter(pk=running.pk).update(status=Partnership.Status.IN_REVIEW)
    client.force_login(trust_staff)

    response = client.post(reverse("delivery:review-create", args=[running.pk]), review_data(running))

    assert response.status_code == 403
    assert not ReviewMeeting.objects.exists()


def test_the_clerk_records_the_governing_bodys_own_review(client, running, clerk):
    client.force_login(clerk)

    page = client.get(reverse("delivery:review-list", args=[running.pk])).content.decode()
    client.post(reverse("delivery:review-create", args=[running.pk]), review_data(running))

    assert "Record the governing body’s review" in page
    meeting = ReviewMeeting.objects.get(partnership=running)
    assert (meeting.kind, meeting.recorded_by) == (ReviewMeeting.Kind.GOVERNING_BODY, clerk)


def test_a_governor_who_is_not_the_clerk_cannot_record_a_review(client, running, governor):
    client.force_login(governor)

    response = client.post(reverse("delivery:review-create", args=[running.pk]), review_data(running))

    assert response.status_code == 403
    assert not ReviewMeeting.objects.exists()


def test_a_scheduled_review_is_recorded_once_held(client, running, trust_staff):
    client.force_login(trust_staff)
    client.post(reverse("delivery:review-schedule", args=[running.pk]), day("scheduled_for", HELD_ON))
    meeting = ReviewMeeting.objects.get()
    assert (meeting.status, meeting.scheduled_for) == ("scheduled", HELD_ON)

    client.post(reverse("delivery:review-record", args=[running.pk, meeting.pk]), review_data(running))
    again = client.get(reverse("delivery:review-record", args=[running.pk, meeting.pk]))

    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_on, meeting.ratings.count()) == ("held", HELD_ON, 2)
    assert again.status_code == 403  # a held review is not recorded twice


def test_a_review_cannot_be_scheduled_outside_the_partnership(client, running, trust_staff):
    client.force_login(trust_staff)

    response = client.post(
        reverse("delivery:review-schedule", args=[running.pk]), day("scheduled_for", datetime.date(2027, 9, 30))
    )

    assert "The review must be scheduled between the start date, 1 September 2026" in response.content.decode()
    assert not ReviewMeeting.objects.exists()


def test_an_action_has_an_owner_and_a_due_date_after_the_meeting(client, running, trust_staff):
    meeting = ReviewMeetingFactory(partnership=running, held_on=HELD_ON)
    client.force_login(trust_staff)
    url = reverse("delivery:review-action-create", args=[running.pk, meeting.pk])
    action = {"description": "Share the phonics data", "owner": "Jo Fletcher, English lead"}

    early = client.post(url, {**action, **day("due_on", datetime.date(2026, 11, 1))})
    client.post(url, {**action, **day("due_on", datetime.date(2027, 1, 15))})
    page = client.get(reverse("delivery:review-detail", args=[running.pk, meeting.pk])).content.decode()

    assert "The due date must be on or after the date of the meeting, 20 November 2026" in early.content.decode()
    assert list(ReviewAction.objects.values_list("owner", "due_on")) == [
        ("Jo Fletcher, English lead", datetime.date(2027, 1, 15))
    ]
    assert "Share the phonics data" in page and "15 January 2027" in page


def test_governors_and_the_headteacher_read_and_comment_but_oversight_only_reads(
    client, running, governor, headteacher, oversight
):
    meeting = ReviewMeetingFactory(partnership=running, held_on=HELD_ON)
    url = reverse("delivery:review-comment-create", args=[running.pk, meeting.pk])
    for person, body in ((governor, "Discussed at the full governing body"), (headteacher, "Staff agree")):
        client.force_login(person)
        client.post(url, {"body": body})
    client.force_login(oversight)
    refused = client.post(url, {"body": "Oversight note"})
    page = client.get(reverse("delivery:review-detail", args=[running.pk, meeting.pk])).content.decode()

    assert refused.status_code == 403
    assert list(ReviewComment.objects.values_list("body", flat=True)) == [
        "Discussed at the full governing body",
        "Staff agree",
    ]
    assert "Discussed at the full governing body" in page and "Comment on this review" not in page


def test_each_objective_shows_its_ratings_over_time(client, running, governor):
    phonics = running.objectives.get(position=1)
    autumn = ReviewMeetingFactory(partnership=running, held_on=datetime.date(2026, 11, 20))
    spring = ReviewMeetingFactory(partnership=running, held_on=datetime.date(2027, 3, 20))
    ObjectiveRatingFactory(meeting=spring, objective=phonics, rating=Rating.ON_TRACK)
    ObjectiveRatingFactory(meeting=autumn, objective=phonics, rating=Rating.OFF_TRACK)
    client.force_login(governor)

    history = client.get(reverse("delivery:objective-ratings", args=[running.pk, phonics.pk])).content.decode()
    table = client.get(reverse("delivery:review-list", args=[running.pk])).content.decode()

    assert history.index("20 November 2026") < history.index("Off track") < history.index("20 March 2027")
    assert history.index("20 March 2027") < history.index("On track")
    assert table.index("Off track") < table.index("On track")


def test_an_overdue_review_is_flagged(client, running, trust_staff):
    ReviewMeetingFactory(
        partnership=running, status=ReviewMeeting.Status.SCHEDULED, scheduled_for=datetime.date(2026, 9, 10)
    )
    client.force_login(trust_staff)

    page = client.get(reverse("delivery:review-list", args=[running.pk])).content.decode()

    assert "The review scheduled for 10 September 2026 is overdue" in page
    assert ReviewMeeting.objects.overdue(today=datetime.date(2026, 9, 25)).count() == 1
    assert ReviewMeeting.objects.overdue(today=datetime.date(2026, 9, 24)).count() == 0


def end_review_data(partnership, **overrides) -> dict:
    data = {"outcome": "joined_this_trust", "lessons": "Agree the data early.", "would_recommend": "True"}
    for objective in partnership.objectives.all():
        data[f"achievement_{objective.pk}"] = "achieved"
        data[f"comment_{objective.pk}"] = f"Done: {objective.description}"
    return {**data, **overrides}


def test_staff_record_the_end_of_partnership_review_and_governors_read_it(client, running, trust_staff, governor):
    client.force_login(trust_staff)
    data = end_review_data(running)
    data[f"achievement_{running.objectives.get(position=2).pk}"] = "partly_achieved"

    client.post(reverse("delivery:end-review", args=[running.pk]), data)
    client.force_login(governor)
    page = client.get(reverse("delivery:review-list", args=[running.pk])).content.decode()

    review = running.end_review
    assert (review.outcome, review.would_recommend) == ("joined_this_trust", True)
    assert sorted(review.achievements.values_list("achievement", flat=True)) == ["achieved", "partly_achieved"]
    assert "Joined the trust" in page and '<strong class="govuk-tag govuk-tag--yellow">Partly achieved</strong>' in page


def test_the_end_review_needs_every_objective_and_lessons(client, running, trust_staff):
    client.force_login(trust_staff)
    data = end_review_data(running, lessons="  ")
    del data[f"achievement_{running.objectives.get(position=1).pk}"]

    page = client.post(reverse("delivery:end-review", args=[running.pk]), data).content.decode()

    assert "Select how far ‘Improve the teaching of phonics’ was achieved" in page
    assert "Enter the lessons learned" in page
    assert not EndReview.objects.exists()


def test_concluding_waits_for_the_end_review_and_the_daily_job_asks_for_it(running, trust_staff, mailoutbox):
    from django.core.management import call_command

    after_end = (running.end_date + datetime.timedelta(days=1)).isoformat()
    call_command("send_reminders", "--today", after_end, stdout=open("/dev/null", "w"))
    call_command("send_reminders", "--today", after_end, stdout=open("/dev/null", "w"))

    running.refresh_from_db()
    assert running.status == Partnership.Status.ACTIVE
    asked = [mail for mail in mailoutbox if "record the end-of-partnership review" in mail.subject]
    assert asked and {address for mail in asked for address in mail.to} >= {running.trust_lead_email}
    assert len(asked) == len({address for mail in asked for address in mail.to})  # asked once, not daily

    services.end_review_record(
        partnership=running,
        recorded_by=trust_staff,
        outcome="stays_as_is",
        lessons="Start earlier",
        would_recommend=False,
        achievements=[services.AchievementInput(objective=o, achievement="achieved") for o in running.objectives.all()],
    )
    call_command("send_reminders", "--today", after_end, stdout=open("/dev/null", "w"))
    running.refresh_from_db()
    assert running.status == Partnership.Status.CONCLUDED


def test_the_daily_job_emails_both_parties_a_week_before_a_review_and_flags_it_overdue(running, governor, mailoutbox):
    from django.core.management import call_command

    ReviewMeetingFactory(
        partnership=running, status=ReviewMeeting.Status.SCHEDULED, scheduled_for=datetime.date(2026, 12, 8)
    )
    for today in ("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-22", "2026-12-23"):
        call_command("send_reminders", "--today", today, stdout=open("/dev/null", "w"))

    subjects = {}
    for mail in mailoutbox:
        subjects.setdefault(mail.subject, set()).update(mail.to)
    reference = running.reference
    assert subjects[f"{reference}: partnership review on 8 December 2026"] >= {
        running.trust_lead_email,
        governor.email,
    }
    assert f"{reference}: the partnership review due on 8 December 2026 is overdue" in subjects
    assert len(mailoutbox) == 2 * len(subjects[f"{reference}: partnership review on 8 December 2026"])
