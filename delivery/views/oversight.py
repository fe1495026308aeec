"""Oversight's CSV exports of review ratings and partnership outcomes (read only, streamed)."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from delivery.oversight import OUTCOME_COLUMNS, REVIEW_COLUMNS, outcome_rows, review_rows
from partnerships.oversight.export import _safe_cell
from partnerships.views.oversight import _Echo, oversight_only


def _lines(header: list[str], rows):
    """The header (with a byte order mark for spreadsheets), then each row as it is read."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_safe_cell(cell) for cell in row])  # no cell runs as a formula


def _csv_response(name: str, header: list[str], rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(header, rows))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    return response


@oversight_only
def review_export(request):
    """Every objective rating at every held review: one row each."""
    return _csv_response("trust-partnership-reviews", REVIEW_COLUMNS, review_rows())


@oversight_only
def outcome_export(request):
    """Every end-of-partnership review: outcome, achievement counts and the academisation decision."""
    return _csv_response("trust-partnership-outcomes", OUTCOME_COLUMNS, outcome_rows())
