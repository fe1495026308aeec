"""The snapshot: every stored value an agreement document is built from, frozen as plain JSON.

The PDF and the web view are rendered from a snapshot only, never from the live partnership, so a
version always reads exactly as it did when it was made. Dates are ISO strings, money is a string
with two decimal places (Decimal arithmetic happens here, once), and clauses carry their printed
numbers (1, 1.1, 1.2, 2, 2.1 ...) in section order.
"""

import hashlib
import json
from decimal import Decimal

from django.conf import settings

from partnerships.charges import COUNTING_RULES, TIMING_RULES, YEAR_RULE, partnership_charge_schedule
from partnerships.models import Partnership, ReviewDecision
from partnerships.numbering import number_clauses
from partnerships.school_terms import DEFAULT_PATTERN

from .execution import academisation_record, audit_events, signatories

# 2: payment details, the invoice schedule and yearly totals, execution, academisation record, audit.
SCHEMA_VERSION = 2


def build_snapshot(
    partnership: Partnership,
    *,
    number: int,
    status: str,
    generated_at,
    generated_by=None,
    issued_by=None,
    issued_at=None,
    terms: dict | None = None,
) -> dict:
    """The whole snapshot of a version: what it is (number, status, who made it) and the terms."""
    terms = build_terms(partnership) if terms is None else terms
    return {
        "schema": SCHEMA_VERSION,
        "reference": partnership.reference,
        "version": {
            "number": number,
            "status": status,
            "generated_at": generated_at.isoformat(),
            "generated_by": _person(generated_by),
        },
        "issue": None if issued_by is None else {**_person(issued_by), "issued_at": issued_at.isoformat()},
        "terms": terms,
        # Outside the terms (and their fingerprint): who signed, the academisation record and the
        # audit trail describe the agreement's progress, not what the parties agreed to.
        "execution": signatories(partnership, issued_by=issued_by, issued_at=issued_at),
        "academisation": academisation_record(partnership),
        "audit": []
        if issued_by is None
        else audit_events(partnership, terms=terms, issued_by=issued_by, issued_at=issued_at),
    }


def terms_fingerprint(terms: dict) -> str:
    """SHA-256 of the terms in a canonical JSON form: two snapshots of unchanged terms match."""
    canonical = json.dumps(terms, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def agreed_terms_fingerprint(terms: dict) -> str:
    """SHA-256 of the terms without their approvals: what the governors approve and the trust signs.

    A reviewed draft and the version issued from the same stored terms share it; any change to
    dates, money, clauses, objectives or activities changes it.
    """
    return terms_fingerprint({key: value for key, value in terms.items() if key != "approvals"})


def build_terms(partnership: Partnership) -> dict:
    """The agreed content: parties, dates, contacts, payment, clauses, schedules and approvals."""
    partnership = _with_related(partnership)
    return {
        "trust": _trust(partnership.trust),
        "school": _school(partnership.school),
        "dates": _dates(partnership),
        "purpose": partnership.purpose,
        "contacts": _contacts(partnership),
        "payment": _payment(partnership),
        "sections": _sections(partnership.clauses.all()),
        "costs": _costs(partnership),
        "objectives": [_objective(index, objective) for index, objective in enumerate(partnership.objectives.all(), 1)],
        "activities": [_activity(activity) for activity in partnership.activities.all()],
        "approvals": [
            _approval(decision)
            for decision in partnership.review_decisions.all()
            if decision.decision == ReviewDecision.Decision.APPROVED
        ],
    }


def _with_related(partnership: Partnership) -> Partnership:
    return (
        Partnership.objects.select_related("school", "trust")
        .prefetch_related("clauses", "cost_lines", "objectives", "activities", "review_decisions__agreement_version")
        .get(pk=partnership.pk)
    )


def _person(user) -> dict:
    if user is None:
        return {"name": "", "role": ""}
    return {"name": user.get_full_name() or user.username, "role": user.job_title}


LEGAL_STATUS = "an academy trust, a company limited by guarantee and an exempt charity, registered in England and Wales"


def _trust(trust) -> dict:
    return {
        "name": trust.name,
        "legal_status": LEGAL_STATUS,
        "registered_office": trust.address,
        "group_id": trust.group_id,
        "group_uid": trust.group_uid,
        "companies_house_number": trust.companies_house_number,
        "ukprn": trust.ukprn,
        "trust_type": trust.get_trust_type_display(),
        "address": trust.address,
        "contact_email": trust.contact_email,
    }


def governing_body_name(school) -> str:
    """The party: the school's governing body, or its federation's when the school is federated."""
    federation = school.federation_name
    if federation:
        return f"The governing body of the federation of {federation}"
    return f"The governing body of {school.name}"


def _school(school) -> dict:
    return {
        "name": school.name,
        "governing_body": governing_body_name(school),
        "federation": school.federation_name,
        "religious_character": school.religious_character if school.is_church_school else "",
        "diocese": school.diocese,
        "urn": school.urn,
        "ukprn": school.ukprn,
        "laestab": school.laestab,
        "la_code": school.la_code,
        "la_name": school.la_name,
        "establishment_type": school.establishment_type,
        "phase": school.phase,
        "address": school.address,
    }


def _dates(partnership: Partnership) -> dict:
    term = partnership.term
    return {
        "start_date": partnership.start_date.isoformat(),
        "end_date": partnership.end_date.isoformat(),
        "term": str(term),
        "months": term.months,
        "days": term.days,
        "maximum_months": settings.PARTNERSHIP_MAX_MONTHS,
        "latest_allowed_end_date": partnership.latest_allowed_end_date.isoformat(),
        "can_be_extended": partnership.can_be_extended,
        "extendable_until": partnership.extendable_until.isoformat() if partnership.extendable_until else None,
    }


def _payment(partnership: Partnership) -> dict:
    return {
        "no_charge": partnership.no_charge,
        "method": partnership.get_payment_method_display(),
        "due_days": partnership.payment_due_days,
        "invoice_timing": partnership.invoice_timing,
        "invoice_timing_label": partnership.get_invoice_timing_display(),
        "trust_vat_number": partnership.trust_vat_number,
        "payment_terms": partnership.payment_terms,
        "purchase_order_reference": partnership.purchase_order_reference,
        "internal_reference": partnership.internal_reference,
    }


def _contacts(partnership: Partnership) -> list[dict]:
    return [
        {
            "party": "trust",
            "title": "Trust lead",
            "name": partnership.trust_lead_name,
            "role": partnership.trust_lead_role,
            "email": partnership.trust_lead_email,
        },
        {
            "party": "school",
            "title": "Chair of governors",
            "name": partnership.chair_of_governors_name,
            "role": "Chair of governors",
            "email": partnership.chair_of_governors_email,
        },
        {
            "party": "school",
            "title": "Headteacher",
            "name": partnership.headteacher_name,
            "role": "Headteacher",
            "email": partnership.headteacher_email,
        },
    ]


def _sections(clauses) -> list[dict]:
    """Clauses grouped by section in print order, numbered 1, 1.1, 1.2, 2, 2.1 ..."""
    return [
        {
            "number": str(group.number),
            "code": group.section,
            "title": group.title,
            "is_data_protection": group.is_data_protection,
            "clauses": [
                {"number": number, "heading": clause.heading, "body": clause.body} for number, clause in group.clauses
            ],
        }
        for group in number_clauses(clauses)
    ]


def _money(totals) -> dict:
    return {"net": str(totals.net), "vat": str(totals.vat), "gross": str(totals.gross)}


def _costs(partnership: Partnership) -> dict:
    """Each line with its totals, each invoice, and the totals by financial and academic year."""
    lines = list(partnership.cost_lines.all())
    schedule = partnership_charge_schedule(partnership, lines)
    return {
        "lines": [_cost_line(key, line, schedule) for key, line in enumerate(lines)],
        "totals": _money(schedule.totals),
        "invoices": [
            {
                "date": invoice.invoice_on.isoformat(),
                "items": [
                    {"description": charge.description, "period": charge.period.label, **_money(charge)}
                    for charge in invoice.charges
                ],
                **_money(invoice.totals),
            }
            for invoice in schedule.invoices
        ],
        "by_financial_year": [{"label": year.label, **_money(year.totals)} for year in schedule.by_financial_year],
        "by_academic_year": [{"label": year.label, **_money(year.totals)} for year in schedule.by_academic_year],
        "school_terms": [
            {"name": term.name, "starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat()}
            for term in schedule.school_terms
        ],
        "rules": {
            "frequencies": {
                label: COUNTING_RULES[value]
                for value, label in ((line.frequency, line.get_frequency_display()) for line in lines)
            },
            "timing": TIMING_RULES[partnership.invoice_timing],
            "years": YEAR_RULE,
            "default_terms": DEFAULT_PATTERN,
        },
    }


def _cost_line(key: int, line, schedule) -> dict:
    charges = schedule.for_line(key)
    net, vat = sum((c.net for c in charges), Decimal("0.00")), sum((c.vat for c in charges), Decimal("0.00"))
    return {
        "description": line.description,
        "amount": str(line.amount),
        "frequency": line.get_frequency_display(),
        "occurrences": len(charges),
        "vat_treatment": line.get_vat_treatment_display(),
        "net": str(net),
        "vat": str(vat),
        "gross": str(net + vat),
    }


def _objective(number: int, objective) -> dict:
    return {
        "number": str(number),
        "description": objective.description,
        "measure_of_success": objective.measure_of_success,
        "target_date": objective.target_date.isoformat(),
    }


def _activity(activity) -> dict:
    # Progress (status, impact notes) is not part of the terms, so it stays out of the snapshot.
    return {
        "title": activity.title,
        "category": activity.get_category_display(),
        "is_teaching_or_leadership": activity.is_teaching_or_leadership,
        "description": activity.description,
        "lead": activity.lead,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat(),
    }


def _approval(decision) -> dict:
    version = decision.agreement_version
    return {
        "decided_by_name": decision.decided_by_name,
        "decided_by_role": decision.decided_by_role,
        "decided_at": decision.decided_at.isoformat(),
        "comment": decision.reason,
        # Which version the governors approved, and the fingerprint of the terms it recorded.
        "version": version.number if version is not None else None,
        "terms_sha256": decision.terms_sha256,
        "is_variation": decision.variation_id is not None,
        "authority": decision.authority,
    }
