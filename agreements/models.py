"""Versions of a partnership's formal agreement: a frozen snapshot of the terms and its PDF.

An issued version is a record both parties rely on, so it can never be edited or deleted. The
guards below sit on the model and on its QuerySet so that no service, form, admin page or shell
session can change one by accident. The only writes a version accepts after it is created are:

* attaching its PDF once (the render task fills `pdf`, `sha256`, `page_count`, `rendered_at`);
* recording why rendering failed, while no PDF is attached;
* moving from draft or issued to superseded when a later version replaces it.
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.dates import format_date

ISSUED_IS_FINAL = (
    "Version {number} of the agreement for {reference} was issued on {issued_on} and cannot be {action}. "
    "To change agreed terms, issue a new version."
)
SNAPSHOT_IS_FINAL = (
    "Version {number} of the agreement for {reference} records the terms as they were when it was made "
    "and cannot be changed. Generate a new version instead."
)
PDF_IS_FINAL = "Version {number} of the agreement for {reference} already has its PDF; it is never replaced."
ILLEGAL_STATUS_CHANGE = "Version {number} of the agreement for {reference} cannot go from {old} to {new}."
BULK_CHANGE_REFUSED = "Agreement versions that have been issued cannot be {action} in bulk or otherwise."
BULK_FROZEN_FIELDS = "Agreement versions cannot have {fields} changed: generate a new version instead."

# Set when a version is created, never changed afterwards.
FROZEN_FIELDS = (
    "partnership_id",
    "number",
    "snapshot",
    "terms_sha256",
    "generated_by_id",
    "generated_at",
    "issued_by_id",
    "issued_at",
)
# Filled once by the render task.
PDF_FIELDS = ("pdf", "sha256", "page_count", "rendered_at", "render_error")
BULK_FROZEN_NAMES = set(FROZEN_FIELDS) | {name.removesuffix("_id") for name in FROZEN_FIELDS}


class AgreementVersionLocked(ValidationError):
    """A change to an agreement version that the record does not allow. Nothing was changed."""


class AgreementVersionQuerySet(models.QuerySet):
    def issued_ever(self):
        """Versions that were issued at some point (still in force, or superseded since)."""
        return self.filter(issued_at__isnull=False)

    def in_force(self):
        """The issued version of each partnership that has one."""
        return self.filter(status=AgreementVersion.Status.ISSUED)

    def update(self, **kwargs):
        frozen = sorted(set(kwargs) & BULK_FROZEN_NAMES)
        if frozen:
            raise AgreementVersionLocked(BULK_FROZEN_FIELDS.format(fields=", ".join(frozen)))
        if self.issued_ever().exists():
            raise AgreementVersionLocked(BULK_CHANGE_REFUSED.format(action="changed"))
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        if self.issued_ever().exists():
            raise AgreementVersionLocked(BULK_CHANGE_REFUSED.format(action="deleted"))
        return super().delete()

    delete.alters_data = True  # type: ignore[attr-defined]


def _pdf_path(version: "AgreementVersion", filename: str) -> str:
    return f"agreements/{version.snapshot['reference']}/{filename}"


class AgreementVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"
        SUPERSEDED = "superseded", "Superseded"
        TAG_COLOURS: ClassVar[dict[str, str]]
        TRANSITIONS: ClassVar[set[tuple[str, str]]]

    Status.TAG_COLOURS = {
        Status.DRAFT: "govuk-tag--grey",
        Status.ISSUED: "govuk-tag--green",
        Status.SUPERSEDED: "govuk-tag--yellow",
    }
    # The only status changes a version allows, to supersede it when a later one replaces it.
    Status.TRANSITIONS = {(Status.DRAFT, Status.SUPERSEDED), (Status.ISSUED, Status.SUPERSEDED)}

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.PROTECT, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField("version")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    snapshot = models.JSONField(help_text="Every stored value the document is built from, as it was.")
    terms_sha256 = models.CharField(
        "terms fingerprint", max_length=64, help_text="SHA-256 of the snapshot's terms: equal when nothing changed."
    )
    pdf = models.FileField("PDF", upload_to=_pdf_path, blank=True, max_length=255)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True, db_index=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    render_error = models.TextField(blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField()
    rendered_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = AgreementVersionQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-number"]
        get_latest_by = "number"
        # Related lookups and deletion collection go through the guarded QuerySet too.
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="agreement_version_number_unique"),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(status="issued"), name="one_issued_agreement_per_partnership"
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(issued_at__isnull=False, issued_by__isnull=False),
                name="issued_agreement_has_issuer",
            ),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(issued_at__isnull=True), name="draft_agreement_not_issued"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('reference', '')} version {self.number} ({self.get_status_display().lower()})"

    @property
    def reference(self) -> str:
        return self.snapshot["reference"]

    @property
    def was_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def agreed_fingerprint(self) -> str:
        """SHA-256 of the terms this version records, without its approvals: what governors approve."""
        from .snapshot import agreed_terms_fingerprint

        return agreed_terms_fingerprint(self.snapshot["terms"])

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256)

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    @property
    def download_name(self) -> str:
        return f"{self.reference}-agreement-v{self.number}{'' if self.was_issued else '-draft'}.pdf"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self._refuse_disallowed_change()
        super().save(*args, **kwargs)

    save.alters_data = True  # type: ignore[attr-defined]

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("issued_at", flat=True).first()
        if self.was_issued or stored is not None:
            raise self._locked(ISSUED_IS_FINAL, action="deleted", issued_at=stored or self.issued_at)
        return super().delete(*args, **kwargs)

    delete.alters_data = True  # type: ignore[attr-defined]

    def _refuse_disallowed_change(self) -> None:
        stored = type(self).objects.get(pk=self.pk)
        changed = {
            name
            for name in (*FROZEN_FIELDS, *PDF_FIELDS, "status", "superseded_at")
            if getattr(stored, name) != getattr(self, name)
        }
        status_changed = bool(changed & {"status", "superseded_at"})
        illegal_status = status_changed and (stored.status, self.status) not in self.Status.TRANSITIONS
        pdf_replaced = bool(changed & set(PDF_FIELDS)) and stored.is_rendered
        frozen_changed = bool(changed & set(FROZEN_FIELDS))
        # Messages name the version as stored, not as the refused change would have it.
        if stored.was_issued and (frozen_changed or pdf_replaced or illegal_status):
            raise stored._locked(ISSUED_IS_FINAL, action="changed", issued_at=stored.issued_at)
        if frozen_changed:
            raise stored._locked(SNAPSHOT_IS_FINAL)
        if pdf_replaced:
            raise stored._locked(PDF_IS_FINAL)
        if illegal_status:
            raise stored._locked(
                ILLEGAL_STATUS_CHANGE, old=stored.get_status_display().lower(), new=self.get_status_display().lower()
            )

    def _locked(self, message: str, **params) -> AgreementVersionLocked:
        issued_at = params.pop("issued_at", None)
        if issued_at is not None:
            params["issued_on"] = format_date(timezone.localdate(issued_at))
        return AgreementVersionLocked(message.format(number=self.number, reference=self.reference, **params))


SIGNATURE_IS_FINAL = "A signature on an agreement is a record of what happened and cannot be changed or deleted."


class AgreementSignature(models.Model):
    """One party's signature of an agreement version, by an authorised signatory.

    The school signs by approving (the chair of governors, or a governor the governing body
    authorised) the version the governors reviewed; the trust signs by issuing (a person with
    `can_sign_for_trust`). Each row names the version, the fingerprint of the terms it records
    (agreements.snapshot.agreed_terms_fingerprint: equal for a reviewed draft and the issued
    version made from the same terms) and the authority the person signed under, copied at the
    time. Rows are written only by the services and never change.
    """

    class Party(models.TextChoices):
        SCHOOL = "school", "School (governing body)"
        TRUST = "trust", "Trust"

    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(max_length=6, choices=Party.choices)
    terms_sha256 = models.CharField("fingerprint of the terms signed", max_length=64)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=301)  # first name (150), a space, last name (150)
    signer_role = models.CharField(max_length=150, blank=True)
    authority = models.CharField("signing authority", max_length=500)
    signed_at = models.DateTimeField()
    decision = models.OneToOneField(
        "partnerships.ReviewDecision", on_delete=models.PROTECT, null=True, blank=True, related_name="signature"
    )
    is_variation = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_signature_per_party_per_version"),
            models.CheckConstraint(
                condition=Q(party="trust", decision__isnull=True) | Q(party="school", decision__isnull=False),
                name="school_signature_is_an_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} for the {self.party} on version {self.version.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AgreementVersionLocked(SIGNATURE_IS_FINAL)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AgreementVersionLocked(SIGNATURE_IS_FINAL)
