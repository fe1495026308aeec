"""The oversight CSV export: one row per partnership, the columns an analyst needs."""

from django.apps import apps
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from partnerships.dates import term_length
from partnerships.models import AcademisationConsideration, CostLine, Partnership
from partnerships.models.terms import CostTotals

from .dashboard import NOT_RECORDED

# Rows (with their cost lines) held at once. 500 keeps the stream's memory flat at about 15 MB however many
# partnerships there are (bench/run_all.py), for two queries per 500 rows.
EXPORT_CHUNK_SIZE = 500
EXPORT_HEADER = [
    "Partnership reference",
    "Status",
    "School URN",
    "School name",
    "Local authority code",
    "Local authority",
    "Region",
    "Latest Ofsted inspection date",
    "Previous overall Ofsted grade (before September 2024)",
    "Previous overall grade date",
    "Trust name",
    "Trust Group ID",
    "Trust Companies House number",
    "Start date",
    "End date",
    "Actual end date",
    "End reason",
    "Issued agreement version",
    "Term (months)",
    "Term",
    "Service charge net (£)",
    "Service charge VAT (£)",
    "Service charge total (£)",
    "No charge",
    "Approved on",
    "Academisation outcome",
    "Academisation decision date",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# One flat row per partnership: read as plain values (no model instances), which makes the export of
# England's 3,000 partnerships about twice as fast (bench/run_all.py).
ROW_FIELDS = (
    "pk",
    "reference",
    "status",
    "school__urn",
    "school__name",
    "school__la_code",
    "school__la_name",
    "school__region",
    "school__ofsted_last_inspection",
    "school__previous_ofsted_grade",
    "school__previous_ofsted_grade_on",
    "trust__name",
    "trust__group_id",
    "trust__companies_house_number",
    "start_date",
    "end_date",
    "ended_on",
    "closure_reason",
    "issued_version",
    "no_charge",
    "agreed_at",
    "academisation__outcome",
    "academisation__decided_on",
)
STATUS_LABELS = dict(Partnership.Status.choices)
OUTCOME_LABELS = dict(AcademisationConsideration.Outcome.choices)


def with_issued_version(queryset):
    """Each partnership with `issued_version`: the number of its agreement version in force, if any."""
    versions = apps.get_model("agreements", "AgreementVersion").objects.filter(
        partnership=OuterRef("pk"), status="issued"
    )
    # Ordered by number only: the model's ordering starts with the partnership's own (a join per row).
    return queryset.annotate(issued_version=Subquery(versions.order_by("-number").values("number")[:1]))


def export_rows(queryset):
    """The header, then one row per partnership, in the queryset's order. Streams in chunks of
    EXPORT_CHUNK_SIZE (two queries each: the rows, then their cost lines): memory stays flat."""
    yield EXPORT_HEADER
    chunk = []
    for row in with_issued_version(queryset).values_list(*ROW_FIELDS).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK_SIZE:
            yield from _chunk_rows(chunk)
            chunk = []
    yield from _chunk_rows(chunk)


def _chunk_rows(chunk: list[tuple]):
    cost_lines = _cost_lines_by_partnership([row[0] for row in chunk])
    for row in chunk:
        yield [_safe_cell(value) for value in _export_row(row, cost_lines.get(row[0], []))]


def _cost_lines_by_partnership(partnership_ids: list[int]) -> dict[int, list[CostLine]]:
    """Unsaved CostLine objects carrying what CostLine.totals() reads, grouped by partnership."""
    lines: dict[int, list[CostLine]] = {}
    if not partnership_ids:
        return lines
    values = CostLine.objects.filter(partnership_id__in=partnership_ids).values_list(
        "partnership_id", "amount", "frequency", "vat_treatment"
    )
    for partnership_id, amount, frequency, vat_treatment in values:
        lines.setdefault(partnership_id, []).append(
            CostLine(amount=amount, frequency=frequency, vat_treatment=vat_treatment)
        )
    return lines


def _export_row(row: tuple, cost_lines: list[CostLine]) -> list:
    (
        _pk,
        reference,
        status,
        urn,
        school_name,
        la_code,
        la_name,
        region,
        inspected,
        previous_grade,
        previous_grade_on,
        trust_name,
        group_id,
        companies_house_number,
        start_date,
        end_date,
        ended_on,
        closure_reason,
        issued_version,
        no_charge,
        agreed_at,
        outcome,
        decided_on,
    ) = row
    term = term_length(start_date, end_date)
    totals = sum((line.totals(term) for line in cost_lines), CostTotals())
    return [
        reference,
        STATUS_LABELS[status],
        urn,
        school_name,
        la_code,
        la_name,
        region,
        _iso(inspected),
        previous_grade,
        _iso(previous_grade_on),
        trust_name,
        group_id,
        companies_house_number,
        _iso(start_date),
        _iso(end_date),
        _iso(ended_on),
        closure_reason if ended_on else "",
        issued_version or "",
        term.months,
        str(term),
        totals.net,
        totals.vat,
        totals.gross,
        "Yes" if no_charge else "No",
        _iso(timezone.localtime(agreed_at).date() if agreed_at else None),
        OUTCOME_LABELS.get(outcome, outcome) if outcome else NOT_RECORDED,
        _iso(decided_on),
    ]


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
