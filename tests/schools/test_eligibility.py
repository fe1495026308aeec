"""Who may enter a trust partnership: the table of establishment types and statuses, applied by
partnership_create and shown in the school search with the reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships import services
from schools import eligibility as rules
from schools.eligibility import Verdict, eligibility
from schools.models import School, Trust
from tests.partnerships.test_term_length import details
from tests.schools.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

START = reverse("partnerships:partnership-start")
EXPECTED = {  # what each kind of establishment gets, written out so a change to the table is a decision
    "Community school": Verdict.ELIGIBLE,
    "Voluntary aided school": Verdict.ELIGIBLE,
    "Voluntary controlled school": Verdict.ELIGIBLE,
    "Foundation school": Verdict.ELIGIBLE,
    "Community special school": Verdict.ELIGIBLE,
    "Foundation special school": Verdict.ELIGIBLE,
    "Pupil referral unit": Verdict.ELIGIBLE,
    "Local authority nursery school": Verdict.WITH_CARE,
    "Other independent school": Verdict.INELIGIBLE,
    "Other independent special school": Verdict.INELIGIBLE,
    "Independent schools approved for SEN pupils": Verdict.INELIGIBLE,
    "Non-maintained special school": Verdict.INELIGIBLE,
    "Further education": Verdict.INELIGIBLE,
    "Sixth form centres": Verdict.INELIGIBLE,
    "Special post 16 institution": Verdict.INELIGIBLE,
    "Higher education institutions": Verdict.INELIGIBLE,
    "Academy secure 16 to 19": Verdict.INELIGIBLE,
    "Secure units": Verdict.INELIGIBLE,
    "Welsh establishment": Verdict.INELIGIBLE,
    "British schools overseas": Verdict.INELIGIBLE,
    "Offshore schools": Verdict.INELIGIBLE,
    "Service children's education": Verdict.INELIGIBLE,
    "Online provider": Verdict.INELIGIBLE,
    "Institution funded by other government department": Verdict.INELIGIBLE,
    "Miscellaneous": Verdict.INELIGIBLE,
    "Children's centre": Verdict.INELIGIBLE,
    "Children's centre linked site": Verdict.INELIGIBLE,
}
ACADEMY_TYPES = [name for name, kind in rules.ESTABLISHMENT_TYPES.items() if kind is rules.ACADEMY]


def test_every_type_in_the_table_has_an_expected_verdict():
    assert set(rules.ESTABLISHMENT_TYPES) == set(EXPECTED) | set(ACADEMY_TYPES)


@pytest.mark.parametrize("establishment_type", sorted(EXPECTED))
def test_each_establishment_type_gets_its_verdict(establishment_type):
    school = SchoolFactory.build(name="Test School", establishment_type=establishment_type, trust=None)

    verdict = eligibility(school)

    assert verdict.verdict is EXPECTED[establishment_type]
    if verdict.verdict is Verdict.INELIGIBLE:
        assert verdict.reason.startswith("Test School is ")
        assert verdict.reason.endswith(
            "trust partnerships are for state-funded schools not yet in a multi-academy trust."
        )


@pytest.mark.parametrize("establishment_type", ACADEMY_TYPES)
@pytest.mark.parametrize(
    ("trust_type", "allowed"),
    [
        (Trust.TrustType.SINGLE_ACADEMY_TRUST, True),
        (Trust.TrustType.MULTI_ACADEMY_TRUST, False),
        (Trust.TrustType.SECURE_SINGLE_ACADEMY_TRUST, False),
        (None, False),
    ],
)
def test_an_academy_may_partner_only_as_its_own_single_academy_trust(establishment_type, trust_type, allowed):
    trust = TrustFactory.build(name="Oak Learning Trust", trust_type=trust_type) if trust_type else None
    school = SchoolFactory.build(name="Oak Academy", establishment_type=establishment_type, trust=trust)

    assert eligibility(school).allowed is allowed


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (School.Status.OPEN, True),
        (School.Status.OPEN_PROPOSED_TO_CLOSE, True),
        (School.Status.CLOSED, False),
        (School.Status.PROPOSED_TO_OPEN, False),
    ],
)
def test_each_status_gets_its_verdict(status, allowed):
    assert eligibility(SchoolFactory.build(status=status)).allowed is allowed


def test_a_type_gias_adds_later_falls_back_on_its_type_group():
    school = SchoolFactory.build(establishment_type="Academy 14 to 19 pilot", establishment_type_group="Academies")
    assert eligibility(school).verdict is Verdict.INELIGIBLE  # an academy with no single-academy trust

    unknown = SchoolFactory.build(name="New Kind", establishment_type="Something new", establishment_type_group="")
    assert eligibility(unknown).reason == (
        "New Kind is a type of establishment (Something new) that is not on the list of schools that may partner."
    )


# ---- applied by partnership_create ----------------------------------------------------------


def create(school, trust, user):
    return services.partnership_create(
        school=school, trust=trust, created_by=user, **details(datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    )


INELIGIBLE_KINDS = [
    ("City of London School for Girls", "Other independent school", "an independent school"),
    ("Leeds City College", "Further education", "a further education or sixth-form college"),
    ("Northern Adult Education College", "Institution funded by other government department", "not a school"),
    ("Harbour Special School", "Non-maintained special school", "a non-maintained special school"),
    ("Cymru School", "Welsh establishment", "not a school in England's state-funded system"),
]


@pytest.mark.parametrize(("name", "establishment_type", "what"), INELIGIBLE_KINDS)
def test_partnership_create_refuses_every_ineligible_kind_with_its_reason(
    name, establishment_type, what, trust, trust_staff
):
    school = SchoolFactory(name=name, establishment_type=establishment_type, establishment_type_group="Other")

    with pytest.raises(ValidationError) as refused:
        create(school, trust, trust_staff)

    [message] = refused.value.message_dict["school"]
    assert message.startswith(f"{name} is {what}")
    assert message.endswith("trust partnerships are for state-funded schools not yet in a multi-academy trust.")
    assert not school.partnerships.exists()


def test_partnership_create_refuses_an_academy_in_another_multi_academy_trust(trust, trust_staff):
    other = TrustFactory(name="Brontë Moor Learning Trust")
    academy = SchoolFactory(
        name="Moor Academy", establishment_type="Academy converter", establishment_type_group="Academies", trust=other
    )

    with pytest.raises(ValidationError, match="Moor Academy is an academy in Brontë Moor Learning Trust"):
        create(academy, trust, trust_staff)


def test_partnership_create_refuses_a_school_proposed_to_open(trust, trust_staff):
    school = SchoolFactory(name="New Town Primary", status=School.Status.PROPOSED_TO_OPEN)
    with pytest.raises(ValidationError, match="New Town Primary is proposed to open, not open yet"):
        create(school, trust, trust_staff)


def test_a_nursery_school_may_partner_with_the_warning(trust, trust_staff):
    nursery = SchoolFactory(name="Little Acorns Nursery School", establishment_type="Local authority nursery school")

    assert create(nursery, trust, trust_staff).status == "draft"
    assert "Nursery schools cannot become academies" in eligibility(nursery).reason


# ---- shown in the school search ------------------------------------------------------------


def test_the_search_lists_ineligible_schools_with_the_reason_and_no_select_link(client, trust_staff):
    SchoolFactory(name="City of London School for Girls", urn="100013", establishment_type="Other independent school")
    SchoolFactory(name="City Primary School", urn="100014")
    SchoolFactory(name="City Nursery School", urn="100015", establishment_type="Local authority nursery school")
    client.force_login(trust_staff)

    html = client.get(START, {"q": "city"}).content.decode()

    assert (
        "City of London School for Girls is an independent school: trust partnerships are for state-funded schools "
        "not yet in a multi-academy trust." in html
    )
    assert reverse("partnerships:partnership-start-details", args=["100013"]) not in html
    assert reverse("partnerships:partnership-start-details", args=["100014"]) in html
    assert reverse("partnerships:partnership-start-details", args=["100015"]) in html
    assert "City Nursery School is a local authority nursery school. Nursery schools cannot become academies" in html


def test_the_details_page_of_an_ineligible_school_refuses_it(client, trust_staff):
    SchoolFactory(name="City of London School for Girls", urn="100013", establishment_type="Other independent school")
    client.force_login(trust_staff)

    response = client.get(reverse("partnerships:partnership-start-details", args=["100013"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "City of London School for Girls cannot enter a trust partnership" in html
    assert "City of London School for Girls is an independent school" in html
    assert 'name="start_date"' not in html
