"""The oversight CSV export: one row per partnership, the columns an analyst needs."""

from django.utils import timezone

from partnerships.models import Partnership
from partnerships.models.terms import service_charge_totals

from .dashboard import NOT_RECORDED

# Rows (with their cost lines) held at once. 500 keeps the stream's memory flat at about 15 MB however many
# partnerships there are (bench/run_all.py), for two queries per 500 rows.
EXPORT_CHUNK_SIZE = 500
EXPORT_HEADER = [
    "Partnership reference", "Status", "School URN", "School name", "Local authority code", "Local authority",
    "Region", "Ofsted rating", "Ofsted inspection date", "Trust name", "Trust Group ID", "Trust Companies House number",
    "Start date", "End date", "Term (months)", "Term", "Service charge net (£)", "Service charge VAT (£)",
    "Service charge total (£)", "No charge", "Approved on", "Academisation outcome", "Academisation decision date",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_queryset(queryset):
    """The related rows every export row needs, fetched in a fixed number of queries."""
    return queryset.select_related("school", "trust", "academisation").prefetch_related("cost_lines")


def export_rows(queryset):
    """The header, then one row per partnership. Streams in chunks: memory stays flat."""
    yield EXPORT_HEADER
    for partnership in export_queryset(queryset).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield [_safe_cell(value) for value in _export_row(partnership)]


def _export_row(partnership: Partnership) -> list:
    school, trust, term = partnership.school, partnership.trust, partnership.term
    totals = service_charge_totals(partnership, partnership.cost_lines.all())
    academisation = getattr(partnership, "academisation", None)
    return [
        partnership.reference, partnership.get_status_display(), school.urn, school.name, school.la_code, school.la_name,
        school.region, school.ofsted_rating, _iso(school.ofsted_last_inspection), trust.name, trust.group_id,
        trust.companies_house_number, _iso(partnership.start_date), _iso(partnership.end_date), term.months, str(term),
        totals.net, totals.vat, totals.gross, "Yes" if partnership.no_charge else "No",
        _iso(timezone.localtime(partnership.agreed_at).date() if partnership.agreed_at else None),
        academisation.get_outcome_display() if academisation else NOT_RECORDED,
        _iso(academisation.decided_on if academisation else None),
    ]


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
