"""Turn a snapshot into what the agreement templates show. Shared by the PDF and the web view.

Both templates get the same context from `agreement_context(snapshot)`, including the fixed
wording (the DfE principles, the part titles), so the PDF and the web page cannot drift apart.
Only values from the snapshot are used: nothing here reads the database.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from partnerships.dates import add_months, format_date, months_in_range

TITLE = "Trust partnership agreement"
SUBTITLE = "Service level agreement between an academy trust and the governing body of a school"

# The DfE's description of a trust partnership (2021 offer, updated 2023).
PRINCIPLES = (
    "The partnership is time-limited. It runs for the term set out in the key information and for no "
    "more than {maximum_months} months in total.",
    "The partnership is not a substitute for academy conversion, nor a routine step before it. It does "
    "not commit the School to joining the Trust or any other trust.",
    "During the partnership the governing body gives due consideration to academisation, or to joining "
    "or merging with a trust, through formal consultation where that is required.",
    "The support the Trust provides focuses on teaching and leadership: for example trust-wide training, "
    "headteacher mentoring and support, cross-trust data benchmarking, curriculum development, subject, "
    "senior and middle leadership, and operational leadership such as finance and estates.",
    "Each party is clear from the outset about the terms, any costs, the expectations of each party and "
    "the objectives, as recorded in this agreement and its schedules.",
)

CONTENTS = (
    ("key-information", "Part A: Key information"),
    ("principles", "Part B: Principles of the partnership"),
    ("terms", "Part C: Terms and conditions"),
    ("schedule-1", "Schedule 1: Service charge"),
    ("schedule-2", "Schedule 2: Services"),
    ("schedule-3", "Schedule 3: Data protection"),
    ("academisation", "Schedule 4: Academisation record"),
    ("signatures", "Execution"),
)
AUDIT_CONTENTS = ("audit", "Audit certificate")

DATA_PROTECTION_NOTE = "The clauses of section {number}, data protection, are set out in Schedule 3."
NO_DATA_PROTECTION_CLAUSES = (
    "This agreement contains no data protection clauses. Each party remains responsible for its own "
    "compliance with the UK GDPR and the Data Protection Act 2018."
)


def agreement_context(snapshot: dict) -> dict:
    """Everything the print template and the web view need, formatted for reading."""
    terms, version, issue = snapshot["terms"], snapshot["version"], snapshot["issue"]
    dates = terms["dates"]
    starts_on, ends_on = _date(dates["start_date"]), _date(dates["end_date"])
    is_draft = version["status"] != "issued"
    sections = terms["sections"]
    context = {
        "title": TITLE,
        "subtitle": SUBTITLE,
        "contents": CONTENTS if is_draft else (*CONTENTS, AUDIT_CONTENTS),
        "reference": snapshot["reference"],
        "version_number": version["number"],
        "is_draft": is_draft,
        "status_label": "Draft" if is_draft else "Issued",
        "generated_on": _when(version["generated_at"]),
        "generated_by": version["generated_by"],
        "issue": _issue(issue),
        "trust": terms["trust"],
        "school": {**terms["school"], "in_sentence": _in_sentence(terms["school"]["governing_body"])},
        "purpose": terms["purpose"],
        "key_information": _key_information(terms, starts_on, ends_on),
        "contacts": terms["contacts"],
        "principles": [principle.format(**dates) for principle in PRINCIPLES],
        "sections": [_section(section) for section in sections],
        "data_protection": _data_protection(sections),
        "no_data_protection_clauses": NO_DATA_PROTECTION_CLAUSES,
        "costs": _costs(terms),
        "objectives": [
            {**objective, "target_date": format_date(_date(objective["target_date"]))}
            for objective in terms["objectives"]
        ],
        "activities": [_activity(activity) for activity in terms["activities"]],
        "timeline": _timeline(terms["activities"], starts_on, ends_on),
        "approvals": [] if is_draft else [_approval(approval) for approval in terms["approvals"]],
        "payment": _payment(terms),
        "execution": _execution(snapshot, terms, is_draft),
        "academisation": _academisation(snapshot.get("academisation")),
        "audit": [] if is_draft else [_audit_event(event) for event in snapshot.get("audit", [])],
    }
    context["costs_year_tables"] = [
        ("By financial year (1 April to 31 March)", context["costs"]["by_financial_year"]),
        ("By academic year (1 September to 31 August)", context["costs"]["by_academic_year"]),
    ]
    execution = context["execution"]
    # (party, signatory, the governing body's resolution or "" for the trust)
    context["execution_parties"] = [
        (terms["trust"]["name"], execution["trust"], ""),
        (context["school"]["in_sentence"], execution["governing_body"], execution["resolution_text"]),
    ]
    return context


WEB_DOCUMENT_TEMPLATE = "agreements/_agreement_document.html"


def heading_context(snapshot: dict) -> dict:
    """What the web page shows above the document: the title, reference, version and its status."""
    version = snapshot["version"]
    return {
        "title": TITLE,
        "reference": snapshot["reference"],
        "version_number": version["number"],
        "is_draft": version["status"] != "issued",
        "issue": _issue(snapshot["issue"]),
    }


def web_document(snapshot: dict) -> str:
    """The agreement's text as HTML for the web page (from the parties to the audit certificate).

    A pure function of the snapshot, so it is rendered once per distinct snapshot (keyed on a
    fingerprint of its JSON, without when and by whom the version was generated, which the web
    page does not show): an issued version's snapshot never changes, and a preview's changes
    with the stored terms.
    """
    from django.template.loader import render_to_string

    from partnerships.oversight.rendered import cached

    shown = {**snapshot, "version": {**snapshot["version"], "generated_at": "", "generated_by": None}}
    canonical = json.dumps(shown, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()
    return cached(
        "agreement-web-document",
        fingerprint,
        lambda: render_to_string(WEB_DOCUMENT_TEMPLATE, agreement_context(snapshot)),
    )


def _in_sentence(name: str) -> str:
    """ "The governing body of X" as it reads mid-sentence: "the governing body of X"."""
    return name[:1].lower() + name[1:]


def money(amount: str) -> str:
    return f"£{Decimal(amount):,.2f}"


def _date(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def _when(iso: str) -> str:
    moment = timezone.localtime(parse_datetime(iso))
    return f"{format_date(moment.date())} at {moment:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


def _issue(issue: dict | None) -> dict | None:
    if issue is None:
        return None
    moment = timezone.localtime(parse_datetime(issue["issued_at"]))
    return {**issue, "issued_at": _when(issue["issued_at"]), "issued_on": format_date(moment.date())}


def _extension(dates: dict) -> str:
    if "extendable_until" not in dates:  # versions made before the parties chose
        latest = format_date(_date(dates["latest_allowed_end_date"]))
        if dates["can_be_extended"]:
            return f"Yes, by agreement of both parties, to end no later than {latest} ({dates['maximum_months']} months in total)."
        return f"No. The partnership already runs for the maximum of {dates['maximum_months']} months."
    if dates["extendable_until"]:
        limit = format_date(_date(dates["extendable_until"]))
        return f"Yes: the parties may extend the Term by a variation, to end no later than {limit}."
    return "No: the Term cannot be extended."


def _payment(terms: dict) -> dict:
    payment = terms["payment"]
    return {
        "method": payment.get("method", ""),
        "due_days": payment.get("due_days"),
        "timing": payment.get("invoice_timing_label", ""),
        "vat_number": payment.get("trust_vat_number", ""),
        "purchase_order": payment.get("purchase_order_reference", ""),
        "internal_reference": payment.get("internal_reference", ""),
        "other_terms": payment.get("payment_terms", ""),
    }


def _payment_rows(terms: dict) -> list[tuple[str, str]]:
    payment = terms["payment"]
    if "method" not in payment:  # versions made before the payment details were separate fields
        return [
            ("Payment terms", payment["payment_terms"] or "Not stated"),
            ("Purchase order or internal reference", payment["purchase_order_reference"] or "None"),
        ]
    timing = payment["invoice_timing_label"].lower()
    rows = [
        ("Payment method", payment["method"]),
        (
            "Invoicing and payment",
            f"Invoiced {timing}; payment due within {payment['due_days']} days of the invoice date.",
        ),
        ("Trust's VAT registration number", payment["trust_vat_number"] or "Not VAT registered"),
        ("Purchase order number", payment["purchase_order_reference"] or "None"),
        ("School's internal reference", payment["internal_reference"] or "None"),
    ]
    if payment["payment_terms"]:
        rows.append(("Other payment terms", payment["payment_terms"]))
    return rows


def _key_information(terms: dict, starts_on: datetime.date, ends_on: datetime.date) -> list[tuple[str, str]]:
    dates, payment, costs = terms["dates"], terms["payment"], terms["costs"]
    charge = (
        "No charge: the Trust provides its support at no cost to the School."
        if payment["no_charge"]
        else (
            f"{money(costs['totals']['gross'])} in total over the Term, including VAT of {money(costs['totals']['vat'])} (see Schedule 1)."
        )
    )
    return [
        ("Start date", format_date(starts_on)),
        ("End date", format_date(ends_on)),
        ("Duration", f"{dates['term']} (both dates included)"),
        ("Extension", _extension(dates)),
        ("Total Service Charge", charge),
        *_payment_rows(terms),
    ]


def _section(section: dict) -> dict:
    if not section["is_data_protection"]:
        return section
    return {**section, "note": DATA_PROTECTION_NOTE.format(number=section["number"])}


def _data_protection(sections: list[dict]) -> dict | None:
    return next((section for section in sections if section["is_data_protection"]), None)


def _money_row(row: dict) -> dict:
    return {**row, "net": money(row["net"]), "vat": money(row["vat"]), "gross": money(row["gross"])}


def _costs(terms: dict) -> dict:
    costs = terms["costs"]
    lines = [{**_money_row(line), "amount": money(line["amount"])} for line in costs["lines"]]
    totals = {name: money(value) for name, value in costs["totals"].items()}
    invoices = [
        {
            **_money_row(invoice),
            "date": format_date(_date(invoice["date"])),
            "items": [_money_row(item) for item in invoice["items"]],
        }
        for invoice in costs.get("invoices", [])
    ]
    return {
        "no_charge": terms["payment"]["no_charge"],
        "lines": lines,
        "totals": totals,
        "invoices": invoices,
        "by_financial_year": [_money_row(year) for year in costs.get("by_financial_year", [])],
        "by_academic_year": [_money_row(year) for year in costs.get("by_academic_year", [])],
        "rules": costs.get("rules"),
        "school_terms": [
            {**term, "starts_on": format_date(_date(term["starts_on"])), "ends_on": format_date(_date(term["ends_on"]))}
            for term in costs.get("school_terms", [])
        ],
    }


def _signatory(person: dict | None) -> dict | None:
    if not person:
        return None
    fingerprint = person.get("terms_sha256") or ""
    return {
        **person,
        "signed_on": _when(person["signed_at"]) if person.get("signed_at") else "",
        # In groups of eight so it wraps on the page and can be read aloud and compared.
        "fingerprint": " ".join(fingerprint[index : index + 8] for index in range(0, len(fingerprint), 8)),
    }


RESOLUTION_NOT_RECORDED = "Not recorded at approval"


def _execution(snapshot: dict, terms: dict, is_draft: bool) -> dict:
    """Each party's signatory (blank lines on a draft or where nobody has signed yet)."""
    execution = snapshot.get("execution") or {}
    resolution = execution.get("resolution_on")
    resolution_on = format_date(_date(resolution)) if resolution and not is_draft else ""
    minute = "" if is_draft else execution.get("resolution", "")
    return {
        "trust": None if is_draft else _signatory(execution.get("trust")),
        "governing_body": None if is_draft else _signatory(execution.get("governing_body")),
        "resolution_on": resolution_on,
        "resolution": minute,
        # What the "Governing body resolution" row says. Approvals from before the meeting was
        # asked for (a chair's, with no authorisation record) have none, and it says so.
        "resolution_text": (
            f"Meeting of {resolution_on}" + (f": {minute}" if minute else "")
            if resolution_on
            else RESOLUTION_NOT_RECORDED
        ),
    }


def _academisation(record: dict | None) -> dict | None:
    if not record:
        return None
    steps = [{**step, "date": format_date(_date(step["date"]))} for step in record["steps"]]
    return {**record, "steps": steps}


def _audit_event(event: dict) -> dict:
    return {**event, "at": _when(event["at"])}


def _activity(activity: dict) -> dict:
    return {
        **activity,
        "starts_on": format_date(_date(activity["starts_on"])),
        "ends_on": format_date(_date(activity["ends_on"])),
    }


def _approval(approval: dict) -> dict:
    fingerprint = approval.get("terms_sha256") or ""
    return {
        **approval,
        "decided_at": _when(approval["decided_at"]),
        # In groups of eight so it wraps on the page and can be read aloud and compared.
        "fingerprint": " ".join(fingerprint[index : index + 8] for index in range(0, len(fingerprint), 8)),
    }


def _timeline(activities: list[dict], starts_on: datetime.date, ends_on: datetime.date) -> dict:
    """A grid of the partnership's calendar months with the months each activity runs in marked."""
    months = months_in_range(starts_on, ends_on)
    years: list[dict] = []
    for month in months:
        if years and years[-1]["year"] == month.year:
            years[-1]["span"] += 1
        else:
            years.append({"year": month.year, "span": 1})
    rows = []
    for activity in activities:
        first, last = _date(activity["starts_on"]), _date(activity["ends_on"])
        running = [index for index, month in enumerate(months) if first < add_months(month, 1) and last >= month]
        # One bar per activity: empty months before, the months it runs in, empty months after.
        # Three cells instead of one per month keeps a long plan quick to lay out.
        before = running[0] if running else len(months)
        during = len(running)
        rows.append(
            {
                "title": activity["title"],
                "before": before,
                "during": during,
                "after": len(months) - before - during,
                "cells": [index in running for index in range(len(months))],
            }
        )
    return {"years": years, "months": [f"{month:%b}" for month in months], "rows": rows}
