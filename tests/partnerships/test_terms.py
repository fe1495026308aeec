import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Activity, Clause, ClauseSection, CostLine, Partnership
from partnerships.models.terms import service_charge_totals
from partnerships.selectors import NO_TEACHING_OR_LEADERSHIP, plan_warnings
from partnerships.services.common import NOT_EDITABLE
from tests.partnerships.factories import ActivityFactory, ClauseFactory, LibraryClauseFactory, PartnershipFactory
from tests.schools.factories import TrustFactory

pytestmark = pytest.mark.django_db
F, V = CostLine.Frequency, CostLine.VatTreatment


@pytest.fixture
def partnership(school, trust):
    return PartnershipFactory(school=school, trust=trust)  # 1 Sep 2026 – 31 Aug 2027: 12 months


def add_cost(partnership, user, amount, frequency, vat=V.OUTSIDE_SCOPE):
    return services.cost_line_create(
        partnership=partnership,
        created_by=user,
        description="Support",
        amount=Decimal(amount),
        frequency=frequency,
        vat_treatment=vat,
    )


def test_totals_are_derived_from_frequency_and_vat(partnership, trust_staff):
    add_cost(partnership, trust_staff, "1500.00", F.TERMLY)  # 3 terms = 4,500
    add_cost(partnership, trust_staff, "250.00", F.MONTHLY, V.EXEMPT)  # 12 months = 3,000
    add_cost(partnership, trust_staff, "2000.00", F.ONE_OFF, V.STANDARD)  # 2,000 + 400 VAT
    add_cost(partnership, trust_staff, "999.99", F.ANNUALLY, V.STANDARD)  # 1 year = 999.99 + 200.00 VAT
    totals = service_charge_totals(partnership)
    assert (totals.net, totals.vat, totals.gross) == (Decimal("10499.99"), Decimal("600.00"), Decimal("11099.99"))


def test_an_18_month_term_charges_every_started_period(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, end_date=datetime.date(2028, 2, 29))
    for frequency in F:
        add_cost(partnership, trust_staff, "100.00", frequency)
    occurrences = {line.frequency: line.occurrences(partnership.term) for line in partnership.cost_lines.all()}
    assert occurrences == {"one_off": 1, "monthly": 18, "termly": 5, "annually": 2}


@pytest.mark.parametrize("amount", ["0", "-5", "10000000.00", "0.001"])
def test_cost_amount_must_be_positive_pounds_and_pence(partnership, trust_staff, amount):
    with pytest.raises(ValidationError) as error:
        add_cost(partnership, trust_staff, amount, F.ONE_OFF)
    assert "amount" in error.value.message_dict
    assert not CostLine.objects.exists()


def test_library_clause_is_copied_and_the_copy_edits_alone(partnership, trust, trust_staff):
    library = LibraryClauseFactory(
        trust=trust, heading="Review meetings", body="Termly.", section=ClauseSection.GOVERNANCE
    )
    clause = services.clause_add_from_library(partnership=partnership, library_clause=library, added_by=trust_staff)
    services.clause_update(clause=clause, updated_by=trust_staff, body="Half-termly.")
    library.refresh_from_db()
    assert (library.body, Clause.objects.get().body) == ("Termly.", "Half-termly.")


def test_another_trusts_library_clause_cannot_be_added(partnership, trust_staff):
    foreign = LibraryClauseFactory(trust=TrustFactory())
    with pytest.raises(ValidationError) as error:
        services.clause_add_from_library(partnership=partnership, library_clause=foreign, added_by=trust_staff)
    assert error.value.message_dict == {"library_clause": ["Choose a clause from your trust's library."]}
    assert not Clause.objects.exists()


def test_clauses_reorder_within_their_section(partnership, trust_staff):
    first, second, third = (ClauseFactory(partnership=partnership, position=n) for n in (1, 2, 3))
    services.clause_move(clause=third, direction="up", moved_by=trust_staff)
    assert list(partnership.clauses.values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]


@pytest.mark.parametrize("status", [Partnership.Status.IN_REVIEW, Partnership.Status.AGREED, Partnership.Status.ACTIVE])
def test_terms_are_frozen_outside_draft_and_changes_requested(school, trust, trust_staff, status):
    partnership = PartnershipFactory(school=school, trust=trust, status=status)
    with pytest.raises(ValidationError) as error:
        services.clause_create(
            partnership=partnership, created_by=trust_staff, section=ClauseSection.SCOPE, heading="H", body="B"
        )
    assert error.value.messages == [NOT_EDITABLE.format(status=partnership.get_status_display().lower())]
    assert not Clause.objects.exists()


def test_activity_dates_must_fall_inside_the_partnership(partnership, trust_staff):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            partnership=partnership,
            created_by=trust_staff,
            category=Activity.Category.TRUST_WIDE_TRAINING,
            title="Training",
            lead="Trust",
            starts_on=datetime.date(2026, 8, 1),
            ends_on=datetime.date(2026, 10, 1),
        )
    assert error.value.message_dict["starts_on"] == [
        "The start date must be between the partnership's start date, 1 September 2026, and end date, 31 August 2027."
    ]


def test_plan_without_teaching_or_leadership_is_flagged(partnership):
    ActivityFactory(partnership=partnership, category=Activity.Category.OTHER)
    assert plan_warnings(partnership) == [NO_TEACHING_OR_LEADERSHIP]
    ActivityFactory(partnership=partnership, category=Activity.Category.CURRICULUM_DEVELOPMENT)
    assert plan_warnings(partnership) == []


def test_progress_is_recorded_once_agreed(school, trust, trust_staff):
    partnership = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.ACTIVE)
    activity = ActivityFactory(partnership=partnership)
    services.activity_record_progress(
        activity=activity,
        recorded_by=trust_staff,
        status=Activity.Status.DONE,
        impact_notes="Phonics results up 12 points.",
    )
    activity.refresh_from_db()
    assert (activity.status, activity.impact_notes) == ("done", "Phonics results up 12 points.")
    assert activity.history.latest().history_user == trust_staff
