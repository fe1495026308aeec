"""Oversight pages: every partnership, read only. Anything but GET or HEAD is refused (403)."""

import csv
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from delivery.oversight import SOURCES as OUTCOME_SOURCES
from delivery.oversight import outcome_figures
from partnerships.filters import CHOICE_SOURCES, PartnershipFilter
from partnerships.models import Partnership
from partnerships.oversight import dashboard as figures
from partnerships.oversight.export import export_rows
from partnerships.oversight.listing import list_sources, partnership_page
from partnerships.oversight.record import partnership_record
from partnerships.oversight.rendered import cached, data_version, data_versions
from partnerships.permissions import can_use_oversight

COLUMNS = [  # (heading, sort key or None)
    ("Reference", "reference"),
    ("School", "school"),
    ("Trust", "trust"),
    ("Region", "region"),
    ("Ends", "end"),
    ("Status", "status"),
]


def oversight_only(view):
    """Signed in as an oversight user, and only reading."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_use_oversight(request.user) or request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Every model a dashboard figure reads, once each: one version for the whole page.
DASHBOARD_SOURCES = tuple(dict.fromkeys((*figures.SOURCES, *OUTCOME_SOURCES)))


@oversight_only
def dashboard(request):
    # The figures' HTML is rendered again only when one of the models they read changes (through a
    # service, an admin action or the GIAS import: each adds a history row), or the day does.
    version = data_version(DASHBOARD_SOURCES)
    return render(
        request,
        "oversight/dashboard.html",
        {"figures": cached("oversight-dashboard", version, _dashboard_figures, vary=timezone.localdate().isoformat())},
    )


def _dashboard_figures() -> str:
    return render_to_string(
        "oversight/_dashboard_figures.html",
        {"dashboard": figures.oversight_dashboard(), "outcomes": outcome_figures()},
    )


@oversight_only
def partnership_list(request):
    # One query for both: the filter's options (partnerships, schools, trusts) and which partnerships
    # match (everything a filter reads) are each kept until their own data changes.
    choices_version, list_version = data_versions(CHOICE_SOURCES, list_sources())
    filterset = _filterset(request, version=choices_version)
    page, rows = partnership_page(filterset, request.GET.get("page"), version=list_version)
    return render(
        request,
        "oversight/partnership_list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "rows": rows,
            "columns": _sortable_columns(request.GET.get("sort", "")),
            "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
        },
    )


@oversight_only
def partnership_export(request):
    """The filtered list as CSV, streamed row by row."""
    rows = export_rows(_filterset(request).qs)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if number == 0 else "") + writer.writerow(row) for number, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"trust-partnerships-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@oversight_only
def partnership_detail(request, pk):
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user).select_related("school", "trust", "created_by"), pk=pk
    )
    return render(request, "oversight/partnership_detail.html", partnership_record(partnership))


def _filterset(request, *, version: str | None = None) -> PartnershipFilter:
    queryset = Partnership.objects.visible_to(request.user).select_related("school", "trust")
    return PartnershipFilter(request.GET or None, queryset=queryset, request=request, version=version)


def _sortable_columns(current: str) -> list[dict]:
    """Column headings with the sort each link applies and the aria-sort the heading carries."""
    columns = []
    for heading, key in COLUMNS:
        ascending, descending = current == key, current == f"-{key}"
        columns.append(
            {
                "heading": heading,
                "sort": f"-{key}" if ascending else key,
                "aria_sort": "ascending" if ascending else "descending" if descending else "none",
            }
        )
    return columns


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a stream."""

    def write(self, value):
        return value
