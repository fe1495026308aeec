import datetime

import factory

from delivery.models import ObjectiveRating, Rating, ReviewAction, ReviewComment, ReviewMeeting
from tests.accounts.factories import TrustStaffFactory
from tests.partnerships.factories import ObjectiveFactory, PartnershipFactory


class ReviewMeetingFactory(factory.django.DjangoModelFactory):
    """A held partnership review (pass status=SCHEDULED and scheduled_for for a scheduled one)."""

    class Meta:
        model = ReviewMeeting

    partnership = factory.SubFactory(PartnershipFactory)
    kind = ReviewMeeting.Kind.PARTNERSHIP
    status = ReviewMeeting.Status.HELD
    held_on = factory.LazyAttribute(
        lambda meeting: (
            meeting.partnership.start_date + datetime.timedelta(days=90)
            if meeting.status == ReviewMeeting.Status.HELD
            else None
        )
    )
    scheduled_for = None
    trust_attendees = "Priya Shah, Director of School Improvement"
    school_attendees = "Margaret Ellis, Headteacher\nDaniel Okafor, Chair of governors"
    notes = "A constructive first review."
    recorded_by_name = "Priya Shah"


class ObjectiveRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectiveRating

    meeting = factory.SubFactory(ReviewMeetingFactory)
    objective = factory.SubFactory(ObjectiveFactory, partnership=factory.SelfAttribute("..meeting.partnership"))
    rating = Rating.ON_TRACK
    evidence = "Lesson visits in November showed consistent phonics teaching."
    next_steps = "Extend the approach to year 2."


class ReviewActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    meeting = factory.SubFactory(ReviewMeetingFactory)
    description = "Share the phonics assessment calendar"
    owner = "Jo Fletcher, English lead"
    due_on = factory.LazyAttribute(lambda action: action.meeting.held_on + datetime.timedelta(days=30))
    created_by = factory.SubFactory(TrustStaffFactory)


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewComment

    meeting = factory.SubFactory(ReviewMeetingFactory)
    body = "Thank you: the governors discussed this at their meeting."
    author = factory.SubFactory(TrustStaffFactory)
    author_name = "Priya Shah"
