"""Realistic demo content: a trust's standard clauses, modelled on the DfE's model SLA (April 2021)."""

from decimal import Decimal

from partnerships.models import Activity, ClauseSection, CostLine

S = ClauseSection

LIBRARY = [
    (
        S.SCOPE,
        "Services",
        "The Trust will provide the School with the services described in Schedule 2 (Services) for the "
        "duration of this Agreement, to the standard that the Trust provides the same services to its own academies.",
    ),
    (
        S.SCOPE,
        "Not a conversion",
        "This Agreement is a time-limited trust partnership. It does not commit the School's "
        "governing body to converting to academy status or joining the Trust, and it is not a step in any conversion process.",
    ),
    (
        S.EXPECTATIONS,
        "Expectations of the Trust",
        "The Trust will name a lead contact, attend the review meetings set out "
        "in clause 3, and give the School's headteacher and governors timely access to the people and information that the "
        "services need.",
    ),
    (
        S.EXPECTATIONS,
        "Expectations of the School",
        "The School will name a lead contact, release staff to take part in "
        "the activities in Schedule 2, and share the data needed for cross-trust benchmarking in a timely way.",
    ),
    (
        S.GOVERNANCE,
        "Review meetings",
        "The parties will meet at least once each term to review progress against the "
        "objectives in Schedule 2. The Trust will send a short written note of each meeting to the chair of governors within "
        "ten school days.",
    ),
    (
        S.GOVERNANCE,
        "Academisation consideration",
        "During the partnership the School's governing body will give due "
        "consideration to academisation, including formal consultation where required, and will tell the Trust of its decision.",
    ),
    (
        S.CONFIDENTIALITY,
        "Confidential information",
        "Each party will keep confidential any information it receives from "
        "the other that is marked confidential or is by its nature confidential, and will use it only for this Agreement.",
    ),
    (
        S.DATA_PROTECTION,
        "Roles of the parties",
        "For the purposes of the UK GDPR and the Data Protection Act 2018, the "
        "School is the controller and the Trust is a processor of personal data shared under this Agreement.",
    ),
    (
        S.DATA_PROTECTION,
        "Processing instructions",
        "The Trust will process personal data only on the School's documented "
        "instructions, keep it secure, and delete or return it at the end of this Agreement.",
    ),
    (
        S.DATA_PROTECTION,
        "Data breaches",
        "The Trust will notify the School without undue delay, and in any event within "
        "24 hours, on becoming aware of a personal data breach affecting data shared under this Agreement.",
    ),
    (
        S.SAFEGUARDING,
        "Safeguarding",
        "Trust staff working in the School will follow the School's safeguarding policy and "
        "Keeping children safe in education, and will have an enhanced DBS check.",
    ),
    (
        S.TERMINATION,
        "Termination on notice",
        "Either party may end this Agreement by giving one full school term's notice "
        "in writing. Service charges are payable up to the end of the notice period.",
    ),
    (
        S.LIABILITY,
        "Limitation of liability",
        "Neither party's total liability under this Agreement will exceed the total "
        "service charge set out in Schedule 1.",
    ),
    (
        S.DISPUTES,
        "Dispute resolution",
        "The parties will try to resolve any dispute through their lead contacts, then the "
        "Trust's chief executive and the chair of governors, before seeking mediation.",
    ),
]

COST_LINES = [
    (
        "Headteacher mentoring by a National Leader of Education",
        Decimal("1500.00"),
        CostLine.Frequency.TERMLY,
        CostLine.VatTreatment.OUTSIDE_SCOPE,
    ),
    (
        "Places on the Trust's leadership and subject training programme",
        Decimal("250.00"),
        CostLine.Frequency.MONTHLY,
        CostLine.VatTreatment.EXEMPT,
    ),
    ("Finance and estates review", Decimal("2000.00"), CostLine.Frequency.ONE_OFF, CostLine.VatTreatment.STANDARD),
]

OBJECTIVES = [
    (
        "Improve the quality of phonics and early reading teaching",
        "Year 1 phonics screening check at or above the national average",
        10,
    ),
    (
        "Strengthen middle leadership in English and maths",
        "Subject leaders lead termly monitoring and report to governors",
        12,
    ),
]

ACTIVITIES = [
    (
        Activity.Category.HEADTEACHER_MENTORING,
        "Fortnightly headteacher mentoring",
        "Jo Fletcher, Executive Headteacher",
        0,
        11,
    ),
    (Activity.Category.CURRICULUM_DEVELOPMENT, "Early reading curriculum review", "Sam Patel, English Lead", 1, 5),
    (Activity.Category.DATA_BENCHMARKING, "Cross-trust assessment benchmarking", "Trust data team", 2, 10),
    (Activity.Category.OPERATIONAL_FINANCE, "Budget planning support", "Chris Adeyemi, Chief Financial Officer", 3, 6),
]

# The one-off charge a demo variation adds (net, before VAT).
VARIATION_COST = Decimal("640.00")
