import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from delivery.models import (
    ActivityEvidence,
    EndReview,
    ImpactReport,
    ObjectiveRating,
    Rating,
    ReviewAction,
    ReviewComment,
    ReviewMeeting,
)
from delivery.report import build_report_snapshot
from tests.accounts.factories import TrustStaffFactory
from tests.partnerships.factories import ActivityFactory, ObjectiveFactory, PartnershipFactory
from tests.stand_in_pdf import tiny_pdf


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


class EndReviewFactory(factory.django.DjangoModelFactory):
    """An end-of-partnership review (what a partnership needs before it can conclude)."""

    class Meta:
        model = EndReview

    partnership = factory.SubFactory(PartnershipFactory)
    outcome = EndReview.Outcome.STAYS_AS_IS
    lessons = "Agree the data to collect at the start."
    would_recommend = True
    recorded_by = factory.SubFactory(TrustStaffFactory)
    recorded_by_name = "Priya Shah"


class ImpactReportFactory(factory.django.DjangoModelFactory):
    """A version of the impact report built from the partnership as it is, with a stand-in PDF.
    `shared=True` for a shared one."""

    class Meta:
        model = ImpactReport
        skip_postgeneration_save = True

    class Params:
        shared = factory.Trait(status=ImpactReport.Status.SHARED, shared_at=factory.LazyFunction(timezone.now))

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: n + 1)
    snapshot = factory.LazyAttribute(lambda report: build_report_snapshot(report.partnership))
    context_narrative = "Two inspections judged the school to require improvement."
    generated_by = factory.SubFactory(TrustStaffFactory)
    generated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def pdf_file(report, create, extracted, **kwargs):
        content = tiny_pdf(f"impact report {report.pk}")
        report.pdf.save(report.download_name, ContentFile(content), save=False)
        report.sha256, report.page_count = hashlib.sha256(content).hexdigest(), 1
        report.save()


class ActivityEvidenceFactory(factory.django.DjangoModelFactory):
    """A PDF uploaded as evidence for an activity."""

    class Meta:
        model = ActivityEvidence

    activity = factory.SubFactory(ActivityFactory)
    title = "Notes of the November lesson visits"
    file = factory.LazyFunction(lambda: ContentFile(tiny_pdf("lesson visits"), name="visits.pdf"))
    filename = "visits.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda evidence: evidence.file.size)
    added_by = factory.SubFactory(TrustStaffFactory)
