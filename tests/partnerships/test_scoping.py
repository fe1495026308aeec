import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    trust_a, trust_b = TrustFactory(), TrustFactory()
    school_a, school_b = SchoolFactory(), SchoolFactory()
    return {
        "a_with_a": PartnershipFactory(trust=trust_a, school=school_a, status=Partnership.Status.DRAFT),
        "b_with_b": PartnershipFactory(trust=trust_b, school=school_b, status=Partnership.Status.ACTIVE),
        "a_with_b": PartnershipFactory(trust=trust_a, school=school_b, status=Partnership.Status.WITHDRAWN),
        "trust_a": trust_a,
        "trust_b": trust_b,
        "school_a": school_a,
        "school_b": school_b,
    }


def visible(user):
    return set(Partnership.objects.visible_to(user).values_list("pk", flat=True))


def test_trust_staff_see_only_their_trusts_partnerships(world):
    staff = TrustStaffFactory(trust=world["trust_a"])
    assert visible(staff) == {world["a_with_a"].pk, world["a_with_b"].pk}


def test_governors_see_only_their_schools_partnerships(world):
    governor = GovernorFactory(school=world["school_b"])
    assert visible(governor) == {world["b_with_b"].pk, world["a_with_b"].pk}


def test_oversight_sees_everything(world):
    assert visible(OversightFactory()) == set(Partnership.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "make_user", [AnonymousUser, lambda: UserFactory(role=""), lambda: TrustStaffFactory(is_active=False)]
)
def test_anyone_else_sees_nothing(world, make_user):
    assert visible(make_user()) == set()


def test_only_editable_partnerships_of_the_trust_are_editable(world):
    staff_a = TrustStaffFactory(trust=world["trust_a"])
    assert set(Partnership.objects.editable_by(staff_a).values_list("pk", flat=True)) == {world["a_with_a"].pk}
    assert not Partnership.objects.editable_by(GovernorFactory(school=world["school_a"])).exists()


def test_database_refuses_a_governor_without_a_school():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="no-school", role=User.Role.GOVERNOR)
