import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partnerships import services
from partnerships.models import Partnership
from partnerships.overlap_guard import is_overlap_violation
from partnerships.services.common import OVERLAP_RACE, save_with_history
from tests.partnerships.factories import PartnershipFactory
from tests.partnerships.test_term_length import details
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def create(school, trust, user, start=D(2026, 9, 1), end=D(2027, 8, 31)):
    return services.partnership_create(school=school, trust=trust, created_by=user, **details(start, end))


def test_overlapping_partnership_for_the_same_school_is_rejected(school, trust, trust_staff):
    first = create(school, trust, trust_staff)
    with pytest.raises(ValidationError) as error:
        create(school, trust, trust_staff, start=D(2027, 6, 1), end=D(2028, 5, 31))
    assert error.value.message_dict["start_date"] == [
        f"This school is already in trust partnership {first.reference} from 1 September 2026 to 31 August 2027. "
        "A school can only be in one trust partnership at a time."
    ]
    assert Partnership.objects.count() == 1


def test_back_to_back_partnerships_do_not_overlap(school, trust, trust_staff):
    create(school, trust, trust_staff)
    create(school, trust, trust_staff, start=D(2027, 9, 1), end=D(2028, 8, 31))
    assert Partnership.objects.count() == 2


def test_a_withdrawn_partnership_frees_the_dates(school, trust, trust_staff):
    first = create(school, trust, trust_staff)
    services.partnership_withdraw(partnership=first, withdrawn_by=trust_staff, reason="Started again")
    create(school, trust, trust_staff)
    assert Partnership.objects.filter(status="draft").count() == 1


def test_ending_early_frees_the_rest_of_the_term(school, trust, trust_staff):
    first = PartnershipFactory(school=school, trust=trust, status=Partnership.Status.ACTIVE)
    services.partnership_end_early(partnership=first, ended_by=trust_staff, reason="Closed", ended_on=D(2027, 1, 31))
    create(school, trust, trust_staff, start=D(2027, 2, 1), end=D(2028, 1, 31))
    assert Partnership.objects.count() == 2


def test_database_refuses_an_overlap_that_skips_validation(school, trust):
    """The rule holds in the database too: an exclusion constraint on PostgreSQL, triggers on SQLite."""
    PartnershipFactory(school=school, trust=trust)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        PartnershipFactory(school=school, trust=trust, start_date=D(2027, 1, 1), end_date=D(2027, 12, 31))
    expected = "partnership_no_overlap_per_school" if connection.vendor == "postgresql" else "partnership_dates_overlap"
    assert expected in str(error.value)
    assert is_overlap_violation(error.value)
    assert Partnership.objects.count() == 1


def test_a_save_the_database_refuses_as_an_overlap_is_a_clear_error_on_the_start_date(school, trust, trust_staff):
    """Validation passed (as with two people saving at once) but the database's guard refused it."""
    PartnershipFactory(school=school, trust=trust)
    second = PartnershipFactory.build(school=school, trust=trust, start_date=D(2027, 1, 1), end_date=D(2027, 12, 31))
    with pytest.raises(ValidationError) as error, transaction.atomic():
        save_with_history(second, by=trust_staff, validate=False)
    assert error.value.message_dict["start_date"] == [OVERLAP_RACE]
    assert Partnership.objects.count() == 1


def test_another_integrity_error_is_not_taken_for_an_overlap(school, trust, trust_staff):
    first = PartnershipFactory(school=school, trust=trust)
    twin = PartnershipFactory.build(
        school=SchoolFactory(),
        trust=trust,
        reference=first.reference,
        start_date=D(2030, 1, 1),
        end_date=D(2030, 12, 31),
    )
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        save_with_history(twin, by=trust_staff, validate=False)
    assert not is_overlap_violation(error.value)


def test_database_allows_overlap_with_a_withdrawn_partnership(school, trust):
    PartnershipFactory(school=school, trust=trust, status=Partnership.Status.WITHDRAWN)
    PartnershipFactory(school=school, trust=trust)
    assert Partnership.objects.count() == 2


def test_school_already_an_academy_in_the_trust_cannot_partner_with_it(trust, trust_staff):
    academy = AcademyFactory(trust=trust, name="Oak Academy")
    with pytest.raises(ValidationError) as error:
        create(academy, trust, trust_staff)
    assert error.value.message_dict["school"] == [
        f"Oak Academy is already an academy in {trust.name}, so it cannot enter a trust partnership with it."
    ]


def test_academy_that_is_its_own_single_academy_trust_may_partner(trust, trust_staff):
    academy = AcademyFactory(trust=TrustFactory(trust_type="sat"))
    assert create(academy, trust, trust_staff).status == "draft"


def test_academy_of_another_multi_academy_trust_may_not_partner(trust, trust_staff):
    academy = AcademyFactory(name="Hillside Academy", trust=TrustFactory(name="Oak Learning Trust"))
    with pytest.raises(ValidationError, match="Hillside Academy is an academy in Oak Learning Trust, a multi-academy"):
        create(academy, trust, trust_staff)


def test_closed_school_cannot_start_a_partnership(trust, trust_staff):
    closed = SchoolFactory(status="closed", closed_on=D(2025, 8, 31), name="Old Mill School")
    with pytest.raises(ValidationError, match="Old Mill School is closed"):
        create(closed, trust, trust_staff)


def test_end_before_start_is_refused_by_the_database_too(school, trust):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(school=school, trust=trust, start_date=D(2026, 9, 1), end_date=D(2026, 8, 1))


def test_references_are_sequential(school, trust, trust_staff):
    other = SchoolFactory()
    first, second = create(school, trust, trust_staff), create(other, trust, trust_staff)
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1
