"""Demo delivery records for seed_demo, written through the services: the active partnership gets two
termly reviews (ratings, evidence, an action, a governor's comment), the next one scheduled, progress
on its activities and an impact report; the concluded one its end-of-partnership review."""

import datetime

from django.utils import timezone

from partnerships import services as partnership_services
from partnerships.dates import add_months
from partnerships.models import Activity, Partnership

from . import services
from .models import EndReview, Rating

RATINGS = [
    # (months after the start, ratings of the demo's objectives in order, evidence, next steps)
    (
        3,
        (Rating.SOME_CONCERNS, Rating.OFF_TRACK),
        "Phonics lessons seen in two of three classes followed the scheme; the middle leaders have not yet led monitoring.",
        "Joint lesson visits with the trust's English lead; subject leaders shadow a trust school's monitoring.",
    ),
    (
        5,
        (Rating.ON_TRACK, Rating.SOME_CONCERNS),
        "Autumn phonics assessment: 78% of year 1 on track, up from 61%. Maths lead reported to governors.",
        "English lead to report to governors in the spring term.",
    ),
]
NARRATIVES = {
    "context_narrative": "The school's last two inspections judged it to require improvement. Its governing body "
    "sought a partner with a strong record in early reading while it considers its future.",
    "support_narrative": "The support has centred on the headteacher and on early reading, with the trust's data "
    "team helping the school compare its assessments with the trust's schools.",
    "plan_narrative": "In the spring and summer terms the work turns to middle leadership in English and maths.",
    "impact_narrative": "The school has a clear road map to 'good'. The governing body has begun to consider joining "
    "the trust.",
}
PROGRESS = {
    "Fortnightly headteacher mentoring": (
        Activity.Status.IN_PROGRESS,
        "Ten sessions held. The headteacher has a written plan for the school's priorities.",
    ),
    "Early reading curriculum review": (
        Activity.Status.DONE,
        "New early reading sequence in place from the autumn term; all staff trained.",
    ),
}


def seed_active(partnership: Partnership, *, staff, governor) -> None:
    partnership = Partnership.objects.get(pk=partnership.pk)  # as the transitions left it
    for title, (status, notes) in PROGRESS.items():
        activity = partnership.activities.filter(title=title).first()
        if activity is not None:
            partnership_services.activity_record_progress(
                activity=activity, recorded_by=staff, status=status, impact_notes=notes
            )
    objectives = list(partnership.objectives.all())
    today = timezone.localdate()
    for months, ratings, evidence, next_steps in RATINGS:
        held_on = min(add_months(partnership.start_date, months) + datetime.timedelta(days=9), today)
        meeting = services.review_meeting_record(
            partnership=partnership,
            recorded_by=staff,
            kind="partnership",
            held_on=held_on,
            trust_attendees="Priya Shah, Director of School Improvement\nJo Fletcher, Executive Headteacher",
            school_attendees="Margaret Ellis, Headteacher\nDaniel Okafor, Chair of governors",
            ratings=[
                services.RatingInput(objective=objective, rating=rating, evidence=evidence, next_steps=next_steps)
                for objective, rating in zip(objectives, ratings, strict=False)
            ],
            notes="Reviewed the actions from the last meeting and the latest assessment information.",
            today=today,
        )
        services.review_action_create(
            meeting=meeting,
            created_by=staff,
            description="Share the phonics assessment results with the full governing body",
            owner="Margaret Ellis, Headteacher",
            due_on=held_on + datetime.timedelta(days=28),
        )
    services.review_comment_create(
        meeting=meeting, author=governor, body="Discussed at the full governing body; we welcome the progress."
    )
    next_review = today + datetime.timedelta(days=10)
    if next_review <= partnership.end_date:
        services.review_meeting_schedule(partnership=partnership, scheduled_by=staff, scheduled_for=next_review)
    report = services.impact_report_generate(partnership=partnership, generated_by=staff, **NARRATIVES)
    services.impact_report_share(report=report, shared_by=staff)


def seed_end_review(partnership: Partnership, *, staff) -> None:
    partnership = Partnership.objects.get(pk=partnership.pk)
    services.end_review_record(
        partnership=partnership,
        recorded_by=staff,
        outcome=EndReview.Outcome.STAYS_AS_IS,
        lessons="Agree the assessment information both sides will use at the first review, not the second.",
        would_recommend=True,
        achievements=[
            services.AchievementInput(objective=objective, achievement="achieved", comment="Met by the summer term.")
            for objective in partnership.objectives.all()
        ],
    )
