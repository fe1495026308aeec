"""The public directory: distance ordering from known grid references, filters, finding the school."""

import pytest
from django.urls import reverse

from offers.models import Offer
from offers.selectors import directory, find_school, miles_between, normalise_postcode
from tests.offers.factories import OfferFactory
from tests.schools.factories import AcademyFactory, SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

# British National Grid references (metres) near each city centre.
LEEDS = (429_800, 433_900)
YORK = (460_300, 451_900)
MANCHESTER = (383_900, 398_300)
HULL = (509_500, 428_800)


def trust_with_academy_at(name, point, **offer):
    trust = TrustFactory(name=name)
    AcademyFactory(trust=trust, easting=point[0], northing=point[1], name=f"{name} Academy")
    return OfferFactory(trust=trust, **offer)


def test_miles_between_known_grid_references():
    assert miles_between(LEEDS, YORK) == pytest.approx(22.0, abs=0.05)
    assert miles_between(LEEDS, MANCHESTER) == pytest.approx(36.1, abs=0.05)
    assert miles_between(LEEDS, LEEDS) == 0


def test_offers_are_ordered_by_distance_to_the_trusts_nearest_academy():
    manchester = trust_with_academy_at("Irwell Trust", MANCHESTER)
    york = trust_with_academy_at("Minster Trust", YORK)
    hull = trust_with_academy_at("Humber Trust", HULL)
    # A trust's far academy does not matter: its nearest one counts.
    AcademyFactory(trust=hull.trust, easting=LEEDS[0] + 1609, northing=LEEDS[1])
    unlocated = OfferFactory(trust=TrustFactory(name="Aardvark Trust"))
    school = SchoolFactory(easting=LEEDS[0], northing=LEEDS[1])

    offers = list(directory(near=school))

    assert offers == [hull, york, manchester, unlocated]
    assert [round(o.nearest_sq**0.5 / 1609.344, 1) for o in offers[:3]] == [1.0, 22.0, 36.1]


def test_the_page_shows_miles_and_orders_by_distance(client):
    trust_with_academy_at("Irwell Trust", MANCHESTER)
    trust_with_academy_at("Minster Trust", YORK)
    SchoolFactory(name="Roundhay Primary", urn="140001", easting=LEEDS[0], northing=LEEDS[1], postcode="LS8 1AA")

    for typed in ("140001", "Roundhay Primary", "ls81aa"):
        page = client.get(reverse("offers:directory"), {"school": typed}).text
        assert "Sorted by distance from <strong>Roundhay Primary</strong>" in page, typed
        assert page.index("Minster Trust") < page.index("Irwell Trust")
        assert "22.0 miles" in page and "36.1 miles" in page


def test_several_matching_schools_are_offered_as_choices(client):
    SchoolFactory(name="St Mary's Primary", urn="140002")
    SchoolFactory(name="St Mary's Catholic Primary", urn="140003")

    page = client.get(reverse("offers:directory"), {"school": "St Mary"}).text

    assert "More than one school matches" in page
    assert "school=140002" in page and "school=140003" in page


def test_filters_by_support_phase_region_and_local_authority(client):
    wanted = trust_with_academy_at("Wanted Trust", YORK, support="|subject_leadership|", phases="|secondary|")
    trust_with_academy_at("Other Trust", YORK)
    Offer.objects.filter(pk=wanted.pk).update(local_authorities="|York|Leeds|")

    assert list(directory(support=["subject_leadership"])) == [wanted]
    assert list(directory(phase="secondary")) == [wanted]
    assert list(directory(local_authority="York")) == [wanted]
    assert set(directory(region="Yorkshire and the Humber")) == set(Offer.objects.all())
    assert list(directory(region="London")) == []


def test_only_published_offers_of_open_trusts_are_listed(client):
    shown = OfferFactory(trust=TrustFactory(name="Published Trust"))
    OfferFactory(trust=TrustFactory(name="Draft Trust"), status=Offer.Status.DRAFT, published_at=None)
    OfferFactory(trust=TrustFactory(name="Withdrawn Trust"), status=Offer.Status.WITHDRAWN)
    OfferFactory(trust=TrustFactory(name="Closed Trust", status="closed"))

    page = client.get(reverse("offers:directory")).text

    assert list(directory()) == [shown]
    assert "Published Trust" in page and "Draft Trust" not in page and "Closed Trust" not in page
    assert (
        client.get(reverse("offers:offer-detail", args=[Offer.objects.get(trust__name="Draft Trust").pk])).status_code
        == 404
    )


def test_pages_of_twenty(client):
    for number in range(23):
        OfferFactory(trust=TrustFactory(name=f"Trust {number:02d}"))

    first = client.get(reverse("offers:directory")).text
    second = client.get(reverse("offers:directory"), {"page": 2}).text

    assert "Showing 1 to 20 of 23 offers" in first and "Trust 19" in first and "Trust 20" not in first
    assert "Showing 21 to 23 of 23 offers" in second and "Trust 22" in second


def test_postcodes_are_normalised():
    assert normalise_postcode("ls62aa") == "LS6 2AA"
    assert normalise_postcode(" sw1a 1aa ") == "SW1A 1AA"
    assert normalise_postcode("Leeds") is None


def test_find_school_by_urn_name_or_postcode():
    school = SchoolFactory(name="Castlegate Primary", urn="140010", postcode="YO1 9RN")

    assert find_school("140010").school == school
    assert find_school("castlegate primary").school == school
    assert find_school("yo19rn").school == school
    assert find_school("nowhere at all").school is None
