import datetime

import pytest

from partnerships.models import Partnership
from tests.accounts.factories import GovernorFactory
from tests.partnerships.factories import ActivityFactory, ObjectiveFactory, PartnershipFactory


@pytest.fixture
def running(trust, school):
    """An active partnership (1 September 2026 to 31 August 2027) with two objectives and an activity."""
    partnership = PartnershipFactory(
        trust=trust,
        school=school,
        status=Partnership.Status.ACTIVE,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 8, 31),
    )
    ObjectiveFactory(partnership=partnership, description="Improve the teaching of phonics", position=1)
    ObjectiveFactory(partnership=partnership, description="Strengthen subject leadership", position=2)
    ActivityFactory(partnership=partnership)
    return partnership


@pytest.fixture
def clerk(school):
    return GovernorFactory(username="clerk", first_name="Sam", last_name="Clerk", role="clerk", school=school)


@pytest.fixture
def headteacher(school):
    return GovernorFactory(username="head", first_name="Margaret", last_name="Ellis", role="headteacher", school=school)


def day(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
