import pytest

from tests.accounts.factories import GovernorFactory, OversightFactory, TrustStaffFactory
from tests.schools.factories import SchoolFactory, TrustFactory


@pytest.fixture
def trust(db):
    return TrustFactory(name="Northern Lights Academy Trust", group_id="TR02343", companies_house_number="07654321")


@pytest.fixture
def school(db):
    return SchoolFactory(name="St Hilda's Church of England Primary School", urn="107654")


@pytest.fixture
def trust_staff(trust):
    return TrustStaffFactory(username="staff", first_name="Priya", last_name="Shah", trust=trust)


@pytest.fixture
def governor(school):
    return GovernorFactory(username="governor", first_name="Daniel", last_name="Okafor", school=school)


@pytest.fixture
def oversight(db):
    return OversightFactory(username="oversight", first_name="Helen", last_name="Wright")
