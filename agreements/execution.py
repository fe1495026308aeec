"""What the execution page, the audit certificate and the academisation record print, read once
when a version is made and frozen in its snapshot.

`signatories()` is the one place that reads who signed for each party: rewire it to the signing
records when they exist, and the execution page follows.
"""

import datetime

from partnerships.academisation import ACADEMISATION_STEPS
from partnerships.models import Partnership, ReviewDecision


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def signatories(partnership: Partnership, *, issued_by=None, issued_at=None) -> dict:
    """Who signed for each party in the service, in what role, when and with what authority.

    The governing body signs by approving (its latest approval, with the version and terms
    fingerprint it approved and the authority it was given under, from the integrity records); the
    trust signs by issuing (the issuer, at the moment of issue). A side nobody has signed is None:
    the execution page prints blank lines for it.
    """
    approval = (
        ReviewDecision.objects.filter(partnership=partnership, decision=ReviewDecision.Decision.APPROVED)
        .select_related("agreement_version")
        .order_by("-decided_at", "-id")
        .first()
    )
    governing_body, resolution_on, resolution = None, None, ""
    if approval is not None:
        version = approval.agreement_version
        governing_body = {
            "name": approval.decided_by_name,
            "role": approval.decided_by_role or "Governor",
            "signed_at": approval.decided_at.isoformat(),
            "authority": approval.authority
            or "Approved the agreement for the governing body in the Trust Partnerships service",
            "version": version.number if version is not None else None,
            "is_variation": approval.variation_id is not None,
            "terms_sha256": approval.terms_sha256,
            "comment": approval.reason,
        }
        if approval.meeting_date:
            # The meeting that resolved to enter the agreement, named at approval.
            resolution_on, resolution = _iso(approval.meeting_date), approval.meeting_resolution
        else:
            resolution_on, resolution = _authorising_meeting(partnership, approval)
    trust = None
    if issued_by is not None and issued_at is not None:
        trust = {
            "name": issued_by.get_full_name() or issued_by.username,
            "role": issued_by.job_title or "Trust staff",
            "signed_at": issued_at.isoformat(),
            "authority": "Authorised to sign for the Trust; issued the agreement in the Trust Partnerships service",
        }
    return {"trust": trust, "governing_body": governing_body, "resolution_on": resolution_on, "resolution": resolution}


def _authorising_meeting(partnership: Partnership, approval: ReviewDecision) -> tuple[str | None, str]:
    """The meeting that authorised a governor (not the chair) to approve: the authorisation in
    force when they approved (a later revocation does not erase it). (None, "") if there is none."""
    from partnerships.models import GovernorAuthorisation

    authorisation = (
        GovernorAuthorisation.objects.filter(
            school_id=partnership.school_id,
            governor_id=approval.decided_by_id,
            recorded_at__lte=approval.decided_at,
        )
        .exclude(revoked_at__lte=approval.decided_at)
        .order_by("-meeting_date", "-id")
        .first()
    )
    if authorisation is None:
        return None, ""
    return _iso(authorisation.meeting_date), authorisation.resolution


def academisation_record(partnership: Partnership) -> dict | None:
    """The governing body's academisation steps so far, or None if nothing is recorded."""
    from partnerships.models import AcademisationConsideration

    record = AcademisationConsideration.objects.filter(partnership=partnership).first()
    if record is None:
        return None
    steps = [
        {"label": label, "date": _iso(getattr(record, name, None))}
        for name, label in ACADEMISATION_STEPS
        if getattr(record, name, None)
    ]
    return {
        "outcome": record.get_outcome_display(),
        "steps": steps,
        "consultees": getattr(record, "consultees", ""),
        "consultation_outcome": getattr(record, "consultation_outcome", ""),
        "conversion_project_url": getattr(record, "conversion_project_url", ""),
    }


def _person(user) -> str:
    if user is None:
        return "The service"
    name = user.get_full_name() or user.username
    return f"{name}, {user.job_title}" if getattr(user, "job_title", "") else name


def audit_events(partnership: Partnership, *, terms: dict, issued_by, issued_at: datetime.datetime) -> list[dict]:
    """Every step that led to this issue, oldest first: versions generated, approvals, the issue,
    each with who, when and the fingerprint (SHA-256 of the terms) of what they acted on."""
    from .snapshot import terms_fingerprint

    versions = list(partnership.agreement_versions.select_related("generated_by", "issued_by").order_by("number"))
    events = []
    for version in versions:
        if version.issued_at:
            what, who, when = f"Version {version.number} issued", _person(version.issued_by), version.issued_at
        else:
            what, who, when = (
                f"Version {version.number} generated for review",
                _person(version.generated_by),
                version.generated_at,
            )
        events.append({"event": what, "by": who, "at": when.isoformat(), "fingerprint": version.terms_sha256})
    for decision in partnership.review_decisions.all():
        reviewed = _version_before(versions, decision.decided_at)
        verb = "Approved" if decision.decision == ReviewDecision.Decision.APPROVED else "Changes requested"
        events.append(
            {
                "event": f"{verb} by the governing body" + (f" (version {reviewed.number})" if reviewed else ""),
                "by": f"{decision.decided_by_name}, {decision.decided_by_role}"
                if decision.decided_by_role
                else decision.decided_by_name,
                "at": decision.decided_at.isoformat(),
                "fingerprint": reviewed.terms_sha256 if reviewed else "",
            }
        )
    number = (versions[-1].number if versions else 0) + 1
    events.append(
        {
            "event": f"Version {number} issued (this document)",
            "by": _person(issued_by),
            "at": issued_at.isoformat(),
            "fingerprint": terms_fingerprint(terms),
        }
    )
    return sorted(events, key=lambda event: event["at"])


def _version_before(versions: list, moment: datetime.datetime):
    earlier = [version for version in versions if version.generated_at <= moment]
    return earlier[-1] if earlier else None
