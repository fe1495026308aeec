"""A realistic small world built only through the services, as people would build it.

Shared by the data-integrity tests (history coverage, backup round trip): three partnerships that
between them pass through every lifecycle state and every service that writes.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from agreements.services import agreement_issue
from delivery import services as delivery_services
from delivery.reminders import send_delivery_reminders
from partnerships import services
from partnerships.models import AcademisationConsideration, Activity, ClauseSection, CostLine, Partnership
from tests.agreements.builders import CHAIR_MEETING

START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 8, 31)


@dataclass
class World:
    """The partnerships built, by the state they ended in."""

    ended_early: Partnership
    concluded: Partnership
    withdrawn: Partnership
    partnerships: list[Partnership] = field(default_factory=list)


def key_details(start: datetime.date = START, end: datetime.date = END, **overrides) -> dict:
    return {
        "start_date": start,
        "end_date": end,
        "purpose": "Strengthen leadership and early reading while the governors consider joining a trust.",
        "trust_lead_name": "Priya Shah",
        "trust_lead_role": "Director of School Improvement",
        "trust_lead_email": "priya.shah@trust.example",
        "chair_of_governors_name": "Daniel Okafor",
        "chair_of_governors_email": "chair@school.example",
        "headteacher_name": "Margaret Ellis",
        "headteacher_email": "head@school.example",
        **overrides,
    }


def add_terms(partnership: Partnership, *, by, clauses: int = 3) -> None:
    """Clauses, two cost lines, two objectives and two activities: what review needs and more."""
    for number in range(1, clauses + 1):
        services.clause_create(
            partnership=partnership,
            created_by=by,
            section=ClauseSection.SCOPE,
            heading=f"Service {number}",
            body=f"The Trust will provide service {number} described in Schedule 2.",
        )
    for description, amount in (
        ("Headteacher mentoring", Decimal("1500.00")),
        ("Subject leader network", Decimal("425.50")),
    ):
        services.cost_line_create(
            partnership=partnership,
            created_by=by,
            description=description,
            amount=amount,
            frequency=CostLine.Frequency.TERMLY,
            vat_treatment=CostLine.VatTreatment.STANDARD,
        )
    for description in ("Improve phonics teaching in key stage 1", "Stabilise senior leadership"):
        services.objective_create(
            partnership=partnership,
            created_by=by,
            description=description,
            measure_of_success="Agreed measures met at the end-of-year review",
            target_date=partnership.end_date,
        )
    for category, title in (
        (Activity.Category.HEADTEACHER_MENTORING, "Fortnightly mentoring"),
        (Activity.Category.CURRICULUM_DEVELOPMENT, "Reading curriculum review"),
    ):
        services.activity_create(
            partnership=partnership,
            created_by=by,
            category=category,
            title=title,
            description=f"{title} led by the trust.",
            lead="Jo Fletcher, CEO",
            starts_on=partnership.start_date,
            ends_on=partnership.end_date,
        )


def edit_terms(partnership: Partnership, *, by, library_clause) -> None:
    """Every edit a trust makes while drafting: update, move, copy from the library, delete."""
    first, second = partnership.clauses.order_by("position")[:2]
    services.clause_update(clause=first, updated_by=by, body=first.body + " Both parties will review it termly.")
    services.clause_move(clause=second, direction="up", moved_by=by)
    extra = services.clause_add_from_library(partnership=partnership, library_clause=library_clause, added_by=by)
    services.clause_delete(clause=extra, deleted_by=by)
    cost_line = partnership.cost_lines.order_by("position").first()
    services.cost_line_update(cost_line=cost_line, updated_by=by, amount=Decimal("1650.00"))
    spare_cost = services.cost_line_create(
        partnership=partnership,
        created_by=by,
        description="Travel",
        amount=Decimal("90.00"),
        frequency=CostLine.Frequency.ONE_OFF,
        vat_treatment=CostLine.VatTreatment.EXEMPT,
    )
    services.cost_line_delete(cost_line=spare_cost, deleted_by=by)
    objective = partnership.objectives.order_by("position").first()
    services.objective_update(
        objective=objective, updated_by=by, measure_of_success="Phonics check at national average"
    )
    spare_objective = services.objective_create(
        partnership=partnership,
        created_by=by,
        description="Spare",
        measure_of_success="-",
        target_date=partnership.end_date,
    )
    services.objective_delete(objective=spare_objective, deleted_by=by)
    activity = partnership.activities.order_by("pk").first()
    services.activity_update(activity=activity, updated_by=by, lead="Jo Fletcher, CEO, and Sam Ellis")
    spare_activity = services.activity_create(
        partnership=partnership,
        created_by=by,
        category=Activity.Category.TRUST_WIDE_TRAINING,
        title="Spare",
        lead="Jo Fletcher",
        starts_on=partnership.start_date,
        ends_on=partnership.start_date,
    )
    services.activity_delete(activity=spare_activity, deleted_by=by)


def agree(partnership: Partnership, *, trust_staff, governor, issue: bool = True) -> Partnership:
    """Review (recalled once, then one round of changes), approval, and the issued agreement."""
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    services.partnership_recall(partnership=partnership, recalled_by=trust_staff, reason="A date was wrong")
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    services.comment_create(partnership=partnership, author=governor, body="Can we add termly review meetings?")
    services.partnership_request_changes(partnership=partnership, requested_by=governor, reason="Add termly reviews")
    services.partnership_update_details(
        partnership=partnership, updated_by=trust_staff, purpose=partnership.purpose + " Termly reviews."
    )
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    agreed = services.partnership_approve(
        partnership=partnership, approved_by=governor, comment="Approved at the March meeting", **CHAIR_MEETING
    )
    if issue:
        agreement_issue(partnership=agreed, issued_by=trust_staff)
    return agreed


def record_reviews(partnership: Partnership, *, trust_staff, governor) -> None:
    """A scheduled review, then a held one rating every objective, with an action and a comment."""
    delivery_services.review_meeting_schedule(
        partnership=partnership, scheduled_by=trust_staff, scheduled_for=datetime.date(2026, 12, 8)
    )
    ratings = [
        delivery_services.RatingInput(objective=objective, rating="on_track", evidence="Lesson visits")
        for objective in partnership.objectives.all()
    ]
    meeting = delivery_services.review_meeting_record(
        partnership=partnership,
        recorded_by=trust_staff,
        kind="partnership",
        held_on=datetime.date(2026, 11, 20),
        trust_attendees="Priya Shah",
        school_attendees="Margaret Ellis",
        ratings=ratings,
        today=datetime.date(2026, 12, 1),
    )
    delivery_services.review_action_create(
        meeting=meeting, created_by=trust_staff, description="Share data", owner="Jo", due_on=datetime.date(2027, 1, 8)
    )
    delivery_services.review_comment_create(meeting=meeting, author=governor, body="Thank you")
    send_delivery_reminders(today=datetime.date(2026, 12, 2))  # the scheduled one is in a week
    activity = partnership.activities.first()
    delivery_services.evidence_add(
        activity=activity, added_by=trust_staff, title="Visit notes", url="https://school.example/visits"
    )
    mistaken = delivery_services.evidence_add(
        activity=activity, added_by=trust_staff, title="Wrong folder", url="https://school.example/old"
    )
    delivery_services.evidence_delete(evidence=mistaken, deleted_by=trust_staff)
    report = delivery_services.impact_report_generate(
        partnership=partnership, generated_by=trust_staff, impact_narrative="A clear road map to good."
    )
    delivery_services.impact_report_share(report=report, shared_by=trust_staff)


def record_end_review(partnership: Partnership, *, trust_staff) -> None:
    """What was achieved, the outcome and lessons: needed before the partnership can conclude."""
    delivery_services.end_review_record(
        partnership=partnership,
        recorded_by=trust_staff,
        outcome="stays_as_is",
        lessons="Start the data work earlier.",
        would_recommend=True,
        achievements=[
            delivery_services.AchievementInput(objective=objective, achievement="achieved")
            for objective in partnership.objectives.all()
        ],
    )


def build_world(
    *, trust, school, second_school, trust_staff, governor, second_governor, authorised_governor=None
) -> World:
    """Three partnerships: one ended early, one concluded, one withdrawn. `authorised_governor`
    (a governor of `school`), if given, is authorised by the governing body and approves the
    running partnership's extension."""
    library = services.library_clause_create(
        trust=trust,
        created_by=trust_staff,
        section=ClauseSection.DATA_PROTECTION,
        heading="Data protection",
        body="Each party is a controller of the personal data it holds.",
    )
    services.library_clause_update(library_clause=library, updated_by=trust_staff, body=library.body + " (UK GDPR)")
    term_dates = dict(
        autumn_starts_on=datetime.date(2026, 9, 3),
        autumn_ends_on=datetime.date(2026, 12, 18),
        spring_starts_on=datetime.date(2027, 1, 5),
        spring_ends_on=datetime.date(2027, 3, 26),
        summer_starts_on=datetime.date(2027, 4, 12),
        summer_ends_on=datetime.date(2027, 7, 21),
    )
    services.term_dates_save(trust=trust, saved_by=trust_staff, academic_year=2026, **term_dates)
    services.term_dates_save(trust=trust, saved_by=trust_staff, academic_year=2026, **term_dates)

    running = services.partnership_create(school=school, trust=trust, created_by=trust_staff, **key_details())
    add_terms(running, by=trust_staff)
    edit_terms(running, by=trust_staff, library_clause=library)
    agree(running, trust_staff=trust_staff, governor=governor)

    earlier = services.partnership_create(
        school=second_school,
        trust=trust,
        created_by=trust_staff,
        **key_details(datetime.date(2025, 9, 1), datetime.date(2026, 8, 31)),
    )
    add_terms(earlier, by=trust_staff, clauses=2)
    agree(earlier, trust_staff=trust_staff, governor=second_governor)
    record_end_review(earlier, trust_staff=trust_staff)

    # The nightly job: the running one starts, the earlier one has ended.
    services.partnerships_advance_by_date(today=START)
    running.refresh_from_db()
    services.activity_record_progress(
        activity=running.activities.first(),
        recorded_by=trust_staff,
        status=Activity.Status.IN_PROGRESS,
        impact_notes="Two mentoring sessions held; reading leader appointed.",
    )
    services.academisation_record(
        partnership=running,
        recorded_by=governor,
        # Academisation dates may not be in the future (the record's date rules).
        consultation_started_on=datetime.date(2026, 10, 12),
        outcome=AcademisationConsideration.Outcome.UNDECIDED,
    )
    record_reviews(running, trust_staff=trust_staff, governor=governor)
    # A variation proposed and withdrawn (the terms go back), then an extension the governors approve.
    services.partnership_propose_variation(partnership=running, proposed_by=trust_staff, reason="More mentoring")
    services.cost_line_create(
        partnership=running,
        created_by=trust_staff,
        description="Extra mentoring",
        amount=Decimal("300.00"),
        frequency=CostLine.Frequency.ONE_OFF,
        vat_treatment=CostLine.VatTreatment.STANDARD,
    )
    services.partnership_withdraw_variation(partnership=running, withdrawn_by=trust_staff, reason="Not needed")
    services.partnership_extend(
        partnership=running,
        new_end_date=datetime.date(2027, 11, 30),
        reason="Finish the reading work",
        extended_by=trust_staff,
    )
    services.partnership_submit_for_review(partnership=running, submitted_by=trust_staff)
    approver, meeting_named = governor, dict(CHAIR_MEETING)
    if authorised_governor is not None:
        services.governor_authorisation_record(
            school=school,
            governor=authorised_governor,
            meeting_date=datetime.date(2026, 11, 18),
            resolution="Minute 7: authorised to approve partnership agreements",
            recorded_by=governor,
        )
        # An authorised governor's approval prints their authorisation's meeting.
        approver, meeting_named = authorised_governor, {}
    services.partnership_approve(partnership=running, approved_by=approver, comment="Extension agreed", **meeting_named)
    agreement_issue(partnership=running, issued_by=trust_staff)
    services.partnership_record_reminder_sent(partnership=running)
    services.partnership_end_early(
        partnership=running,
        ended_by=trust_staff,
        reason="The school joined the trust",
        ended_on=datetime.date(2027, 3, 31),
        today=datetime.date(2027, 4, 1),
    )

    later = services.partnership_create(
        school=second_school,
        trust=trust,
        created_by=trust_staff,
        **key_details(datetime.date(2026, 9, 1), datetime.date(2027, 8, 31)),
    )
    services.partnership_withdraw(
        partnership=later, withdrawn_by=trust_staff, reason="The governors chose another trust"
    )

    partnerships = [Partnership.objects.get(pk=p.pk) for p in (running, earlier, later)]
    return World(
        ended_early=partnerships[0], concluded=partnerships[1], withdrawn=partnerships[2], partnerships=partnerships
    )
