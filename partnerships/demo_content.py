"""Realistic demo content: cost lines, objectives and activities (the clauses come from the model clause set)."""

from decimal import Decimal

from partnerships.models import Activity, CostLine

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


# The governors' request for changes, and the change the trust makes before sending it again.
CHANGES_REQUESTED_REASON = "Please add a termly written report to the full governing body to the trust's expectations."
CHANGED_CLAUSE_HEADING = "Expectations of each party"
CHANGED_CLAUSE_BEFORE = "report on progress against the objectives at each review meeting."
CHANGED_CLAUSE_AFTER = (
    "report on progress against the objectives at each review meeting and, once a term, in writing to the "
    "full Governing Body."
)
# Feedback sent from the phase banner (support app), as oversight reads it.
FEEDBACK_MESSAGE = "It would help to see the term in months on the partnerships list."
