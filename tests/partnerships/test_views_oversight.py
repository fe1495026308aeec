import csv
import datetime
import html
import io
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships import services
from partnerships.models import Activity, ClauseSection, Partnership
from tests.accounts.factories import GovernorFactory
from tests.agreements.builders import record_approval
from tests.partnerships.factories import (
    ActivityFactory,
    ClauseFactory,
    CostLineFactory,
    PartnershipFactory,
    ready_for_review,
)
from tests.partnerships.oversight_data import bar, figure, make_partnerships
from tests.schools.factories import SchoolFactory, TrustFactory

S = Partnership.Status
pytestmark = pytest.mark.django_db

DASHBOARD = reverse("oversight:dashboard")
LIST = reverse("oversight:partnership-list")
EXPORT = reverse("oversight:partnership-export")


@pytest.fixture
def as_oversight(client, oversight):
    client.force_login(oversight)
    return client


def text(response) -> str:
    return " ".join(response.content.decode().split())


def words(response) -> str:
    """The page's text without markup, as a screen reader would read it (hidden text included)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def export_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


# Who may see the oversight pages --------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["oversight:dashboard", "oversight:partnership-list", "oversight:partnership-export"]
)
@pytest.mark.parametrize(("role", "expected"), [("oversight", 200), ("trust_staff", 403), ("governor", 403)])
def test_only_oversight_users_see_the_oversight_pages(request, client, url_name, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(url_name)).status_code == expected


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "url_name", ["oversight:dashboard", "oversight:partnership-list", "oversight:partnership-export"]
)
def test_oversight_users_cannot_post_to_oversight_pages(as_oversight, url_name):
    assert as_oversight.post(reverse(url_name)).status_code == 403


def test_oversight_users_cannot_post_to_a_partnership_record(as_oversight):
    partnership = PartnershipFactory()
    assert as_oversight.post(reverse("oversight:partnership-detail", args=[partnership.pk])).status_code == 403


# Dashboard -------------------------------------------------------------------------------------


def current_menu_items(response) -> list[str]:
    """The labels of the service navigation links marked aria-current."""
    menu = response.content.decode().split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", label)).strip()
        for label in re.findall(r'aria-current="true"[^>]*>(.*?)</a>', menu, re.S)
    ]


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (DASHBOARD, ["Dashboard"]),
        (LIST, ["All partnerships"]),
        (LIST + "?status=agreed", ["All partnerships"]),
    ],
)
def test_exactly_one_menu_item_is_current(as_oversight, url, current):
    assert current_menu_items(as_oversight.get(url)) == current


def test_a_partnership_record_is_under_all_partnerships_in_the_menu(as_oversight):
    partnership = PartnershipFactory()
    response = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk]))
    assert current_menu_items(response) == ["All partnerships"]


def test_dashboard_shows_the_figures_as_text(as_oversight, governor):
    today = timezone.localdate()
    ending = PartnershipFactory(
        status=S.ACTIVE,
        start_date=today - datetime.timedelta(days=320),
        end_date=today + datetime.timedelta(days=40),
        school=SchoolFactory(region="North East", la_name="York", la_code="816"),
    )
    ActivityFactory(partnership=ending, category=Activity.Category.OTHER)
    PartnershipFactory(status=S.DRAFT)

    page = text(as_oversight.get(DASHBOARD))

    assert "Trust partnerships dashboard" in page
    assert "All partnerships by status" in page
    assert "York (816)" in page
    assert "Live partnerships by region" in page
    assert "Schools in a live partnership: latest Ofsted inspection" in page
    assert "never as its current rating" in page
    assert (
        'href="/oversight/partnerships/?ending_within=60&amp;sort=end">the next 60 days</a> </th> <td class="govuk-table__cell govuk-table__cell--numeric">1</td>'
        in page
    )
    assert ">with fewer than 3 months left and no academisation decision recorded</a>" in page
    assert ">without any teaching or leadership activity</a>" in page


# List ------------------------------------------------------------------------------------------


@pytest.fixture
def three(trust):
    york = SchoolFactory(name="Clifton Green Primary", urn="121212", region="North East", la_code="816", la_name="York")
    return [
        PartnershipFactory(reference="TP26-00001", trust=trust, school=york, status=S.ACTIVE),
        PartnershipFactory(reference="TP26-00002", status=S.DRAFT, school=SchoolFactory(name="Burley Park Primary")),
        PartnershipFactory(
            reference="TP26-00003",
            status=S.CONCLUDED,
            school=SchoolFactory(name="Armley Primary"),
            trust=TrustFactory(group_id="TR09999", name="Aire Valley Trust"),
        ),
    ]


def listed(response) -> list[str]:
    """The references in the list's table, in order (the rows' first column links to the record)."""
    return re.findall(
        r'<td class="govuk-table__cell"><a class="govuk-link" href="/oversight/partnerships/\d+/">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["TP26-00001", "TP26-00002", "TP26-00003"]),
        ({"status": "active"}, ["TP26-00001"]),
        ({"region": "North East"}, ["TP26-00001"]),
        ({"la": "816"}, ["TP26-00001"]),
        ({"q": "121212"}, ["TP26-00001"]),
        ({"q": "1212"}, ["TP26-00001"]),
        ({"q": "burley"}, ["TP26-00002"]),
        ({"q": "tr09999"}, ["TP26-00003"]),
        ({"q": "TP26-00002"}, ["TP26-00002"]),
        ({"sort": "school"}, ["TP26-00003", "TP26-00002", "TP26-00001"]),
        ({"sort": "-reference"}, ["TP26-00003", "TP26-00002", "TP26-00001"]),
    ],
)
def test_list_filters_and_sorts(as_oversight, three, query, expected):
    response = as_oversight.get(LIST, {"sort": "reference", **query})
    assert listed(response) == expected


@pytest.mark.parametrize(
    ("query", "link"),
    [
        ({}, "Download all partnerships as a spreadsheet (CSV)"),
        ({"status": "active"}, "Download this partnership as a spreadsheet (CSV)"),
        ({"q": "primary"}, "Download these 3 partnerships as a spreadsheet (CSV)"),
    ],
)
def test_the_download_link_counts_the_partnerships_in_words(as_oversight, three, query, link):
    assert link in words(as_oversight.get(LIST, query))


def test_list_filters_by_trust(as_oversight, three, trust):
    assert listed(as_oversight.get(LIST, {"trust": trust.pk})) == ["TP26-00001"]


def test_list_filters_partnerships_ending_soon(as_oversight):
    today = timezone.localdate()
    soon = PartnershipFactory(
        status=S.ACTIVE, start_date=today - datetime.timedelta(days=330), end_date=today + datetime.timedelta(days=25)
    )
    PartnershipFactory(
        status=S.ACTIVE, start_date=today - datetime.timedelta(days=300), end_date=today + datetime.timedelta(days=70)
    )

    assert listed(as_oversight.get(LIST, {"ending_within": "30"})) == [soon.reference]


def test_list_filters_partnerships_needing_attention(as_oversight):
    today = timezone.localdate()
    undecided = PartnershipFactory(
        status=S.ACTIVE, start_date=today - datetime.timedelta(days=330), end_date=today + datetime.timedelta(days=25)
    )
    no_teaching = PartnershipFactory(status=S.DRAFT)
    ActivityFactory(partnership=no_teaching, category=Activity.Category.OTHER)

    assert listed(as_oversight.get(LIST, {"attention": "undecided_near_end"})) == [undecided.reference]
    assert listed(as_oversight.get(LIST, {"attention": "no_teaching_or_leadership"})) == [no_teaching.reference]


def test_list_shows_sortable_headings_with_aria_sort(as_oversight, three):
    page = text(as_oversight.get(LIST, {"sort": "school", "status": ""}))
    assert (
        '<th scope="col" class="govuk-table__header" aria-sort="ascending"> <a class="govuk-link govuk-link--no-visited-state" href="?sort=-school&amp;status=">School'
        in page
    )
    assert (
        'aria-sort="none"> <a class="govuk-link govuk-link--no-visited-state" href="?sort=trust&amp;status=">Trust'
        in page
    )


def test_list_paginates_25_a_page_keeping_the_filters(as_oversight):
    make_partnerships(30)
    response = as_oversight.get(LIST, {"q": "Meadowbank", "page": 2})
    page = text(response)

    assert len(response.context["page_obj"]) == 5
    assert "Showing 26 to 30 of 30 partnerships matching your filters." in page
    assert 'href="?q=Meadowbank&amp;page=1" rel="prev"' in page


def test_an_unknown_filter_value_shows_the_error_summary_not_a_server_error(as_oversight, three):
    response = as_oversight.get(LIST, {"status": "lost", "page": "not-a-number"})
    page = text(response)

    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select a status from the list" in page


def test_empty_results_say_so(as_oversight, three):
    assert "No partnerships match your filters." in text(as_oversight.get(LIST, {"q": "no such school"}))


@pytest.mark.parametrize("url", [DASHBOARD, LIST, LIST + "?status=active&sort=-end&page=2"])
def test_dashboard_and_list_run_the_same_number_of_queries_at_10_and_500_partnerships(as_oversight, url):
    make_partnerships(10, with_activities=True)
    with CaptureQueriesContext(connection) as small:
        assert as_oversight.get(url).status_code == 200
    make_partnerships(490, with_activities=True)
    caches["rendered"].clear()  # bulk_create writes no history, so the cached figures would not know
    with CaptureQueriesContext(connection) as large:
        assert as_oversight.get(url).status_code == 200

    assert Partnership.objects.count() == 500
    assert len(large) == len(small), [query["sql"] for query in large.captured_queries]


# CSV export ------------------------------------------------------------------------------------


def test_export_downloads_the_filtered_partnerships_as_csv(as_oversight, three):
    CostLineFactory(partnership=three[0])

    response = as_oversight.get(EXPORT, {"region": "North East"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="trust-partnerships-')
    [row] = export_rows(response)
    assert row["Partnership reference"] == "TP26-00001"
    assert row["School URN"] == "121212"
    assert row["Trust Group ID"] == "TR02343"
    assert row["Trust Companies House number"] == "07654321"
    assert row["Service charge total (£)"] == "4500.00"


def test_export_runs_the_same_number_of_queries_at_10_and_500_partnerships(as_oversight):
    make_partnerships(10, with_costs=True)
    with CaptureQueriesContext(connection) as small:
        rows = export_rows(as_oversight.get(EXPORT))
    assert len(rows) == 10
    make_partnerships(490, with_costs=True)
    with CaptureQueriesContext(connection) as large:
        rows = export_rows(as_oversight.get(EXPORT))
    assert len(rows) == 500
    assert len(large) == len(small)


# Read-only record with its history -------------------------------------------------------------


def test_record_shows_the_whole_partnership_and_its_history(
    as_oversight, school, trust, trust_staff, governor, django_capture_on_commit_callbacks
):
    partnership = ready_for_review(school=school, trust=trust)
    services.partnership_update_details(
        partnership=partnership, updated_by=trust_staff, purpose="Improve early reading."
    )
    services.partnership_submit_for_review(partnership=partnership, submitted_by=trust_staff)
    services.partnership_request_changes(partnership=partnership, requested_by=governor, reason="Add a termly report.")

    response = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk]))
    page = text(response)

    assert response.status_code == 200
    assert "You can read this partnership but not change it." in page
    assert "Improve early reading." in page
    assert "Clause heading" in page
    assert "Headteacher mentoring (half a day a fortnight)" in page
    assert "Add a termly report." in page
    # Who changed what, when, old → new.
    history = words(response).split("Change history", 2)[-1]
    assert "Partnership changed Key details changed Purpose of the partnership: Strengthen leadership" in history
    assert "→ changed to Improve early reading." in history
    assert "Status: In review → changed to Changes requested" in history
    assert "Governors' decision added: Changes requested" in history
    assert "Priya Shah" in history and "Daniel Okafor" in history
    assert "<form" not in page.split("<main", 1)[1]  # nothing to change here


def test_record_numbers_the_schedules_as_the_agreement_does(as_oversight, school, trust):
    from agreements.document import CONTENTS

    partnership = ready_for_review(school=school, trust=trust)
    ClauseFactory(partnership=partnership, section=ClauseSection.DATA_PROTECTION, heading="Roles of the parties")

    response = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk]))
    page = response.content.decode()

    schedules = re.findall(r"<h2[^>]*>(Schedule [^<]*)</h2>", page)
    assert schedules == [title for _, title in CONTENTS if title.startswith("Schedule")]
    services_part = words(response).split("Schedule 2: Services", 1)[1].split("Schedule 3", 1)[0]
    assert services_part.index("Objectives") < services_part.index("Activity plan")
    # Scope is section 1 here, data protection section 2: the agreement prints section 2 in Schedule 3.
    schedule_3 = re.sub(r"<[^>]+>", "", page.split("Schedule 3: Data protection", 1)[1])
    assert "The agreement sets out the clauses of section 2, data protection, in this schedule." in schedule_3


def test_record_without_data_protection_clauses_says_so_in_schedule_3(as_oversight, school, trust):
    partnership = ready_for_review(school=school, trust=trust)
    response = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk]))
    schedule_3 = words(response).split("Schedule 3: Data protection", 1)[1]
    assert schedule_3.strip().startswith("This agreement contains no data protection clauses.")


def test_record_history_shows_the_agreement_issued_and_by_whom(as_oversight, school, trust, trust_staff, quick_pdf):
    from agreements.services import agreement_issue

    partnership = ready_for_review(school=school, trust=trust, status=S.AGREED)
    record_approval(partnership, GovernorFactory(school=school))
    agreement_issue(partnership=partnership, issued_by=trust_staff)

    response = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk]))

    history = words(response).split("Change history", 2)[-1]
    assert "Priya Shah, Director of School Improvement Agreement version 1 issued" in history


def test_record_links_to_the_agreement(as_oversight):
    partnership = PartnershipFactory()
    page = as_oversight.get(reverse("oversight:partnership-detail", args=[partnership.pk])).content.decode()
    agreement = reverse("agreements:agreement-detail", args=[partnership.pk])
    assert f'<a class="govuk-link" href="{agreement}">Read the agreement</a>' in page
    assert as_oversight.get(agreement).status_code == 200


def test_record_of_a_missing_partnership_is_not_found(as_oversight):
    assert as_oversight.get(reverse("oversight:partnership-detail", args=[999999])).status_code == 404


def test_an_unknown_sort_is_an_error_not_a_server_error(as_oversight, three):
    response = as_oversight.get(LIST, {"sort": "password"})
    assert response.status_code == 200
    assert "Select a column to sort by from the list" in text(response)
    assert as_oversight.get(EXPORT, {"sort": "password"}).status_code == 200


# --- The filter's option lists are rendered once per change of their data -----------------------


def trust_options(response) -> list[str]:
    select = response.content.decode().split('name="trust"', 1)[1].split("</select>", 1)[0]
    return [html.unescape(label) for label in re.findall(r">([^<]*)</option>", select)]


def test_a_new_partnerships_trust_is_offered_in_the_filter_at_once(as_oversight, three):
    assert "Calder Learning Trust (TR04444)" not in trust_options(as_oversight.get(LIST))
    PartnershipFactory(trust=TrustFactory(name="Calder Learning Trust", group_id="TR04444"))
    assert "Calder Learning Trust (TR04444)" in trust_options(as_oversight.get(LIST))


def test_a_renamed_trust_shows_its_new_name_in_the_filter_at_once(as_oversight, three):
    aire = three[2].trust
    assert "Aire Valley Trust (TR09999)" in trust_options(as_oversight.get(LIST))
    aire.name = "Aire and Calder Trust"
    aire.save()
    options = trust_options(as_oversight.get(LIST))
    assert "Aire and Calder Trust (TR09999)" in options and "Aire Valley Trust (TR09999)" not in options


def test_the_chosen_filter_stays_selected_with_the_cached_options(as_oversight, three, trust):
    as_oversight.get(LIST)
    page = as_oversight.get(LIST, {"trust": trust.pk}).content.decode()
    assert f'<option value="{trust.pk}" selected>' in page
    page = as_oversight.get(LIST).content.decode()
    assert f'<option value="{trust.pk}" selected>' not in page


def test_the_filter_options_cost_no_queries_until_the_data_changes(as_oversight, three):
    as_oversight.get(LIST)
    with CaptureQueriesContext(connection) as first:
        as_oversight.get(LIST)
    PartnershipFactory()
    with CaptureQueriesContext(connection) as after_change:
        as_oversight.get(LIST)
    # Regions, local authorities and trusts again; which partnerships match; the page's rows.
    assert len(after_change) == len(first) + 5


def test_the_dashboard_counts_again_as_soon_as_a_partnership_or_its_activity_changes(as_oversight):
    today = timezone.localdate()
    ending = PartnershipFactory(
        status=S.ACTIVE, start_date=today - datetime.timedelta(days=320), end_date=today + datetime.timedelta(days=40)
    )
    as_oversight.get(DASHBOARD)
    page = as_oversight.get(DASHBOARD).content.decode()
    assert figure(page, "without any teaching or leadership activity") == 0
    ActivityFactory(partnership=ending, category=Activity.Category.OTHER)  # saved with its history row
    assert figure(as_oversight.get(DASHBOARD).content.decode(), "without any teaching or leadership activity") == 1
    drafts = bar(page, "Draft")
    PartnershipFactory(status=S.DRAFT)
    assert bar(as_oversight.get(DASHBOARD).content.decode(), "Draft") == drafts + 1
