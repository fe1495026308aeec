import datetime
from decimal import Decimal

import factory

from partnerships.models import Activity, Clause, ClauseSection, CostLine, LibraryClause, Objective, Partnership
from tests.schools.factories import SchoolFactory, TrustFactory

START = datetime.date(2026, 9, 1)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    reference = factory.Sequence(lambda n: f"TP26-{n + 1:05d}")
    school = factory.SubFactory(SchoolFactory)
    trust = factory.SubFactory(TrustFactory)
    start_date = START
    end_date = datetime.date(2027, 8, 31)
    status = Partnership.Status.DRAFT
    purpose = "Strengthen leadership and the teaching of early reading while the governors consider joining the trust."
    trust_lead_name = "Priya Shah"
    trust_lead_role = "Director of School Improvement"
    trust_lead_email = "priya.shah@trust.example"
    chair_of_governors_name = "Daniel Okafor"
    chair_of_governors_email = "chair@school.example"
    headteacher_name = "Margaret Ellis"
    headteacher_email = "head@school.example"


class LibraryClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryClause

    trust = factory.SubFactory(TrustFactory)
    section = ClauseSection.SCOPE
    heading = factory.Sequence(lambda n: f"Standard clause {n}")
    body = "The Trust will provide the services described in Schedule 2."


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clause

    partnership = factory.SubFactory(PartnershipFactory)
    section = ClauseSection.SCOPE
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Clause heading {n}")
    body = factory.Sequence(lambda n: f"The parties agree to term number {n}.")


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    partnership = factory.SubFactory(PartnershipFactory)
    description = "Headteacher mentoring (half a day a fortnight)"
    amount = Decimal("1500.00")
    frequency = CostLine.Frequency.TERMLY
    vat_treatment = CostLine.VatTreatment.OUTSIDE_SCOPE
    position = factory.Sequence(lambda n: n + 1)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    partnership = factory.SubFactory(PartnershipFactory)
    description = "Improve the teaching of phonics in key stage 1"
    measure_of_success = "Phonics screening check pass rate at or above the national average"
    target_date = datetime.date(2027, 7, 1)
    position = factory.Sequence(lambda n: n + 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    partnership = factory.SubFactory(PartnershipFactory)
    category = Activity.Category.HEADTEACHER_MENTORING
    title = "Fortnightly mentoring for the headteacher"
    description = "An experienced trust headteacher mentors the school's headteacher."
    lead = "Jo Fletcher, CEO"
    starts_on = datetime.date(2026, 9, 15)
    ends_on = datetime.date(2027, 7, 16)


def ready_for_review(**kwargs) -> Partnership:
    """A draft with every piece the governors need to review it."""
    partnership = PartnershipFactory(**kwargs)
    ClauseFactory(partnership=partnership)
    CostLineFactory(partnership=partnership)
    ObjectiveFactory(partnership=partnership)
    ActivityFactory(partnership=partnership)
    return partnership
