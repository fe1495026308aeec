"""Groups in both published layouts, group links (Joined date), establishment links, and a
partnership whose school converts: files built from the published header rows."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnerships.oversight import dashboard
from schools.gias import SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS, GiasFormatError, import_gias
from schools.gias.headers import GROUP_HEADERS, GROUP_HEADERS_ALT, GROUP_LINK_HEADERS, LINK_HEADERS
from schools.gias.samples.make_samples import GROUPS, group_record, read_csv, write_csv
from schools.models import EstablishmentLink, School, Trust
from tests.accounts.factories import GovernorFactory, TrustStaffFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def group_links_file(tmp_path, rows, name="grouplinks20261101.csv"):
    """A group links file in the published layout (DD/MM/YYYY dates)."""
    records = [
        {
            "URN": urn,
            "Group UID": uid,
            "Group ID": "TR04501",
            "Group Name": "FIERTÉ MULTI-ACADEMY TRUST",
            "Group Type (code)": "06",
            "Group Type": group_type,
            "Group Status (code)": "OPEN",
            "Group Status": "Open",
            "Joined date": joined,
            "EstablishmentName": "A school",
        }
        for urn, uid, joined, group_type in rows
    ]
    return write_csv(tmp_path / name, GROUP_LINK_HEADERS, records)


def links_file(tmp_path, rows, name="links_edubasealldata20261101.csv"):
    records = [
        {"URN": urn, "LinkURN": linked, "LinkName": linked_name, "LinkType": link_type, "LinkEstablishedDate": on}
        for urn, linked, linked_name, link_type, on in rows
    ]
    return write_csv(tmp_path / name, LINK_HEADERS, records)


# ---- groups ---------------------------------------------------------------------------------


def test_a_trusts_open_date_is_its_incorporation_date_written_with_slashes():
    header, records = read_csv(SAMPLE_GROUPS)
    fierte = next(record for record in records if record["Group UID"] == "16001")
    assert (fierte["Open date"], fierte["Incorporated on (open date)"]) == ("", "01/09/2016")  # as real files write it

    import_gias(groups=SAMPLE_GROUPS)

    assert Trust.objects.get(group_uid="16001").opened_on == datetime.date(2016, 9, 1)


def test_the_other_groups_layout_reads_the_same(tmp_path):
    alt = write_csv(
        tmp_path / "allgroupsdata20261101.csv",
        GROUP_HEADERS_ALT,
        [
            group_record(group)
            | {
                "Group Street": group.get("street", ""),
                "Group Town": group.get("town", ""),
                "Group Postcode": group.get("postcode", ""),
            }
            for group in GROUPS
        ],
    )

    summary = import_gias(groups=alt)

    trust = Trust.objects.get(group_uid="16001")
    assert (trust.street, trust.town, trust.postcode) == ("Fierté House, 12 Park Row", "Leeds", "LS1 5HD")
    assert trust.opened_on == datetime.date(2016, 9, 1)
    assert summary.trusts.created == 6


@pytest.mark.parametrize("code", ["06", "6"])
def test_group_type_codes_are_read_with_or_without_the_leading_zero(tmp_path, code):
    records = [group_record(GROUPS[0]) | {"Group Type (code)": code, "Group Type": ""}]
    import_gias(groups=write_csv(tmp_path / "allgroupsdata20261101.csv", GROUP_HEADERS, records))

    assert Trust.objects.get(group_uid="16001").trust_type == Trust.TrustType.MULTI_ACADEMY_TRUST


def test_a_secure_single_academy_trust_is_an_academy_trust(tmp_path):
    secure = {"uid": "17001", "id": "TR09001", "name": "Oasis Restore Trust", "type": "Single-academy trust"}
    record = group_record(secure | {"status": "Open", "opened": "01-04-2024"}) | {
        "Group Type": "Secure single-academy trust",
        "Group Type (code)": "14",
    }
    import_gias(groups=write_csv(tmp_path / "allgroupsdata20261101.csv", GROUP_HEADERS, [record]))

    assert Trust.objects.get(group_uid="17001").trust_type == Trust.TrustType.SECURE_SINGLE_ACADEMY_TRUST


def test_a_group_links_file_given_as_the_groups_file_is_refused_by_its_headers(tmp_path):
    links = group_links_file(tmp_path, [("140001", "16001", "01/09/2017", "Multi-academy trust")])

    with pytest.raises(GiasFormatError, match="has a “URN” column, so it looks like an establishments or group links"):
        import_gias(groups=links)
    assert not Trust.objects.exists()


# ---- group links ----------------------------------------------------------------------------


def test_group_links_record_when_each_academy_joined_its_trust(tmp_path):
    import_gias(SAMPLE_ESTABLISHMENTS, SAMPLE_GROUPS)
    links = group_links_file(
        tmp_path,
        [
            ("140001", "16001", "01/09/2017", "Multi-academy trust"),
            ("140011", "16002", "01/04/2019", "Multi-academy trust"),
            ("131001", "16006", "01/09/2015", "Federation"),  # not an academy trust: counted, not stored
        ],
    )

    summary = import_gias(group_links=links)

    assert School.objects.get(urn="140001").joined_trust_on == datetime.date(2017, 9, 1)
    assert School.objects.get(urn="140011").joined_trust_on == datetime.date(2019, 4, 1)
    assert School.objects.get(urn="131001").trust is None
    assert summary.group_links.updated == 2 and dict(summary.group_links.not_trusts) == {"Federation": 1}
    assert School.objects.get(urn="140001").history.first().history_change_reason == "GIAS import 2026-11-01"


# ---- establishment links and a converted school ------------------------------------------


def test_links_are_stored_both_ways_and_a_reimport_changes_nothing(tmp_path):
    rows = [
        ("131002", "150123", "Beeston Hill Primary Academy", "Successor", "01-04-2027"),
        ("150123", "131002", "Beeston Hill Primary School", "Predecessor", "01-04-2027"),
    ]
    first = import_gias(links=links_file(tmp_path, rows))
    again = import_gias(links=links_file(tmp_path, rows))

    assert first.links.created == 2 and again.links.unchanged == 2
    link = EstablishmentLink.objects.get(urn="131002")
    assert (link.linked_urn, link.link_type, link.established_on) == ("150123", "Successor", datetime.date(2027, 4, 1))


def converted_world(tmp_path):
    """Beeston Hill (maintained, in a partnership with Northern Lights) closes on 31 March 2027 and
    reopens on 1 April 2027 as an academy in the trust, as the four files record it."""
    trust_header = GROUP_HEADERS
    trust = group_record(
        {"uid": "16800", "id": "TR02343", "name": "Northern Lights Academy Trust", "type": "Multi-academy trust"}
        | {"status": "Open", "opened": "01-09-2012", "companies_house": "07654321"}
    )
    _, schools = read_csv(SAMPLE_ESTABLISHMENTS)
    template = next(record for record in schools if record["URN"] == "131001")
    old = template | {"URN": "131002", "EstablishmentName": "Beeston Hill Primary School"}
    new = template | {
        "URN": "150123",
        "EstablishmentName": "Beeston Hill Primary Academy",
        "TypeOfEstablishment (name)": "Academy converter",
        "EstablishmentTypeGroup (name)": "Academies",
        "OpenDate": "01-04-2027",
        "Trusts (code)": "16800",
    }
    header = read_csv(SAMPLE_ESTABLISHMENTS)[0]
    return {
        "groups": write_csv(tmp_path / "allgroupsdata20270401.csv", trust_header, [trust]),
        "establishments": write_csv(
            tmp_path / "edubasealldata20270401.csv",
            header,
            [
                old | {"EstablishmentStatus (name)": "Closed", "CloseDate": "31-03-2027"},
                new | {"EstablishmentStatus (name)": "Open"},
            ],
        ),
        "group_links": group_links_file(
            tmp_path, [("150123", "16800", "01/04/2027", "Multi-academy trust")], "grouplinks20270401.csv"
        ),
        "links": links_file(
            tmp_path,
            [("131002", "150123", "Beeston Hill Primary Academy", "Successor", "01-04-2027")],
            "links_edubasealldata20270401.csv",
        ),
    }


def test_a_converted_schools_partnership_shows_its_outcome(tmp_path, client):
    files = converted_world(tmp_path)
    import_gias(files["establishments"], files["groups"], close_missing=False)  # Beeston Hill on file
    School.objects.filter(urn="131002").update(status=School.Status.OPEN, closed_on=None)
    trust = Trust.objects.get(group_uid="16800")
    partnership = PartnershipFactory(
        school=School.objects.get(urn="131002"),
        trust=trust,
        status="concluded",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )

    out = io.StringIO()
    call_command(
        "import_gias",
        links=str(files["links"]),  # the four files in any order of arguments, imported in the right order
        group_links=str(files["group_links"]),
        establishments=str(files["establishments"]),
        groups=str(files["groups"]),
        partial=True,
        stdout=out,
    )

    assert (
        out.getvalue().index("Trusts from")
        < out.getvalue().index("Schools from")
        < out.getvalue().index("Group links from")
        < out.getvalue().index("Links from")
    )
    assert School.objects.get(urn="131002").status == School.Status.CLOSED
    client.force_login(TrustStaffFactory(trust=trust))
    page = client.get(reverse("partnerships:partnership-detail", args=[partnership.pk])).content.decode()
    assert "Beeston Hill Primary School joined Northern Lights Academy Trust on 1 April 2027 as URN 150123." in page
    assert dashboard.headline_figures().joined_trust == 1


def test_the_governors_academisation_record_is_offered_the_outcome(tmp_path, client):
    files = converted_world(tmp_path)
    import_gias(files["establishments"], files["groups"], links=files["links"], close_missing=False)
    old = School.objects.get(urn="131002")
    partnership = PartnershipFactory(
        school=old,
        trust=Trust.objects.get(group_uid="16800"),
        status="active",
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 8, 31),
    )
    client.force_login(GovernorFactory(school=old))

    page = client.get(reverse("partnerships:academisation", args=[partnership.pk])).content.decode()

    assert "joined Northern Lights Academy Trust on 1 April 2027 as URN 150123" in page
    chosen = page[page.index('value="join_this_trust"') :][:80]
    assert 'checked="checked"' in chosen
