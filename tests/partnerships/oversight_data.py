"""Many partnerships quickly (bulk inserts), for the constant-query tests of oversight pages, and
reading the dashboard's figures from its HTML."""

import datetime
import itertools
import re

from partnerships.models import Activity, CostLine, Partnership
from tests.partnerships.factories import ActivityFactory, CostLineFactory, PartnershipFactory
from tests.schools.factories import SchoolFactory, TrustFactory

STATUSES = itertools.cycle(Partnership.Status.values)
REGIONS = itertools.cycle(["North East", "North West", "South West", "London", "East of England"])
RATINGS = itertools.cycle(["Good", "Requires improvement", "Inadequate", ""])
_batch = itertools.count(1)


def make_partnerships(count: int, *, with_costs: bool = False, with_activities: bool = False) -> list[Partnership]:
    """`count` partnerships, each with its own school, spread over statuses, regions and a few trusts."""
    batch = next(_batch)
    trusts = [TrustFactory() for _ in range(3)]
    schools = SchoolFactory._meta.model.objects.bulk_create(
        [
            SchoolFactory.build(
                urn=f"{(batch * 10000 + index) % 1000000:06d}",
                region=next(REGIONS),
                previous_ofsted_grade=next(RATINGS),
                la_code=f"{300 + index % 20}",
                la_name=f"Authority {index % 20}",
            )
            for index in range(count)
        ]
    )
    start = datetime.date(2026, 9, 1)
    partnerships = Partnership.objects.bulk_create(
        [
            PartnershipFactory.build(
                school=school,
                trust=trusts[index % len(trusts)],
                status=next(STATUSES),
                reference=f"TP{batch:02d}-{index + 1:05d}",
                start_date=start,
                end_date=start + datetime.timedelta(days=364 + index % 150),
            )
            for index, school in enumerate(schools)
        ]
    )
    if with_costs:
        CostLine.objects.bulk_create([CostLineFactory.build(partnership=p) for p in partnerships for _ in range(2)])
    if with_activities:
        Activity.objects.bulk_create([ActivityFactory.build(partnership=p) for p in partnerships])
    return partnerships


def figure(page: str, label: str) -> int:
    """A headline figure: the number above its words."""
    match = re.search(
        rf'govuk-heading-xl govuk-!-margin-bottom-1">([\d,]+)</p>\s*<p class="govuk-body">(?:<a [^>]*>)?{label}', page
    )
    assert match, f"no figure for {label}"
    return int(match.group(1).replace(",", ""))


def bar(page: str, label: str) -> int:
    """A bar chart's count for `label`, as the dashboard's table shows it."""
    match = re.search(
        rf">\s*(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?\s*</th>\s*"
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        page,
    )
    assert match, f"no bar for {label}"
    return int(match.group(1))
