"""Schools and academy trusts, as published by GIAS (Get Information about Schools).

Every identifier is stored as a string: URNs, UKPRNs, LAESTABs and Companies House numbers
can carry leading zeros.
"""

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

urn_validator = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 100000.")
ukprn_validator = RegexValidator(r"^1\d{7}$", "Enter a UKPRN of 8 digits starting with 1, like 10079319.")
group_id_validator = RegexValidator(r"^TR\d{5}$", "Enter a trust reference number like TR02343.")
companies_house_validator = RegexValidator(
    r"^[A-Z0-9]{8}$", "Enter a Companies House number of 8 characters, like 07654321."
)


class TrustQuerySet(models.QuerySet):
    def open(self):
        """Trusts that GIAS lists as open."""
        return self.filter(status=Trust.Status.OPEN)


class Trust(models.Model):
    class TrustType(models.TextChoices):
        MULTI_ACADEMY_TRUST = "mat", "Multi-academy trust"
        SINGLE_ACADEMY_TRUST = "sat", "Single-academy trust"
        SECURE_SINGLE_ACADEMY_TRUST = "ssat", "Secure single-academy trust"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=255)
    group_uid = models.CharField("Group UID", max_length=10, unique=True)
    group_id = models.CharField(
        "trust reference number", max_length=10, blank=True, db_index=True, validators=[group_id_validator]
    )
    companies_house_number = models.CharField(
        max_length=8, blank=True, db_index=True, validators=[companies_house_validator]
    )
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, validators=[ukprn_validator])
    trust_type = models.CharField(max_length=4, choices=TrustType.choices)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    street = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    region = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)

    history = HistoricalRecords()
    objects = TrustQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.group_id})" if self.group_id else self.name

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, self.town, self.postcode) if part)


class SchoolQuerySet(models.QuerySet):
    def open(self):
        """Schools that are open now (including those proposed to close)."""
        return self.filter(status__in=School.Status.OPEN_STATES)

    def search(self, text: str):
        """Schools whose URN starts with, or whose name contains, the text typed."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isascii() and text.isdigit():
            return self.filter(_urn_prefix(text))
        return self.filter(name__icontains=text)


def _urn_prefix(digits: str) -> Q:
    """URN starts with these digits, written so the URN's unique index answers it on every
    database: a whole URN is an equality, a shorter prefix a range ("52" → "52" ≤ urn < "53").
    (SQLite's LIKE ignores case, so `urn LIKE '52%'` would read every school instead.)"""
    if len(digits) >= 6:
        return Q(urn=digits)
    bound = digits.rstrip("9")
    below = Q(urn__lt=bound[:-1] + str(int(bound[-1]) + 1)) if bound else Q()
    return Q(urn__gte=digits) & below


class School(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OPEN_PROPOSED_TO_CLOSE = "open_proposed_to_close", "Open, but proposed to close"
        PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"
        CLOSED = "closed", "Closed"
        OPEN_STATES: ClassVar[tuple[str, ...]]

    Status.OPEN_STATES = (Status.OPEN, Status.OPEN_PROPOSED_TO_CLOSE)

    class OfstedGrade(models.TextChoices):
        """Single-word overall effectiveness grades, which Ofsted stopped giving state schools in
        September 2024: only ever shown as a *previous* grade with its date, never as a rating."""

        OUTSTANDING = "Outstanding", "Outstanding"
        GOOD = "Good", "Good"
        REQUIRES_IMPROVEMENT = "Requires improvement", "Requires improvement"
        INADEQUATE = "Inadequate", "Inadequate"
        SERIOUS_WEAKNESSES = "Serious Weaknesses", "Serious weaknesses"
        SPECIAL_MEASURES = "Special Measures", "Special measures"

    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, validators=[ukprn_validator])
    laestab = models.CharField("LAESTAB", max_length=7, blank=True)
    name = models.CharField(max_length=255)
    la_code = models.CharField("local authority code", max_length=3, blank=True)
    la_name = models.CharField("local authority", max_length=100, blank=True, db_index=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    establishment_type_group = models.CharField(max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=50, blank=True)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    pupils_on_roll = models.PositiveIntegerField(null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    street = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # One of the nine DfE regions, from GIAS `GOR (name)` (the retired RSC regions are not kept).
    region = models.CharField("DfE region", max_length=100, blank=True, db_index=True)
    diocese = models.CharField(max_length=100, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    # GIAS `Federations (name)`: a federated school's party to an agreement is the federation's governing body.
    federation_name = models.CharField("federation", max_length=255, blank=True)
    # British National Grid (GIAS `Easting`/`Northing`, metres): straight-line distances between schools.
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    previous_ofsted_grade = models.CharField(
        "previous overall Ofsted grade (before September 2024)", max_length=32, choices=OfstedGrade.choices, blank=True
    )
    previous_ofsted_grade_on = models.DateField("date of the previous overall grade", null=True, blank=True)
    ofsted_last_inspection = models.DateField("date of the latest Ofsted inspection", null=True, blank=True)
    ofsted_last_inspection_type = models.CharField("type of the latest Ofsted inspection", max_length=100, blank=True)
    # Report card grades of the latest inspection (from November 2025), area -> grade, as Ofsted publishes them.
    ofsted_report_card = models.JSONField("latest Ofsted report card", default=dict, blank=True)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="schools")
    joined_trust_on = models.DateField("date it joined its trust", null=True, blank=True)
    gias_last_changed_on = models.DateField("last changed in GIAS", null=True, blank=True)

    history = HistoricalRecords()
    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="school_closes_after_it_opens",
                violation_error_message="The school's closing date must be on or after its opening date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"

    @property
    def is_academy(self) -> bool:
        from schools.eligibility import is_academy_type

        return is_academy_type(self.establishment_type, self.establishment_type_group)

    @property
    def is_open(self) -> bool:
        return self.status in self.Status.OPEN_STATES

    @property
    def is_church_school(self) -> bool:
        """A school with a religious character (church schools need diocese consent to convert)."""
        return self.religious_character not in ("", "Does not apply", "None")

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, self.town, self.postcode) if part)


class EstablishmentLink(models.Model):
    """A GIAS link between two establishments (links_edubasealldataYYYYMMDD.csv), by URN: a maintained
    school that closed and reopened as an academy has a "Successor" link to the academy (and the
    academy a "Predecessor" link back). Kept by URN, since either school may not be stored."""

    urn = models.CharField("URN", max_length=6, db_index=True, validators=[urn_validator])
    linked_urn = models.CharField("linked URN", max_length=6, db_index=True, validators=[urn_validator])
    linked_name = models.CharField(max_length=255, blank=True)
    link_type = models.CharField(max_length=100)  # "Successor", "Predecessor", "Successor - merged", …
    established_on = models.DateField("link established", null=True, blank=True)
    # "urn>linked_urn link type": one natural key, so the importer's bulk writes can find the rows.
    key = models.CharField(max_length=120, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["urn", "link_type", "linked_urn"]

    def __str__(self) -> str:
        return f"{self.urn} {self.link_type.lower()} {self.linked_urn}"

    @staticmethod
    def make_key(urn: str, linked_urn: str, link_type: str) -> str:
        return f"{urn}>{linked_urn} {link_type}"[:120]

    @property
    def is_successor(self) -> bool:
        return self.link_type.startswith("Successor")


# A summary lists at most 100 skipped rows and 100 warnings per file: well under this.
SUMMARY_MAX_LENGTH = 200_000


class GiasImportQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status=GiasImport.Status.IMPORTING)

    def imported(self):
        return self.filter(status=GiasImport.Status.IMPORTED)


class GiasImport(models.Model):
    """One import of GIAS (and Ofsted) files, from the admin upload or the command: which files, their
    dates, who asked for it, its preview, progress and outcome. At most one is importing at a time."""

    class Status(models.TextChoices):
        WORKING: ClassVar[tuple[str, ...]]
        FINISHED: ClassVar[tuple[str, ...]]
        TAG_COLOURS: ClassVar[dict[str, str]]

        PREVIEWING = "previewing", "Checking the files"
        PREVIEWED = "previewed", "Waiting for confirmation"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    Status.WORKING = (Status.PREVIEWING, Status.IMPORTING)
    Status.FINISHED = (Status.IMPORTED, Status.FAILED, Status.CANCELLED)
    Status.TAG_COLOURS = {
        Status.PREVIEWING: "blue",
        Status.PREVIEWED: "yellow",
        Status.IMPORTING: "blue",
        Status.IMPORTED: "green",
        Status.FAILED: "red",
        Status.CANCELLED: "grey",
    }

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWING)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="gias_imports", verbose_name="uploaded by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    partial = models.BooleanField("the establishments file is an extract", default=False)
    force = models.BooleanField("import even if older than the last import", default=False)
    establishments = models.FileField(upload_to="gias/", blank=True)
    groups = models.FileField(upload_to="gias/", blank=True)
    group_links = models.FileField(upload_to="gias/", blank=True)
    links = models.FileField(upload_to="gias/", blank=True)
    ofsted = models.FileField(upload_to="gias/", blank=True)
    file_names = models.JSONField(default=dict, blank=True)  # kind -> the name the file was uploaded as
    file_dates = models.JSONField(default=dict, blank=True)  # kind -> ISO date of the file (name or content)
    progress = models.CharField(max_length=200, blank=True)  # "Schools: 22,500 rows (45%)"
    preview = models.TextField(max_length=SUMMARY_MAX_LENGTH, blank=True)  # the summary of the dry run
    would_create = models.PositiveIntegerField(default=0)
    would_update = models.PositiveIntegerField(default=0)
    would_close = models.PositiveIntegerField(default=0)
    summary = models.TextField(max_length=SUMMARY_MAX_LENGTH, blank=True)  # the summary of the import itself
    error = models.TextField(max_length=SUMMARY_MAX_LENGTH, blank=True)

    history = HistoricalRecords()
    objects = GiasImportQuerySet.as_manager()

    class Meta:
        verbose_name = "GIAS import"
        ordering = ["-created_at", "-pk"]
        permissions = [("import_gias", "Can import GIAS downloads (data manager)")]
        constraints = [
            # One import at a time: the database refuses a second row in "importing".
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="importing"), name="one_gias_import_at_a_time"
            )
        ]

    def __str__(self) -> str:
        names = ", ".join(self.file_names.values()) or "no files"
        return f"GIAS import {self.pk} ({names})"

    FILE_KINDS = ("groups", "establishments", "group_links", "links", "ofsted")

    def mark(self, *, by, reason: str) -> None:
        """Who the next save's history row names, and why."""
        self._history_user = by
        self._change_reason = reason

    def uploaded_files(self) -> dict:
        """kind -> the stored file, in import order, for the kinds uploaded."""
        return {kind: getattr(self, kind) for kind in self.FILE_KINDS if getattr(self, kind)}
