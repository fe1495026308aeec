"""The public directory: distance ordering from known grid references, filters, finding the school."""

import re

import pytest
from django.urls import reverse

from offers.models import Offer
from offers.selectors import academies, directory, find_school, miles_between, nearest_first, normalise_postcode
from schools.models import School
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

    ranked = nearest_first(directory(), school, academies())

    assert [pk for pk, _ in ranked] == [hull.pk, york.pk, manchester.pk, unlocated.pk]
    assert [round(squared**0.5 / 1609.344, 1) for _, squared in ranked[:3]] == [1.0, 22.0, 36.1]
    assert ranked[3][1] is None


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


def test_no_stale_distances_or_local_authorities_after_a_gias_update(client):
    """The directory keeps GIAS facts in memory per process, keyed on the schools data's last
    change: a GIAS import in another process (bulk writes with history, no save signals) shows on
    the very next page."""
    from simple_history.utils import bulk_update_with_history

    trust_with_academy_at("Irwell Trust", MANCHESTER)
    york = trust_with_academy_at("Minster Trust", YORK)
    SchoolFactory(name="Roundhay Primary", urn="140001", easting=LEEDS[0], northing=LEEDS[1], la_name="Leeds")
    joining = AcademyFactory(trust=None, easting=None, northing=None, la_name="Leeds")
    url = reverse("offers:directory")

    before = client.get(url, {"school": "140001"}).text
    assert before.index("Minster Trust") < before.index("Irwell Trust")
    assert "22.0 miles" in before and ">Wakefield</option>" not in before
    assert "1 academy ·" in before and "2 academies" not in before

    # As import_gias writes a newer file: bulk updates with history rows, no save signals.
    academy = york.trust.schools.get()
    academy.easting, academy.northing, academy.la_name = HULL[0], HULL[1], "Wakefield"
    joining.trust = york.trust
    bulk_update_with_history([academy, joining], School, ["easting", "northing", "la_name", "trust"])

    after = client.get(url, {"school": "140001"}).text
    assert after.index("Irwell Trust") < after.index("Minster Trust")  # Hull is further than Manchester
    assert "22.0 miles" not in after and "49.6 miles" in after
    assert ">Wakefield</option>" in after
    assert "2 academies" in after


def test_a_school_saved_in_this_process_shows_at_once(client):
    york = trust_with_academy_at("Minster Trust", YORK)
    SchoolFactory(name="Roundhay Primary", urn="140001", easting=LEEDS[0], northing=LEEDS[1])
    url = reverse("offers:directory")
    assert "22.0 miles" in client.get(url, {"school": "140001"}).text

    academy = york.trust.schools.get()
    academy.status = School.Status.CLOSED
    academy.save()

    page = client.get(url, {"school": "140001"}).text
    assert "22.0 miles" not in page and "0 academies" in page


def test_the_filters_keep_what_was_chosen(client):
    SchoolFactory(la_name="York")
    SchoolFactory(la_name="Barking & Dagenham")
    OfferFactory(trust=TrustFactory(name="Any Trust"))

    page = client.get(
        reverse("offers:directory"), {"local_authority": "York", "phase": "secondary", "region": "London"}
    ).text

    assert '<option value="York" selected>York</option>' in page
    assert '<option value="Barking &amp; Dagenham">Barking &amp; Dagenham</option>' in page
    assert '<option value="secondary" selected>' in page and '<option value="London" selected>' in page
    assert '<option value="" selected>' not in page
    assert len(re.findall(r'<select name="\w+" class="govuk-select govuk-!-width-full" id="id_\w+">', page)) == 3
