"""Every write to agreements: generate a draft, issue, render; and the checked reads of the PDF.

Views, the admin actions and the generate_agreement command all call these. Permission checks
(who may generate or issue) are the caller's job, through partnerships.permissions; these
services guard the partnership's state and the integrity of the record.
"""

import datetime
import hashlib
import logging
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.tasks import TaskResultStatus
from django.utils import timezone

from accounts.models import User
from partnerships import lifecycle, notifications, permissions
from partnerships.dates import format_date
from partnerships.models import Partnership, ReviewDecision

from .models import AgreementSignature, AgreementVersion
from .snapshot import agreed_terms_fingerprint, build_snapshot, build_terms, terms_fingerprint
from .tasks import render_agreement_version
from .time_limit import time_limit

if TYPE_CHECKING:
    from .rendering import RenderedPdf

logger = logging.getLogger(__name__)

Status = AgreementVersion.Status
PartnershipStatus = Partnership.Status

TRUST_AUTHORITY = "Authorised by the trust to sign agreements on its behalf"
CANNOT_GENERATE = "You cannot generate a draft agreement for a partnership that is {status}."
CANNOT_ISSUE = (
    "You can issue the agreement once the governors have approved the partnership. This partnership is {status}."
)
ALREADY_ISSUED = (
    "Version {number} of this agreement was issued on {issued_on} and already records the current terms. "
    "It cannot be issued twice: change the agreed terms first if a new version is needed."
)
ISSUER_REQUIRED = "Say who is issuing the agreement."
NOT_A_SIGNATORY = (
    "Only someone {trust} has authorised to sign for it can issue its agreement. "
    "A trust administrator grants that authority."
)
NOT_APPROVED = (
    "The governors have not approved these terms. {detail} Send the agreement (or the variation) to the "
    "governors and issue it once they approve."
)
NEVER_APPROVED = "No approval of a version of this agreement is recorded."
TERMS_CHANGED_SINCE_APPROVAL = "The terms stored now differ from {what}, which {name} approved on {approved_on}."
UNBOUND_APPROVAL = "The latest approval, on {approved_on}, does not record which terms it approved."
VARIATION_OPEN = "A variation is open: the governors must approve it before a new version is issued."
RENDER_FAILED = (
    "The agreement PDF could not be produced, so nothing was issued. Try again, and contact support if it "
    "keeps happening."
)
NOT_RENDERED = "The PDF of version {number} is not ready yet. It is being prepared; try again in a minute."
RENDER_ERROR = "The PDF of version {number} could not be produced. Generate a new draft, or contact support."
TAMPERED = (
    "The stored PDF of version {number} of agreement {reference} does not match the fingerprint recorded when "
    "it was made, so it has not been served. The file may have been changed or damaged. This has been logged; "
    "contact support."
)


class AgreementPdfUnavailable(ValidationError):
    """The PDF cannot be served: it is not ready, or it failed its integrity check."""


class AgreementPdfTampered(AgreementPdfUnavailable):
    """The stored bytes no longer match the SHA-256 recorded when the PDF was made."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def agreement_generate_draft(*, partnership: Partnership, generated_by: User | None = None) -> AgreementVersion:
    """A new draft version from the stored terms, with the DRAFT watermark; earlier drafts are superseded."""
    partnership = _locked(partnership)
    if partnership.status not in PartnershipStatus.LIVE:
        raise ValidationError(CANNOT_GENERATE.format(status=partnership.get_status_display().lower()))
    now = timezone.now()
    _supersede(partnership, statuses=(Status.DRAFT,), at=now)
    version = _create_version(partnership, status=Status.DRAFT, generated_by=generated_by, at=now)
    result = render_agreement_version.enqueue(version.pk)
    version.refresh_from_db()
    if result.status == TaskResultStatus.FAILED:
        # The draft stays, with its render error recorded: drafts are cheap to make again.
        logger.error("Draft agreement %s could not be rendered", version)
    return version


@transaction.atomic
def agreement_issue(*, partnership: Partnership, issued_by: User) -> AgreementVersion:
    """Issue the final agreement of an agreed or active partnership from a frozen snapshot.

    The new version is rendered once and stored with its SHA-256; every earlier version (draft or
    issued) is superseded. Refused if the issued version already records the current terms.
    """
    if issued_by is None:
        raise ValidationError(ISSUER_REQUIRED)
    partnership = _locked(partnership)
    if not permissions.is_trust_signatory_of(issued_by, partnership):
        # Checked here, not only in the views: a superuser or a non-signatory cannot issue in the
        # trust's name from the admin, the shell or the command either.
        raise ValidationError(NOT_A_SIGNATORY.format(trust=partnership.trust.name), code="not_a_signatory")
    terms = build_terms(partnership)
    refusal = issue_refusal(partnership, terms=terms)
    if refusal:
        raise ValidationError(refusal, code="issue_refused")
    now = timezone.now()
    _supersede(partnership, statuses=(Status.DRAFT, Status.ISSUED), at=now)
    version = _create_version(
        partnership, status=Status.ISSUED, generated_by=issued_by, at=now, issued_by=issued_by, terms=terms
    )
    _sign(version, party=AgreementSignature.Party.TRUST, by=issued_by, authority=TRUST_AUTHORITY, at=now)
    result = render_agreement_version.enqueue(version.pk)
    version.refresh_from_db()
    if result.status == TaskResultStatus.FAILED:
        # Rendered in-process and failed: roll everything back rather than issue without a PDF.
        raise ValidationError(RENDER_FAILED, code="render_failed")
    # Email both parties once the issue is committed; a failed send is logged and undoes nothing.
    transaction.on_commit(partial(notifications.notify_agreement_issued, version), robust=True)
    return version


def issue_refusal(partnership: Partnership, *, terms: dict | None = None) -> str | None:
    """Why the partnership's agreement cannot be issued now, or None if it can.

    Issuing needs the governors' approval of exactly the terms stored now: the latest approval's
    fingerprint must equal the fingerprint of the current terms (without their approvals).
    """
    if partnership.status in PartnershipStatus.VARYING:
        return VARIATION_OPEN
    if not lifecycle.allows(partnership, "issue"):
        return CANNOT_ISSUE.format(status=partnership.get_status_display().lower())
    current = partnership.agreement_versions.in_force().first()
    terms = build_terms(partnership) if terms is None else terms
    if current is not None and current.terms_sha256 == terms_fingerprint(terms):
        return ALREADY_ISSUED.format(
            number=current.number, issued_on=format_date(timezone.localdate(current.issued_at))
        )
    return _approval_refusal(partnership, agreed_terms_fingerprint(terms))


def _approval_refusal(partnership: Partnership, fingerprint: str) -> str | None:
    approval = latest_approval(partnership)
    if approval is None:
        return NOT_APPROVED.format(detail=NEVER_APPROVED)
    approved_on = format_date(timezone.localdate(approval.decided_at))
    if not approval.terms_sha256:
        return NOT_APPROVED.format(detail=UNBOUND_APPROVAL.format(approved_on=approved_on))
    if approval.terms_sha256 != fingerprint:
        version = approval.agreement_version
        detail = TERMS_CHANGED_SINCE_APPROVAL.format(
            what=f"version {version.number}" if version else "the terms",
            name=approval.decided_by_name,
            approved_on=approved_on,
        )
        return NOT_APPROVED.format(detail=detail)
    return None


def latest_approval(partnership: Partnership) -> ReviewDecision | None:
    """The governors' most recent approval of the partnership (or of a variation of it)."""
    return (
        partnership.review_decisions.filter(decision=ReviewDecision.Decision.APPROVED)
        .select_related("agreement_version")
        .order_by("-decided_at", "-id")
        .first()
    )


@transaction.atomic
def agreement_sign_for_school(*, decision: ReviewDecision) -> AgreementSignature:
    """The school's signature: the governors' approval of the version they reviewed.

    Called by partnerships.services.partnership_approve, which has checked the person's authority.
    """
    version = decision.agreement_version
    assert version is not None, "an approval is always of a version"
    return _sign(
        version,
        party=AgreementSignature.Party.SCHOOL,
        by=decision.decided_by,
        authority=decision.authority,
        at=decision.decided_at,
        decision=decision,
    )


def _sign(version: AgreementVersion, *, party: str, by, authority: str, at, decision=None) -> AgreementSignature:
    signature = AgreementSignature(
        version=version,
        party=party,
        terms_sha256=version.agreed_fingerprint,
        signed_by=by,
        signer_name=by.get_full_name() or by.username,
        signer_role=by.job_title,
        authority=authority,
        signed_at=at,
        decision=decision,
        is_variation=bool(decision and decision.variation_id) or version.partnership.variations.exists(),
    )
    signature.full_clean()
    signature._history_user = by  # type: ignore[attr-defined]
    signature._change_reason = f"Signed for the {party}"  # type: ignore[attr-defined]
    signature.save()
    return signature


# WeasyPrint and pyHanko take about a second to import. They are imported on the first render or
# seal, not when Django starts: every web worker, management command and test process paid that
# second at start-up, though most never render a document.
def render_pdf(snapshot: dict) -> "RenderedPdf":
    """The agreement's PDF from its snapshot (agreements.rendering)."""
    from .rendering import render_pdf as render

    return render(snapshot)


def seal_pdf(content: bytes, *, reason: str) -> bytes:
    """The issued PDF with the service's seal (agreements.seal)."""
    from .seal import seal_pdf as seal

    return seal(content, reason=reason)


def agreement_render(*, version_id: int) -> dict:
    """Render the version's PDF from its snapshot and attach it with its SHA-256 (once only)."""
    version = AgreementVersion.objects.get(pk=version_id)
    if version.is_rendered:
        return _render_summary(version)
    try:
        with time_limit(settings.AGREEMENT_RENDER_TIME_LIMIT):
            rendered = render_pdf(version.snapshot)
        content = rendered.content
        if version.was_issued:
            content = seal_pdf(content, reason=f"Issued agreement {version.reference}, version {version.number}")
    except Exception as error:
        logger.exception("Rendering %s failed", version)
        _record_render_error(version, error)
        raise
    with transaction.atomic():
        version = AgreementVersion.objects.select_for_update().get(pk=version_id)
        if not version.is_rendered:
            version.pdf.save(version.download_name, ContentFile(content), save=False)
            version.sha256 = sha256_of(content)
            version.page_count, version.rendered_at, version.render_error = rendered.page_count, timezone.now(), ""
            version.save(update_fields=["pdf", "sha256", "page_count", "rendered_at", "render_error"])
    return _render_summary(version)


def agreement_pdf_for_download(version: AgreementVersion) -> bytes:
    """The stored PDF bytes, after checking them against the recorded SHA-256. Never serves a changed file."""
    if not version.is_rendered:
        message = RENDER_ERROR if version.render_error else NOT_RENDERED
        raise AgreementPdfUnavailable(message.format(number=version.number), code="not_ready")
    try:
        with version.pdf.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        content = None
    if content is None or sha256_of(content) != version.sha256:
        logger.error(
            "Agreement PDF failed its integrity check: %s version %s (id %s), file %s, expected sha256 %s, found %s",
            version.reference,
            version.number,
            version.pk,
            version.pdf.name,
            version.sha256,
            "missing file" if content is None else sha256_of(content),
        )
        raise AgreementPdfTampered(TAMPERED.format(number=version.number, reference=version.reference), code="tampered")
    return content


def agreement_verify(uploaded_bytes: bytes) -> AgreementVersion | None:
    """The issued version (in force or superseded since) whose PDF is exactly these bytes, or None."""
    return (
        AgreementVersion.objects.issued_ever()
        .select_related("partnership__school", "partnership__trust", "issued_by")
        .filter(sha256=sha256_of(uploaded_bytes))
        .first()
    )


def _locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _supersede(partnership: Partnership, *, statuses: tuple, at: datetime.datetime) -> None:
    for version in partnership.agreement_versions.filter(status__in=statuses):
        version.status, version.superseded_at = Status.SUPERSEDED, at
        version.save(update_fields=["status", "superseded_at"])


def _create_version(
    partnership: Partnership,
    *,
    status: str,
    generated_by: User | None,
    at: datetime.datetime,
    issued_by: User | None = None,
    terms: dict | None = None,
) -> AgreementVersion:
    latest = partnership.agreement_versions.aggregate(latest=Max("number"))["latest"] or 0
    issued_at = at if issued_by is not None else None
    snapshot = build_snapshot(
        partnership,
        number=latest + 1,
        status=status,
        generated_at=at,
        generated_by=generated_by,
        issued_by=issued_by,
        issued_at=issued_at,
        terms=terms,
    )
    return AgreementVersion.objects.create(
        partnership=partnership,
        number=latest + 1,
        status=status,
        snapshot=snapshot,
        terms_sha256=terms_fingerprint(snapshot["terms"]),
        generated_by=generated_by,
        generated_at=at,
        issued_by=issued_by,
        issued_at=issued_at,
    )


def _record_render_error(version: AgreementVersion, error: Exception) -> None:
    version.render_error = f"{type(error).__name__}: {error}"[:2000]
    version.save(update_fields=["render_error"])


def _render_summary(version: AgreementVersion) -> dict:
    return {"version_id": version.pk, "number": version.number, "sha256": version.sha256, "pages": version.page_count}
