"""Write the sample GIAS downloads shipped with the importer (made-up schools and trusts).

    .venv/bin/python schools/gias/samples/make_samples.py

writes, next to this script, in the published format (Windows-1252, every field quoted, DD-MM-YYYY
dates in establishments and DD/MM/YYYY in groups, the published header rows, today's 135
establishment columns):

- allgroupsdata20261101.csv / edubasealldata20261101.csv: the first download;
- allgroupsdata20261201.csv / edubasealldata20261201.csv: a month later, with a few changes
  (see NEWER_CHANGES), for incremental imports.

The helpers (establishment_record, group_record, write_csv, read_csv) are also used by the tests
and by bench/bench_gias_import.py.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from schools.gias.headers import ESTABLISHMENT_HEADERS, ESTABLISHMENT_HEADERS_2024_05, GROUP_HEADERS

HERE = Path(__file__).resolve().parent
ENCODING = "cp1252"

LOCAL_AUTHORITIES = {  # code: name, GOR region, GSS code, retired RSC region, (easting, northing) near its centre
    "383": ("Leeds", "Yorkshire and the Humber", "E08000035", "Lancashire and West Yorkshire", (429900, 433500)),
    "380": ("Bradford", "Yorkshire and the Humber", "E08000032", "Lancashire and West Yorkshire", (416400, 433000)),
    "390": ("Gateshead", "North East", "E08000037", "North of England", (425800, 562800)),
    "341": ("Liverpool", "North West", "E08000012", "North of England", (335000, 390600)),
    "926": ("Norfolk", "East of England", "E10000020", "East of England and North-East London", (622800, 308700)),
    "330": ("Birmingham", "West Midlands", "E08000025", "West Midlands", (407000, 286800)),
    "213": ("Westminster", "London", "E09000033", "North-West London and South-Central England", (529500, 180400)),
    "886": ("Kent", "South East", "E10000016", "South-East England and South London", (600700, 142300)),
    "908": ("Cornwall", "South West", "E06000052", "South-West England", (181000, 32200)),
    "892": ("Nottingham", "East Midlands", "E06000018", "East Midlands and the Humber", (457000, 340000)),
}
CHURCHES = {  # words in a school's name: religious character, diocese by LA (GIAS names)
    "Church of England": ("Church of England", {"383": "Diocese of Leeds", "886": "Diocese of Canterbury"}),
    "Catholic": ("Roman Catholic", {"341": "Archdiocese of Liverpool", "383": "Diocese of Leeds"}),
    "RC": ("Roman Catholic", {"330": "Archdiocese of Birmingham"}),
}
REGION_CODES = {
    "North East": "A",
    "North West": "B",
    "Yorkshire and the Humber": "D",
    "East Midlands": "E",
    "West Midlands": "F",
    "East of England": "G",
    "London": "H",
    "South East": "J",
    "South West": "K",
}
TYPES = {  # TypeOfEstablishment (name): (code, group name, group code)
    "Community school": ("01", "Local authority maintained schools", "4"),
    "Voluntary aided school": ("02", "Local authority maintained schools", "4"),
    "Voluntary controlled school": ("03", "Local authority maintained schools", "4"),
    "Foundation school": ("05", "Local authority maintained schools", "4"),
    "Academy sponsor led": ("28", "Academies", "10"),
    "Academy converter": ("34", "Academies", "10"),
    "Academy special converter": ("33", "Special schools", "5"),
    "Free schools": ("35", "Free Schools", "11"),
}
STATUS_CODES = {"Open": "1", "Closed": "2", "Open, but proposed to close": "3", "Proposed to open": "4"}
PHASES = {
    "Primary": ("2", "4", "11"),
    "Secondary": ("4", "11", "16"),
    "All-through": ("7", "4", "18"),
    "Not applicable": ("0", "2", "19"),
}
OFSTED_CODES = {"Outstanding": "1", "Good": "2", "Requires improvement": "3", "Inadequate": "4", "": ""}


def establishment_record(school: dict) -> dict[str, str]:
    """Every published column for one school, from the few values that matter plus plausible filler.

    school keys: urn, la, number, name, type, status, opened, closed, phase, capacity, pupils,
    trust (Group UID or ""), trust_name, ukprn, inspected, street, town, postcode, rating,
    and optionally federation / federation_name, reason_closed.
    """
    la_name, region, gss, rsc_region, (easting, northing) = LOCAL_AUTHORITIES[school["la"]]
    religious_character, diocese = _church(school)
    type_code, type_group, type_group_code = TYPES[school["type"]]
    phase_code, low_age, high_age = PHASES[school["phase"]]
    pupils = school.get("pupils", "")
    boys = str(int(pupils) // 2) if pupils else ""
    girls = str(int(pupils) - int(pupils) // 2) if pupils else ""
    urn = school["urn"]
    record = dict.fromkeys((*ESTABLISHMENT_HEADERS, *ESTABLISHMENT_HEADERS_2024_05), "")
    record.update(
        {
            "URN": urn,
            "LA (code)": school["la"],
            "LA (name)": la_name,
            "EstablishmentNumber": school["number"],
            "EstablishmentName": school["name"],
            "TypeOfEstablishment (code)": type_code,
            "TypeOfEstablishment (name)": school["type"],
            "EstablishmentTypeGroup (code)": type_group_code,
            "EstablishmentTypeGroup (name)": type_group,
            "EstablishmentStatus (code)": STATUS_CODES[school["status"]],
            "EstablishmentStatus (name)": school["status"],
            "ReasonEstablishmentOpened (code)": "00",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": school.get("opened", ""),
            "ReasonEstablishmentClosed (code)": "99" if school.get("closed") else "00",
            "ReasonEstablishmentClosed (name)": school.get("reason_closed", "Not applicable"),
            "CloseDate": school.get("closed", ""),
            "PhaseOfEducation (code)": phase_code,
            "PhaseOfEducation (name)": school["phase"],
            "StatutoryLowAge": low_age,
            "StatutoryHighAge": high_age,
            "Boarders (code)": "1",
            "Boarders (name)": "No boarders",
            "NurseryProvision (name)": "No Nursery Classes",
            "OfficialSixthForm (code)": "2",
            "OfficialSixthForm (name)": "Does not have a sixth form",
            "Gender (code)": "3",
            "Gender (name)": "Mixed",
            "ReligiousCharacter (code)": "02" if religious_character else "00",
            "ReligiousCharacter (name)": religious_character or "Does not apply",
            "ReligiousEthos (name)": religious_character or "Does not apply",
            "Diocese (code)": "CE01" if diocese else "0000",
            "Diocese (name)": diocese or "Not applicable",
            "AdmissionsPolicy (code)": "0",
            "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": school.get("capacity", ""),
            "SpecialClasses (code)": "2",
            "SpecialClasses (name)": "No Special Classes",
            "CensusDate": "16-01-2026" if pupils else "",
            "NumberOfPupils": pupils,
            "NumberOfBoys": boys,
            "NumberOfGirls": girls,
            "PercentageFSM": "21.4" if pupils else "",
            "TrustSchoolFlag (code)": "5" if school.get("trust") else "0",
            "TrustSchoolFlag (name)": "Supported by a multi-academy trust" if school.get("trust") else "Not applicable",
            "Trusts (code)": school.get("trust", ""),
            "Trusts (name)": school.get("trust_name", ""),
            "SchoolSponsorFlag (name)": "Not applicable",
            "FederationFlag (name)": "Supported by a federation"
            if school.get("federation")
            else "Not under a federation",
            "Federations (code)": school.get("federation", ""),
            "Federations (name)": school.get("federation_name", ""),
            "UKPRN": school.get("ukprn", ""),
            "OfstedLastInsp": school.get("inspected", ""),
            "LastChangedDate": school.get("changed", "28-10-2026"),
            "Street": school.get("street", ""),
            "Locality": "",
            "Town": school.get("town", la_name),
            "County (name)": "",
            "Postcode": school.get("postcode", ""),
            "SchoolWebsite": f"https://www.school-{urn}.example",
            "TelephoneNum": f"0113{urn[-6:]}",
            "HeadTitle (name)": "Mrs",
            "HeadFirstName": "Alex",
            "HeadLastName": "Morgan",
            "HeadPreferredJobTitle": "Headteacher",
            "InspectorateName (name)": "Ofsted",
            "GOR (code)": REGION_CODES[region],
            "GOR (name)": region,
            "DistrictAdministrative (code)": gss,
            "DistrictAdministrative (name)": la_name,
            "UrbanRural (code)": "A1",
            "UrbanRural (name)": "(England/Wales) Urban major conurbation",
            "GSSLACode (name)": gss,
            "Easting": str(easting + int(urn[-3:]) * 7),
            "Northing": str(northing - int(urn[-3:]) * 5),
            "SENStat": "3",
            "SENNoStat": "31",
            "BoardingEstablishment (name)": "Not applicable",
            "PreviousLA (code)": "999",
            "PreviousLA (name)": "Not applicable",
            "OfstedRating (name)": school.get("rating", ""),
            "RSCRegion (name)": rsc_region,  # only in the older layout
            "Country (name)": "United Kingdom",
            "UPRN": f"7{urn}00",
            "QABName (code)": "0",
            "QABName (name)": "Not applicable",
            "EstablishmentAccredited (code)": "0",
            "EstablishmentAccredited (name)": "Not applicable",
        }
    )
    return record


def _church(school: dict) -> tuple[str, str]:
    """The religious character and diocese a school's name suggests ("" for none)."""
    for words, (character, dioceses) in CHURCHES.items():
        if f" {words} " in f" {school['name']} ":
            return character, dioceses.get(school["la"], "")
    return "", ""


def slash_date(text: str) -> str:
    """DD-MM-YYYY written as the groups files write dates: DD/MM/YYYY."""
    return text.replace("-", "/")


def group_record(group: dict) -> dict[str, str]:
    """Every published groups column for one group. group keys: uid, id, name, type, status, and
    optionally companies_house, opened, closed, ukprn, street, town, postcode."""
    type_codes = {
        "Multi-academy trust": "06",
        "Single-academy trust": "10",
        "Federation": "01",
        "Trust": "02",
        "School sponsor": "05",
    }
    record = dict.fromkeys(GROUP_HEADERS, "")
    record.update(
        {
            "Group UID": group["uid"],
            "Group ID": group.get("id", ""),
            "Group Name": group["name"],
            "Companies House Number": group.get("companies_house", ""),
            "Group Type (code)": type_codes[group["type"]],
            "Group Type": group["type"],
            "Closed Date": slash_date(group.get("closed", "")),
            "Group Status (code)": group["status"].upper(),
            "Group Status": group["status"],
            "Group Contact Street": group.get("street", ""),
            "Group Contact Town": group.get("town", ""),
            "Group Contact Postcode": group.get("postcode", ""),
            "Head of Group Title": "Mr",
            "Head of Group First Name": "Sam",
            "Head of Group Last Name": "Ellis",
            "UKPRN": group.get("ukprn", ""),
            # Real files date a trust by its incorporation; `Open date` is for other groups.
            "Incorporated on (open date)": slash_date(group.get("opened", "")) if "trust" in group["type"] else "",
            "Open date": "" if "trust" in group["type"] else slash_date(group.get("opened", "")),
        }
    )
    return record


def write_csv(path: Path, header, records, *, encoding: str = ENCODING) -> Path:
    """Write records (dicts keyed by header name) as GIAS does: every field quoted, CRLF lines."""
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows([record.get(column, "") for column in header] for record in records)
    return path


def read_csv(path: Path, *, encoding: str = ENCODING) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the records (dicts) of a CSV file, to copy and alter in tests."""
    with open(path, encoding=encoding, newline="") as source:
        reader = csv.reader(source)
        header = next(reader)
        return header, [dict(zip(header, values)) for values in reader]


# ---- the sample content ---------------------------------------------------------------------

FIERTE = ("16001", "FIERTÉ MULTI-ACADEMY TRUST")
ST_AIDANS = ("16002", "St Aidan’s Catholic Academy Trust")
BRONTE = ("16003", "Brontë Moor Learning Partnership")
HARBOURSIDE = ("16004", "Harbourside Academy Trust")
OLD_MILL = ("16005", "Old Mill Learning Trust")
SEAVIEW = ("16008", "Seaview Academy Trust")

GROUPS = [
    {
        "uid": "16001",
        "id": "TR04501",
        "name": FIERTE[1],
        "type": "Multi-academy trust",
        "status": "Open",
        "companies_house": "09876543",
        "ukprn": "10061234",
        "opened": "01-09-2016",
        "street": "Fierté House, 12 Park Row",
        "town": "Leeds",
        "postcode": "LS1 5HD",
    },
    {
        "uid": "16002",
        "id": "TR04502",
        "name": ST_AIDANS[1],
        "type": "Multi-academy trust",
        "status": "Open",
        "companies_house": "08123456",
        "ukprn": "10062345",
        "opened": "01-04-2014",
        "street": "St Aidan’s House, Mount Pleasant",
        "town": "Liverpool",
        "postcode": "L3 5TQ",
    },
    {
        "uid": "16003",
        "id": "TR04503",
        "name": BRONTE[1],
        "type": "Multi-academy trust",
        "status": "Open",
        "companies_house": "10234567",
        "ukprn": "10063456",
        "opened": "01-09-2018",
        "street": "Moor Lane",
        "town": "Bradford",
        "postcode": "BD1 2QT",
    },
    {
        "uid": "16004",
        "id": "TR04504",
        "name": HARBOURSIDE[1],
        "type": "Single-academy trust",
        "status": "Open",
        "companies_house": "07712345",
        "ukprn": "10064567",
        "opened": "01-08-2011",
        "street": "Quay Street",
        "town": "Falmouth",
        "postcode": "TR11 3HH",
    },
    {
        "uid": "16005",
        "id": "TR04505",
        "name": OLD_MILL[1],
        "type": "Multi-academy trust",
        "status": "Closed",
        "companies_house": "08345678",
        "opened": "01-01-2013",
        "closed": "31-08-2023",
        "street": "Mill Road",
        "town": "Gateshead",
        "postcode": "NE8 1AA",
    },
    {
        "uid": "16006",
        "name": "Wharfedale Schools Federation",
        "type": "Federation",
        "status": "Open",
        "opened": "01-09-2015",
        "town": "Leeds",
    },
    {
        "uid": "16007",
        "name": "Castleford Church Schools Foundation Trust",
        "type": "Trust",
        "status": "Open",
        "opened": "01-09-2009",
        "town": "Leeds",
    },
    {
        "uid": "16008",
        "id": "TR04508",
        "name": SEAVIEW[1],
        "type": "Single-academy trust",
        "status": "Open",
        "companies_house": "SC123456",
        "ukprn": "10065678",
        "opened": "01-09-2012",
        "street": "Cliff Road",
        "town": "Norwich",
        "postcode": "NR1 3QQ",
    },
    {
        "uid": "16009",
        "name": "Northern Schools Sponsor",
        "type": "School sponsor",
        "status": "Open",
        "opened": "01-09-2010",
    },
]


def _academy(urn, la, number, name, trust, **extra):
    base = {
        "urn": urn,
        "la": la,
        "number": number,
        "name": name,
        "type": "Academy converter",
        "status": "Open",
        "opened": "01-09-2017",
        "phase": "Primary",
        "capacity": "420",
        "pupils": "398",
        "trust": trust[0],
        "trust_name": trust[1],
        "ukprn": f"1{int(urn):07d}"[:8],
        "inspected": "14-03-2024",
        "street": "School Lane",
        "postcode": "LS6 2AA",
        "rating": "Good",
    }
    return base | extra


def _maintained(urn, la, number, name, **extra):
    base = {
        "urn": urn,
        "la": la,
        "number": number,
        "name": name,
        "type": "Community school",
        "status": "Open",
        "opened": "01-09-1974",
        "phase": "Primary",
        "capacity": "210",
        "pupils": "187",
        "ukprn": "",
        "inspected": "05-02-2023",
        "street": "Church Street",
        "postcode": "LS7 3BB",
        "rating": "Requires improvement",
    }
    return base | extra


SCHOOLS = [
    _academy("140001", "383", "2001", "Fierté Primary Academy", FIERTE, pupils="412"),
    _academy("140002", "383", "2002", "St Hilda’s Church of England Academy", FIERTE, rating="Outstanding"),
    _academy(
        "140003",
        "383",
        "4001",
        "Chapel Allerton Secondary Academy",
        FIERTE,
        phase="Secondary",
        capacity="1200",
        pupils="1104",
        type="Academy sponsor led",
        rating="",
        inspected="",
    ),
    _academy(
        "140004",
        "383",
        "2003",
        "Meanwood Valley Academy",
        FIERTE,
        status="Open, but proposed to close",
        pupils="96",
        rating="Requires improvement",
    ),
    _academy("140005", "380", "2004", "Little Horton Academy", FIERTE, rating="Good", postcode="BD5 0AB"),
    _academy(
        "140006",
        "383",
        "7001",
        "Fierté Special Academy",
        FIERTE,
        type="Academy special converter",
        phase="Not applicable",
        capacity="90",
        pupils="84",
        rating="Outstanding",
    ),
    _academy(
        "150001",
        "383",
        "2005",
        "Fierté Free School",
        FIERTE,
        type="Free schools",
        status="Proposed to open",
        opened="01-09-2027",
        capacity="210",
        pupils="",
        rating="",
        inspected="",
        ukprn="",
    ),
    _academy("140011", "341", "3401", "St Mary’s Catholic Primary School", ST_AIDANS, postcode="L4 0RL"),
    _academy(
        "140012",
        "341",
        "4601",
        "Our Lady’s Catholic High School",
        ST_AIDANS,
        phase="Secondary",
        capacity="1050",
        pupils="1012",
        postcode="L13 7BN",
        rating="Requires improvement",
    ),
    _academy("140013", "341", "3402", "St Aidan’s Catholic Primary School", ST_AIDANS, postcode="L3 5TQ", rating=""),
    _academy("140014", "341", "3403", "Holy Cross Catholic Primary Academy", ST_AIDANS, postcode="L5 9XQ"),
    _academy("140021", "380", "2101", "Brontë Primary Academy", BRONTE, postcode="BD22 8DR"),
    _academy(
        "140022",
        "380",
        "4101",
        "Haworth Moor Academy",
        BRONTE,
        phase="Secondary",
        capacity="900",
        pupils="861",
        postcode="BD22 9AB",
        rating="Inadequate",
    ),
    _academy(
        "140023", "380", "2102", "Thornton Village Academy", BRONTE, postcode="BD13 3QH", rating="Serious Weaknesses"
    ),
    _academy(
        "140031",
        "908",
        "4001",
        "Harbourside Academy",
        HARBOURSIDE,
        phase="Secondary",
        capacity="1100",
        pupils="934",
        street="Quay Street",
        town="Falmouth",
        postcode="TR11 3HH",
        rating="Good",
    ),
    _academy(
        "140041",
        "390",
        "2201",
        "Old Mill Primary Academy",
        OLD_MILL,
        status="Closed",
        opened="01-01-2013",
        closed="31-08-2023",
        pupils="",
        rating="",
        inspected="",
        reason_closed="Academy transfer",
        postcode="NE8 1AA",
    ),
    _academy(
        "140051",
        "926",
        "4201",
        "Seaview High School",
        SEAVIEW,
        phase="Secondary",
        capacity="1300",
        pupils="1210",
        town="Norwich",
        postcode="NR1 3QQ",
        rating="Outstanding",
    ),
    _maintained("131001", "383", "2301", "Headingley Primary School"),
    _maintained(
        "131002",
        "383",
        "3301",
        "St Chad’s CofE Voluntary Aided Primary School",
        type="Voluntary aided school",
        rating="Good",
    ),
    _maintained(
        "131003",
        "383",
        "3302",
        "Otley All Saints CofE Primary School",
        type="Voluntary controlled school",
        federation="16006",
        federation_name="Wharfedale Schools Federation",
        rating="Good",
    ),
    _maintained(
        "131004",
        "383",
        "3303",
        "Pool-in-Wharfedale CofE Primary School",
        type="Voluntary controlled school",
        federation="16006",
        federation_name="Wharfedale Schools Federation",
        rating="",
    ),
    _maintained(
        "131005",
        "383",
        "5201",
        "Castleford Road Foundation Primary School",
        type="Foundation school",
        trust="16007",
        trust_name="Castleford Church Schools Foundation Trust",
        rating="Good",
    ),
    _maintained("131006", "213", "2401", "Marylebone Primary School", postcode="NW1 5LS", rating="Good"),
    _maintained("131007", "330", "2501", "Sparkhill Primary School", postcode="B11 4EA", pupils="630", capacity="630"),
    _maintained("131008", "886", "2601", "Whitstable Bay Primary School", postcode="CT5 1PX", rating=""),
    _maintained(
        "131009",
        "892",
        "4301",
        "Sherwood Forest Secondary School",
        phase="Secondary",
        capacity="1000",
        pupils="811",
        postcode="NG5 4HA",
        rating="Inadequate",
    ),
    _maintained("131010", "926", "2701", "Cromer Junior School", postcode="NR27 9HL", rating="Special Measures"),
    _maintained("131011", "390", "2801", "Felling Nursery and Infant School", postcode="NE10 0XX"),
    _maintained(
        "120001",
        "383",
        "2009",
        "Meadowbank Primary School",
        status="Closed",
        closed="31-08-2019",
        reason_closed="Academy Converter",
        pupils="",
        rating="",
        inspected="12-06-2016",
    ),
    _maintained(
        "120002",
        "380",
        "4009",
        "Undercliffe Secondary School",
        phase="Secondary",
        status="Closed",
        closed="31-12-2021",
        reason_closed="Closure",
        pupils="",
        rating="",
        inspected="",
    ),
    _maintained(
        "120003",
        "341",
        "2010",
        "Anfield Road Infant School",
        status="Closed",
        opened="01-09-1968",
        closed="31-08-2015",
        reason_closed="Amalgamated",
        pupils="",
        rating="",
        inspected="",
    ),
    _maintained(
        "120004",
        "908",
        "2011",
        "St Ives Harbour School",
        status="Closed",
        opened="",
        closed="31-07-2010",
        reason_closed="Closure",
        pupils="",
        capacity="",
        rating="",
        inspected="",
    ),
    _maintained(
        "131012",
        "892",
        "2901",
        "Bulwell Riverside Primary School",
        postcode="NG6 8AE",
        status="Open, but proposed to close",
        rating="Requires improvement",
    ),
    _maintained(
        "131013",
        "330",
        "3501",
        "St Anne’s RC Primary School",
        type="Voluntary aided school",
        postcode="B12 0YH",
        rating="Outstanding",
        ukprn="10012345",
    ),
    _maintained("131014", "886", "3601", "Ashford Oaks Community Primary School", postcode="TN23 5QA"),
]

# The download a month later: what changed (the tests rely on these).
NEWER_CHANGES = {
    "140001": {"pupils": "425"},  # more pupils
    "140003": {"pupils": "1130", "changed": "12-11-2026"},  # more pupils, recorded on 12 November
    "131007": {"status": "Closed", "closed": "30-11-2026", "reason_closed": "Closure"},  # closed in the file
}
NEWER_MISSING = {"131014"}  # no longer listed: the import marks it closed
NEWER_ADDED = [
    _academy(
        "150011",
        "341",
        "3404",
        "St Joseph’s Catholic Primary Academy",
        ST_AIDANS,
        opened="01-11-2026",
        postcode="L7 0JR",
        rating="",
        inspected="",
        pupils="205",
    ),
]
NEWER_GROUP_CHANGES = {"16003": {"name": "Brontë Moor Learning Trust"}}


def newer_schools() -> list[dict]:
    schools = [
        school | NEWER_CHANGES.get(school["urn"], {}) for school in SCHOOLS if school["urn"] not in NEWER_MISSING
    ]
    return schools + NEWER_ADDED


def newer_groups() -> list[dict]:
    return [group | NEWER_GROUP_CHANGES.get(group["uid"], {}) for group in GROUPS]


def main() -> None:
    write_csv(HERE / "allgroupsdata20261101.csv", GROUP_HEADERS, [group_record(g) for g in GROUPS])
    write_csv(HERE / "edubasealldata20261101.csv", ESTABLISHMENT_HEADERS, [establishment_record(s) for s in SCHOOLS])
    write_csv(HERE / "allgroupsdata20261201.csv", GROUP_HEADERS, [group_record(g) for g in newer_groups()])
    write_csv(
        HERE / "edubasealldata20261201.csv", ESTABLISHMENT_HEADERS, [establishment_record(s) for s in newer_schools()]
    )
    print(f"Wrote {len(GROUPS)} groups and {len(SCHOOLS)} establishments (and the newer pair) to {HERE}")


if __name__ == "__main__":
    main()
