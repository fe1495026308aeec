"""The oversight list's page of partnerships.

Which partnerships match the filters, and in what order, is worked out once per change of the data
the filters and the sort read (`list_sources()`, `rendered.data_version`) and kept as a list of
ids: the count is its length. Each page's rows are rendered once per change of the same data. At
England's size, counting and sorting 3,000 partnerships joined to their schools and trusts (or, for
"an objective not on track", a subquery over every review) was most of the page's time, on every
request; now a page the data has not changed under costs the version query alone.
"""

import functools

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from partnerships.filters import FILTER_FIELDS, PartnershipFilter
from partnerships.models import AcademisationConsideration, Activity, Partnership
from schools.models import School, Trust

from .export import with_issued_version
from .rendered import cached, data_version

PAGE_SIZE = 25
ROWS_TEMPLATE = "oversight/_partnership_rows.html"


@functools.cache
def list_sources() -> tuple[type[Model], ...]:
    """Every model a filter, the sort or a row of the list reads (tests/partnerships/
    test_oversight_list_cache.py checks this against the tables the list's queries name). Agreement
    versions have no history: issuing adds a row, which the version sees."""
    return (
        Partnership,
        School,
        Trust,
        Activity,
        AcademisationConsideration,
        apps.get_model("agreements", "AgreementVersion"),
        apps.get_model("delivery", "EndReview"),
        apps.get_model("delivery", "ReviewMeeting"),
        apps.get_model("delivery", "ObjectiveRating"),
    )


def user_scope(filterset: PartnershipFilter) -> str:
    """The SQL of the ids of the queryset the filters start from: the user's scope."""
    return str(filterset.queryset.order_by().values_list("pk").query)


def query_key(filterset: PartnershipFilter, scope: str) -> str:
    """Everything the filtered, sorted list depends on but the data: the filter and sort values as
    given, the user's `scope` and today's date (the "ending within" and "needs attention" filters
    count from it)."""
    data = filterset.data
    values = sorted(
        (name, data.getlist(name) if hasattr(data, "getlist") else data.get(name))
        for name in (*FILTER_FIELDS, "sort")
        if name in data
    )
    return repr((values, scope, timezone.localdate().isoformat()))


def matching_ids(filterset: PartnershipFilter, *, version: str, scope: str) -> list[int]:
    """The ids of the filtered, sorted partnerships, kept per data version and per `query_key`: the
    filters' query is built and run only when the data has changed."""
    return cached(
        "oversight-list-ids",
        version,
        lambda: list(filterset.qs.values_list("pk", flat=True)),
        vary=query_key(filterset, scope),
    )


def partnership_page(filterset: PartnershipFilter, number, *, version: str | None = None) -> tuple[Page, SafeString]:
    """One page of the filtered list (its ids) and its table rows' HTML, read from the user's scope
    (`filterset.queryset`) with each partnership's school, trust and issued version. `version`:
    data_version(list_sources()), when the caller has read it."""
    version = version or data_version(list_sources())
    scope = user_scope(filterset)
    page = Paginator(matching_ids(filterset, version=version, scope=scope), per_page=PAGE_SIZE).get_page(number)
    ids = list(page.object_list)

    def rows() -> SafeString:
        found = with_issued_version(filterset.queryset.filter(pk__in=ids).select_related("school", "trust"))
        by_id = {partnership.pk: partnership for partnership in found.order_by()}
        return render_to_string(ROWS_TEMPLATE, {"partnerships": [by_id[pk] for pk in ids if pk in by_id]})

    # Every column comes from a model the version watches; the scope is in the key.
    return page, cached("oversight-list-rows", version, rows, vary=repr((ids, scope)))
