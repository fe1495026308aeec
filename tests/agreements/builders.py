"""Realistic agreements for tests, the benchmark and looking at the PDF: real-sounding clauses,
cost lines and activities in the numbers a trust partnership actually has."""

import datetime
from decimal import Decimal

from partnerships.model_clauses import MODEL_CLAUSES
from partnerships.models import Activity, ClauseSection, CostLine, Partnership, ReviewDecision
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    ObjectiveFactory,
    PartnershipFactory,
)

CLAUSE_TEXTS = {
    ClauseSection.SCOPE: [
        (
            "Services",
            "The Trust will provide the services described in Schedule 2 to the school during the term. "
            "The services support the school's leaders and teachers; they do not replace the governing body's "
            "responsibilities for the conduct of the school.",
        ),
        (
            "Changes to the services",
            "Either party may propose a change to the services by writing to the other's key "
            "contact. A change takes effect only when both parties have agreed it in writing and, where it changes the "
            "service charge, when a new version of this agreement has been issued.",
        ),
        (
            "Staff",
            "The Trust will make sure that the people who provide the services are suitably qualified and "
            "experienced, and will tell the school in advance if a named lead has to change.",
        ),
        (
            "Premises",
            "When the Trust's staff work at the school they follow the school's policies on visitors, "
            "health and safety and the use of ICT equipment.",
        ),
    ],
    ClauseSection.EXPECTATIONS: [
        (
            "Expectations of the Trust",
            "The Trust will deliver the activities in the activity plan at the times set out "
            "there, report progress against the objectives each term and raise any concern about the school's "
            "capacity to benefit from the partnership promptly.",
        ),
        (
            "Expectations of the school",
            "The school will release staff to take part in the activities, share the data "
            "needed to benchmark progress, and give the Trust's staff reasonable access to the school.",
        ),
        (
            "Expectations of the governing body",
            "The governing body will receive the Trust's termly report, consider "
            "it at a full governing body meeting and give due consideration to academisation or joining a trust during "
            "the partnership, consulting formally where that is required.",
        ),
        (
            "Communication",
            "The key contacts named in the key information will meet at least twice each half term. "
            "Either party may change its key contact by writing to the other.",
        ),
    ],
    ClauseSection.GOVERNANCE: [
        (
            "Review meetings",
            "The parties will hold a review meeting at the end of each term to consider progress "
            "against the objectives in Schedule 2, agree any changes to the activity plan and record actions.",
        ),
        (
            "Reports to governors",
            "The Trust will provide a written report to the governing body before each review "
            "meeting, covering each objective and the activities delivered in the term.",
        ),
        (
            "Regional Director",
            "The parties will make the Regional Director for the school's region aware of the "
            "partnership, its term and its objectives.",
        ),
    ],
    ClauseSection.CONFIDENTIALITY: [
        (
            "Confidential information",
            "Each party will keep confidential any information about the other that it "
            "receives under this agreement and is marked or obviously confidential, and will use it only to carry out "
            "this agreement.",
        ),
        (
            "Exceptions",
            "The duty of confidentiality does not apply to information that is public other than through "
            "a breach of this agreement, or that a party must disclose by law or to a regulator such as Ofsted or the "
            "Department for Education.",
        ),
        (
            "Freedom of information",
            "Both parties are subject to the Freedom of Information Act 2000 and will help each "
            "other respond to requests that concern this agreement.",
        ),
    ],
    ClauseSection.DATA_PROTECTION: [
        (
            "Roles of the parties",
            "For the personal data shared under this agreement the school is the controller and "
            "the Trust is its processor, acting only on the school's documented instructions.",
        ),
        (
            "Data shared",
            "The school will share pupil attainment and attendance data, and staff names and roles, only "
            "as far as the activities in Schedule 2 need them. Special category data is not shared.",
        ),
        (
            "Security",
            "The Trust will keep the personal data secure, with access limited to the staff who deliver the "
            "services, and will tell the school without undue delay, and in any case within 48 hours, of any "
            "personal data breach.",
        ),
        (
            "Retention",
            "At the end of the term the Trust will return or securely delete the personal data, as the "
            "school chooses, and confirm this in writing within 30 days.",
        ),
    ],
    ClauseSection.SAFEGUARDING: [
        (
            "Safeguarding",
            "The Trust will make sure that everyone who provides the services has an enhanced DBS check "
            "and follows the school's safeguarding and child protection policy and Keeping Children Safe in Education.",
        ),
        (
            "Concerns",
            "Any safeguarding concern will be reported immediately to the school's designated safeguarding lead.",
        ),
    ],
    ClauseSection.TERMINATION: [
        (
            "Ending early by agreement",
            "The parties may end this agreement early at any time by written agreement, "
            "recording the reason and the date it ends.",
        ),
        (
            "Ending early on notice",
            "Either party may end this agreement by giving the other half a term's written "
            "notice. The service charge is then due only for the services delivered up to the date it ends.",
        ),
        (
            "Academy conversion",
            "If the school becomes an academy during the term, this agreement ends on the date the "
            "school converts, unless the parties agree otherwise in writing.",
        ),
        (
            "Effect of ending",
            "Clauses on confidentiality, data protection and liability continue after this agreement ends.",
        ),
    ],
    ClauseSection.LIABILITY: [
        (
            "Limit of liability",
            "Each party's total liability under this agreement is limited to the total service "
            "charge set out in Schedule 1, except for liability that cannot be limited by law.",
        ),
        (
            "Insurance",
            "The Trust will hold employer's liability, public liability and professional indemnity "
            "insurance throughout the term, and show evidence of it on request.",
        ),
    ],
    ClauseSection.DISPUTES: [
        (
            "Resolving disputes",
            "The key contacts will first try to resolve any dispute in good faith. If they cannot "
            "within 20 school days, it is referred to the Trust's chief executive and the chair of governors.",
        ),
        (
            "Mediation",
            "If the dispute remains unresolved, the parties may agree to refer it to mediation, each party "
            "bearing its own costs.",
        ),
    ],
    ClauseSection.OTHER: [
        (
            "Entire agreement",
            "This agreement, with its schedules, is the whole agreement between the parties about the partnership.",
        ),
        ("Governing law", "This agreement is governed by the law of England and Wales."),
    ],
}

COSTS = [
    (
        "Headteacher mentoring (half a day a fortnight)",
        "1500.00",
        CostLine.Frequency.TERMLY,
        CostLine.VatTreatment.OUTSIDE_SCOPE,
    ),
    ("Subject leadership network membership", "450.00", CostLine.Frequency.TERMLY, CostLine.VatTreatment.STANDARD),
    (
        "Trust-wide INSET day places (up to 20 staff)",
        "1200.00",
        CostLine.Frequency.ANNUALLY,
        CostLine.VatTreatment.STANDARD,
    ),
    ("Data benchmarking service", "95.00", CostLine.Frequency.MONTHLY, CostLine.VatTreatment.STANDARD),
    (
        "Curriculum review of English and mathematics",
        "2400.00",
        CostLine.Frequency.ONE_OFF,
        CostLine.VatTreatment.OUTSIDE_SCOPE,
    ),
    ("Finance and budget planning support", "300.00", CostLine.Frequency.TERMLY, CostLine.VatTreatment.EXEMPT),
    ("Estates condition survey", "850.00", CostLine.Frequency.ONE_OFF, CostLine.VatTreatment.STANDARD),
    ("Middle leadership programme (4 places)", "640.00", CostLine.Frequency.ONE_OFF, CostLine.VatTreatment.ZERO_RATED),
    ("Safeguarding audit and follow-up visit", "525.00", CostLine.Frequency.ONE_OFF, CostLine.VatTreatment.STANDARD),
    (
        "Early reading consultant (one day a month)",
        "410.00",
        CostLine.Frequency.MONTHLY,
        CostLine.VatTreatment.OUTSIDE_SCOPE,
    ),
]

ACTIVITY_TITLES = [
    ("Fortnightly mentoring for the headteacher", Activity.Category.HEADTEACHER_MENTORING),
    ("Trust-wide INSET: adaptive teaching", Activity.Category.TRUST_WIDE_TRAINING),
    ("Termly data benchmarking against trust schools", Activity.Category.DATA_BENCHMARKING),
    ("Review of the early reading curriculum", Activity.Category.CURRICULUM_DEVELOPMENT),
    ("English subject leader network", Activity.Category.SUBJECT_LEADERSHIP),
    ("Deputy headteacher coaching", Activity.Category.SENIOR_LEADERSHIP),
    ("Middle leadership programme", Activity.Category.MIDDLE_LEADERSHIP),
    ("Budget setting and three-year forecast", Activity.Category.OPERATIONAL_FINANCE),
    ("Estates condition survey and plan", Activity.Category.OPERATIONAL_ESTATES),
    ("Mathematics mastery training for key stage 2", Activity.Category.TRUST_WIDE_TRAINING),
]

OBJECTIVES = [
    (
        "Improve the teaching of phonics in key stage 1",
        "Phonics screening check pass rate at or above the national average",
    ),
    (
        "Strengthen subject leadership in English and mathematics",
        "Subject leaders lead a termly review of their subject with governors",
    ),
    ("Raise attendance", "Overall attendance of 95% or more, with persistent absence below 12%"),
    ("Secure a balanced budget", "A balanced three-year budget approved by governors by May"),
    ("Prepare governors to consider academisation", "Governors complete a formal consultation decision paper"),
]


def realistic_partnership(
    *,
    clauses: int = 30,
    cost_lines: int = 10,
    activities: int = 25,
    objectives: int = 5,
    status: str = Partnership.Status.DRAFT,
    body_repeat: int = 1,
    **kwargs,
) -> Partnership:
    """A partnership with the given numbers of clauses, cost lines and activities, in realistic words."""
    partnership = PartnershipFactory(status=status, purchase_order_reference="PO-2026-0147", **kwargs)
    _add_clauses(partnership, clauses, body_repeat)
    for index in range(cost_lines):
        description, amount, frequency, vat = COSTS[index % len(COSTS)]
        CostLineFactory(
            partnership=partnership,
            description=description,
            amount=Decimal(amount),
            frequency=frequency,
            vat_treatment=vat,
            position=index,
        )
    for index in range(objectives):
        description, measure = OBJECTIVES[index % len(OBJECTIVES)]
        ObjectiveFactory(
            partnership=partnership,
            description=description,
            measure_of_success=measure,
            target_date=datetime.date(2027, 7, 1),
            position=index,
        )
    for index in range(activities):
        _add_activity(partnership, index, body_repeat)
    return partnership


def _add_clauses(partnership: Partnership, count: int, body_repeat: int) -> None:
    # The model clause set first (every section a contract needs), then further realistic clauses.
    pool = list(MODEL_CLAUSES) + [
        (section, heading, body) for section, texts in CLAUSE_TEXTS.items() for heading, body in texts
    ]
    for index in range(count):
        section, heading, body = pool[index % len(pool)]
        if index >= len(pool):
            heading = f"{heading} (further provision {index // len(pool)})"
        ClauseFactory(
            partnership=partnership,
            section=section,
            position=index,
            heading=heading,
            body="\n\n".join([body] * body_repeat),
        )


def _add_activity(partnership: Partnership, index: int, body_repeat: int) -> None:
    title, category = ACTIVITY_TITLES[index % len(ACTIVITY_TITLES)]
    starts_on = partnership.start_date + datetime.timedelta(days=(index * 23) % 300)
    ends_on = min(starts_on + datetime.timedelta(days=30 + (index * 41) % 200), partnership.end_date)
    description = (
        "Sessions planned with the headteacher; progress reviewed at each termly meeting. " * body_repeat
    ).strip()
    ActivityFactory(
        partnership=partnership,
        category=category,
        title=f"{title}" if index < 10 else f"{title} ({index // 10 + 1})",
        description=description,
        lead="Jo Fletcher, Director of Education",
        starts_on=starts_on,
        ends_on=ends_on,
    )


# The meeting a chair names when approving (partnership_approve requires it of the chair).
CHAIR_MEETING = {
    "meeting_date": datetime.date(2026, 7, 8),
    "meeting_resolution": "Minute 5: the governing body resolved to enter the trust partnership agreement",
}


def record_approval(partnership: Partnership, governor, *, when=None, comment: str = "") -> ReviewDecision:
    """An approval by a governor of the terms stored now (their fingerprint), as partnership_approve
    records it, without going through review (so no draft version is made: version numbers in
    the tests stay as they were)."""
    from agreements.snapshot import agreed_terms_fingerprint, build_terms

    return ReviewDecision.objects.create(
        partnership=partnership,
        decision=ReviewDecision.Decision.APPROVED,
        reason=comment,
        decided_by=governor,
        decided_by_name=governor.get_full_name(),
        decided_by_role=governor.job_title,
        decided_at=when or datetime.datetime(2026, 7, 14, 15, 5, tzinfo=datetime.UTC),
        terms_sha256=agreed_terms_fingerprint(build_terms(partnership)),
        authority="Chair of governors",
    )


def approve_variation(partnership: Partnership, *, trust_staff, governor) -> Partnership:
    """Send the open variation to the governors and have them approve it, through the services."""
    from partnerships import services

    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    return services.partnership_approve(partnership=partnership, approved_by=governor, **CHAIR_MEETING)
