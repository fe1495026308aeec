"""System leaders' recommendations: the transparent score with its reasons, choosing suggested
trusts, and oversight seeing whether a recommendation became a partnership."""

import pytest
from django.urls import reverse

from offers import matching, services
from offers.models import Recommendation, SuggestedTrust
from tests.accounts.factories import TrustStaffFactory
from tests.offers.factories import OfferFactory, SystemLeaderFactory
from tests.offers.helpers import page_text
from tests.partnerships.factories import PartnershipFactory
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

LEEDS = (429_800, 433_900)


def trust_at(name, miles_east, academies=1, **offer):
    trust = TrustFactory(name=name)
    for _ in range(academies):
        AcademyFactory(trust=trust, easting=LEEDS[0] + round(miles_east * 1609.344), northing=LEEDS[1])
    return OfferFactory(trust=trust, **offer)


@pytest.fixture
def school():
    return SchoolFactory(name="Roundhay Primary", urn="140001", phase="Primary", easting=LEEDS[0], northing=LEEDS[1])


def test_score_adds_up_its_reasons(school):
    trust_at(
        "Near Trust",
        3,
        academies=3,
        phases="|primary|",
        capacity=2,
        support="|headteacher_mentoring|curriculum_development|",
    )
    trust_at("Far Trust", 30, academies=1, phases="|secondary|", capacity=0, support="|headteacher_mentoring|")

    near, far = matching.suggest_trusts(school, support_wanted=["headteacher_mentoring", "subject_leadership"])

    assert (near.trust.name, near.score) == ("Near Trust", 30 + 20 + 15 + 13 + 10)
    assert near.reasons == [
        "3.0 miles to the trust's nearest open academy: 30 points",
        "Works with primary schools: 20 points",
        "Can take on 2 new partnerships now: 15 points",
        "Offers 1 of the 2 kinds of support wanted (Headteacher mentoring and support): 13 points",
        "3 open academies: 10 points",
    ]
    assert (far.trust.name, far.score) == ("Far Trust", 5 + 0 + 0 + 13 + 5)
    assert far.reasons[1] == "Does not list primary schools: 0 points"


def test_the_schools_own_trust_is_not_suggested():
    own = TrustFactory(name="Own Trust")
    academy = AcademyFactory(trust=own, easting=LEEDS[0], northing=LEEDS[1])
    OfferFactory(trust=own)
    assert matching.suggest_trusts(academy, support_wanted=[]) == []


def test_system_leader_records_a_recommendation_and_sees_ranked_suggestions(client, school):
    trust_at("Near Trust", 3, academies=3)
    trust_at("Far Trust", 30)
    leader = SystemLeaderFactory(username="system.leader")
    client.force_login(leader)

    response = client.post(
        reverse("offers:recommendation-create"),
        {
            "urn": "140001",
            "interested": "True",
            "support_wanted": ["headteacher_mentoring"],
            "context": "Strong staff, new head.",
        },
        follow=True,
    )

    recommendation = Recommendation.objects.get()
    assert (recommendation.school, recommendation.interested, recommendation.recorded_by) == (school, True, leader)
    text = page_text(response.text)
    assert "Recommendation recorded for Roundhay Primary." in text
    assert text.index("Near Trust") < text.index("Far Trust")
    assert "3.0 miles to the trust's nearest open academy: 30 points" in text

    near_trust = TrustFactory._meta.model.objects.get(name="Near Trust")
    client.post(reverse("offers:recommendation-detail", args=[recommendation.pk]), {"trusts": [str(near_trust.pk)]})
    suggestion = SuggestedTrust.objects.get()
    assert (suggestion.trust, suggestion.score) == (near_trust, 100)
    assert "Works with primary schools: 20 points" in suggestion.reasons


def test_oversight_sees_whether_recommendations_became_partnerships(client, school, oversight):
    leader = SystemLeaderFactory()
    offer = trust_at("Near Trust", 3)
    recommendation = services.recommendation_create(
        school=school, recorded_by=leader, interested=True, support_wanted=[], context="Ready."
    )
    services.recommendation_suggest_trusts(
        recommendation=recommendation,
        suggestions=matching.suggest_trusts(school, support_wanted=[]),
        suggested_by=leader,
    )
    other_school = SchoolFactory(name="Still Waiting Primary")
    services.recommendation_create(
        school=other_school, recorded_by=leader, interested=True, support_wanted=[], context="Later."
    )
    PartnershipFactory(school=school, trust=offer.trust, reference="TP26-00042")
    client.force_login(oversight)

    text = page_text(client.get(reverse("offers:recommendation-list")).text)

    assert "Roundhay Primary URN 140001; interested" in text
    assert "Yes: TP26-00042 with Near Trust (draft), a suggested trust" in text
    assert "Still Waiting Primary" in text and "Not yet" in text
    detail = client.get(reverse("offers:recommendation-detail", args=[recommendation.pk]))
    assert detail.status_code == 200 and "Save suggested trusts" not in detail.text
    assert (
        client.post(reverse("offers:recommendation-detail", args=[recommendation.pk]), {"trusts": []}).status_code
        == 403
    )


def test_a_system_leader_sees_only_their_own(client, school):
    mine, theirs = SystemLeaderFactory(), SystemLeaderFactory()
    other = services.recommendation_create(
        school=school, recorded_by=theirs, interested=False, support_wanted=[], context="x"
    )
    client.force_login(mine)
    assert client.get(reverse("offers:recommendation-detail", args=[other.pk])).status_code == 404
    client.force_login(TrustStaffFactory())
    assert client.get(reverse("offers:recommendation-list")).status_code == 403
