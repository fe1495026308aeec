import csv
import datetime
import io
from decimal import Decimal

import pytest

from partnerships.models import AcademisationConsideration, Activity, CostLine, Partnership
from partnerships.oversight import dashboard as oversight
from partnerships.oversight.export import export_rows
from schools.models import School
from tests.partnerships.factories import ActivityFactory, CostLineFactory, PartnershipFactory
from tests.partnerships.oversight_data import make_partnerships
from tests.schools.factories import SchoolFactory

S = Partnership.Status
pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 6, 1)


def bars(chart) -> dict[str, int]:
    return {bar.label: bar.count for bar in chart.bars}


def test_counts_by_status_lists_every_status_in_lifecycle_order():
    PartnershipFactory(status=S.ACTIVE)
    PartnershipFactory(status=S.ACTIVE)
    PartnershipFactory(status=S.WITHDRAWN)

    chart = oversight.counts_by_status()

    assert [bar.label for bar in chart.bars] == [label for _, label in S.choices]
    assert bars(chart)["Active"] == 2
    assert bars(chart)["Withdrawn"] == 1
    assert bars(chart)["Draft"] == 0
    assert chart.total == 3
    assert chart.rows()[S.values.index("active")] == (chart.bars[S.values.index("active")], 100)
    assert chart.rows()[S.values.index("withdrawn")][1] == 50


def test_region_and_local_authority_counts_include_live_partnerships_only():
    york = SchoolFactory(region="North East", la_code="816", la_name="York")
    PartnershipFactory(status=S.ACTIVE, school=york)
    PartnershipFactory(status=S.IN_REVIEW)  # Leeds, Yorkshire and the Humber
    PartnershipFactory(status=S.AGREED)
    PartnershipFactory(status=S.CONCLUDED)

    assert bars(oversight.counts_by_region()) == {"Yorkshire and the Humber": 2, "North East": 1}
    local_authorities = oversight.counts_by_local_authority()
    assert bars(local_authorities) == {"Leeds (383)": 2, "York (816)": 1}
    assert local_authorities.bars[1].query == {"la": "816"}


def test_headlines_count_partnerships_ending_in_the_next_30_60_and_90_days():
    for days in (0, 29, 30, 45, 90, 91):
        PartnershipFactory(
            status=S.ACTIVE,
            start_date=TODAY - datetime.timedelta(days=300),
            end_date=TODAY + datetime.timedelta(days=days),
        )
    PartnershipFactory(
        status=S.CONCLUDED,
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=10),
    )

    headlines = oversight.headline_figures(today=TODAY)

    assert headlines.ending_within == {30: 3, 60: 4, 90: 5}
    assert (headlines.total, headlines.live, headlines.running) == (7, 6, 6)


def test_headlines_flag_live_partnerships_without_an_academisation_decision_near_their_end(governor):
    soon = TODAY + datetime.timedelta(days=80)
    undecided_no_record = PartnershipFactory(status=S.ACTIVE, end_date=soon)
    undecided_record = PartnershipFactory(status=S.ACTIVE, end_date=soon)
    decided = PartnershipFactory(status=S.ACTIVE, end_date=soon)
    PartnershipFactory(status=S.ACTIVE, end_date=TODAY + datetime.timedelta(days=100))  # more than 3 months left
    PartnershipFactory(status=S.ENDED_EARLY, end_date=soon)  # not live
    AcademisationConsideration.objects.create(partnership=undecided_record, recorded_by=governor)
    AcademisationConsideration.objects.create(
        partnership=decided, recorded_by=governor, outcome="join_this_trust", decided_on=TODAY
    )

    assert oversight.headline_figures(today=TODAY).undecided_near_end == 2
    assert undecided_no_record.pk  # named for the reader: the one without any record counts


def test_headlines_count_live_partnerships_whose_activities_leave_out_teaching_and_leadership():
    other_only = PartnershipFactory(status=S.ACTIVE)
    ActivityFactory(partnership=other_only, category=Activity.Category.OTHER)
    mixed = PartnershipFactory(status=S.ACTIVE)
    ActivityFactory(partnership=mixed, category=Activity.Category.OTHER)
    ActivityFactory(partnership=mixed, category=Activity.Category.SUBJECT_LEADERSHIP)
    PartnershipFactory(status=S.DRAFT)  # no activities yet: nothing to warn about
    concluded = PartnershipFactory(status=S.CONCLUDED)
    ActivityFactory(partnership=concluded, category=Activity.Category.OTHER)

    assert oversight.headline_figures(today=TODAY).without_teaching_or_leadership == 1


def test_latest_inspection_facts_count_each_school_once_and_never_a_grade_as_current():
    recent = SchoolFactory(
        ofsted_last_inspection=TODAY - datetime.timedelta(days=40), previous_ofsted_grade=School.OfstedGrade.GOOD
    )
    PartnershipFactory(
        school=recent, status=S.CONCLUDED, start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2025, 8, 31)
    )
    PartnershipFactory(school=recent, status=S.ACTIVE)
    PartnershipFactory(status=S.DRAFT)  # previous grade requires improvement, inspected March 2024
    PartnershipFactory(status=S.AGREED, school=SchoolFactory(previous_ofsted_grade="", ofsted_last_inspection=None))

    counts = bars(oversight.latest_inspection_facts(today=TODAY))

    assert counts == {
        "Inspected in the last 12 months": 1,
        "Inspected since September 2024 (no single-word grade)": 1,
        "Not inspected since September 2024": 2,
        "Previous overall grade requires improvement or inadequate": 1,
        "No inspection recorded": 1,
    }


@pytest.mark.parametrize("size", [10, 500])
def test_dashboard_runs_five_queries_whatever_the_number_of_partnerships(size, django_assert_num_queries):
    make_partnerships(size)
    with django_assert_num_queries(5):
        dashboard = oversight.oversight_dashboard(today=TODAY)
    assert dashboard.headlines.total == size


# CSV export --------------------------------------------------------------------------------


def export(queryset=None) -> list[dict]:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export_rows(queryset or Partnership.objects.order_by("reference")))
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def test_export_row_has_the_columns_an_analyst_needs(trust, school, governor):
    partnership = PartnershipFactory(
        trust=trust, school=school, status=S.ACTIVE, agreed_at=datetime.datetime(2026, 7, 14, 10, tzinfo=datetime.UTC)
    )
    CostLineFactory(partnership=partnership, amount=Decimal("1500.00"), frequency=CostLine.Frequency.TERMLY)
    CostLineFactory(
        partnership=partnership,
        amount=Decimal("100.00"),
        frequency=CostLine.Frequency.ONE_OFF,
        vat_treatment=CostLine.VatTreatment.STANDARD,
    )
    AcademisationConsideration.objects.create(
        partnership=partnership, recorded_by=governor, outcome="join_this_trust", decided_on=datetime.date(2027, 5, 1)
    )

    [row] = export()

    assert row == {
        "Partnership reference": partnership.reference,
        "Status": "Active",
        "School URN": "107654",
        "School name": "St Hilda's Church of England Primary School",
        "Local authority code": "383",
        "Local authority": "Leeds",
        "Region": "Yorkshire and the Humber",
        "Latest Ofsted inspection date": "2024-03-12",
        "Previous overall Ofsted grade (before September 2024)": "Requires improvement",
        "Previous overall grade date": "2024-03-12",
        "Trust name": "Northern Lights Academy Trust",
        "Trust Group ID": "TR02343",
        "Trust Companies House number": "07654321",
        "Start date": "2026-09-01",
        "End date": "2027-08-31",
        "Term (months)": "12",
        "Term": "12 months",
        "Service charge net (£)": "4600.00",
        "Service charge VAT (£)": "20.00",
        "Service charge total (£)": "4620.00",
        "No charge": "No",
        "Approved on": "2026-07-14",
        "Academisation outcome": "Join this trust",
        "Academisation decision date": "2027-05-01",
        "Actual end date": "",
        "End reason": "",
        "Issued agreement version": "",
    }


def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas():
    PartnershipFactory(school=SchoolFactory(name='=HYPERLINK("http://evil.example")'))

    [row] = export()

    assert row["School name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Academisation outcome"] == "Not recorded"


@pytest.mark.parametrize("size", [10, 500])
def test_export_runs_a_fixed_number_of_queries(size, django_assert_num_queries):
    make_partnerships(size, with_costs=True)
    with django_assert_num_queries(2):
        rows = list(export_rows(Partnership.objects.all()))
    assert len(rows) == size + 1


def test_agreed_partnerships_past_their_start_without_an_issued_agreement_are_counted_and_listed(client):
    from django.urls import reverse
    from django.utils import timezone

    from tests.accounts.factories import OversightFactory

    today, day = timezone.localdate(), datetime.timedelta(days=1)
    started = PartnershipFactory(status=S.AGREED, start_date=today - 30 * day, end_date=today + 330 * day)
    PartnershipFactory(status=S.AGREED, start_date=today + 30 * day, end_date=today + 400 * day)

    assert oversight.headline_figures(today=today).started_without_issued_agreement == 1
    client.force_login(OversightFactory())
    listed = client.get(reverse("oversight:partnership-list"), {"attention": "started_without_issued_agreement"})
    assert started.reference in listed.content.decode()
