import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnerships.dates import TermLength, add_months, term_length


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Partnerships the user may read: their trust's, their school's, or all for oversight."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_oversight:
            return self
        if user.is_trust_staff:
            return self.filter(trust_id=user.trust_id)
        if user.is_governor:
            return self.filter(school_id=user.school_id)
        return self.none()

    def editable_by(self, user):
        """Partnerships whose terms the user may change now: their trust's, while editable."""
        if not getattr(user, "is_authenticated", False) or not user.is_trust_staff:
            return self.none()
        return self.filter(trust_id=user.trust_id, status__in=Partnership.Status.EDITABLE)

    def live(self):
        """Partnerships that have not ended or been withdrawn."""
        return self.filter(status__in=Partnership.Status.LIVE)

    def running(self):
        """Agreed or active partnerships: the ones that bind both parties."""
        return self.filter(status__in=Partnership.Status.BINDING)

    def ending_within(self, days: int, *, today: datetime.date | None = None):
        """Live partnerships whose end date falls in the next `days` days."""
        today = today or timezone.localdate()
        return self.live().filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=days))

    def overlapping(self, *, school, starts_on: datetime.date, ends_on: datetime.date):
        """The school's partnerships (not withdrawn) whose dates share a day with the range."""
        return (
            self.filter(school=school)
            .exclude(status=Partnership.Status.WITHDRAWN)
            .annotate(effective_end=Coalesce("ended_on", "end_date"))
            .filter(start_date__lte=ends_on, effective_end__gte=starts_on)
        )


class PaymentMethod(models.TextChoices):
    BACS = "bacs", "BACS (bank transfer)"
    CHEQUE = "cheque", "Cheque"
    OTHER = "other", "Another method, set out in the payment terms"


class InvoiceTiming(models.TextChoices):
    ADVANCE = "advance", "In advance"
    ARREARS = "arrears", "In arrears"


vat_number_validator = RegexValidator(
    r"^GB ?\d{3} ?\d{4} ?\d{2}( ?\d{3})?$",
    "Enter a UK VAT registration number, like GB 123 4567 89",
)

EXTENSION_LIMIT_BEFORE_END = "The latest end date if extended must be on or after the end date."
EXTENSION_LIMIT_TOO_LATE = "A trust partnership can last at most {maximum} months, so the latest end date is {latest}."
EXTENDED_PAST_LIMIT = "The agreement allows the partnership to be extended to no later than {limit}."


class Partnership(models.Model):
    PaymentMethod = PaymentMethod
    InvoiceTiming = InvoiceTiming

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Active"
        CONCLUDED = "concluded", "Concluded"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ENDED_EARLY = "ended_early", "Ended early"
        # A change to agreed terms: staff prepare it, then the governors approve or decline it.
        # The last issued agreement stays in force meanwhile.
        VARIATION_PROPOSED = "variation_proposed", "Variation proposed"
        VARIATION_IN_REVIEW = "variation_in_review", "Variation in review"
        EDITABLE: ClassVar[tuple["Partnership.Status", ...]]
        VARYING: ClassVar[tuple["Partnership.Status", ...]]
        IN_REVIEW_STATES: ClassVar[tuple["Partnership.Status", ...]]
        BINDING: ClassVar[tuple["Partnership.Status", ...]]
        LIVE: ClassVar[tuple["Partnership.Status", ...]]
        TERMINAL: ClassVar[tuple["Partnership.Status", ...]]
        TAG_COLOURS: ClassVar[dict[str, str]]

    # State groups. Which transitions each state allows is in partnerships.lifecycle.TRANSITIONS.
    Status.EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.VARIATION_PROPOSED)
    Status.VARYING = (Status.VARIATION_PROPOSED, Status.VARIATION_IN_REVIEW)
    Status.IN_REVIEW_STATES = (Status.IN_REVIEW, Status.VARIATION_IN_REVIEW)
    # Agreed terms bind both parties: during a variation the last issued agreement stays in force.
    Status.BINDING = (Status.AGREED, Status.ACTIVE, *Status.VARYING)
    Status.LIVE = (Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, *Status.BINDING)
    Status.TERMINAL = (Status.CONCLUDED, Status.WITHDRAWN, Status.ENDED_EARLY)
    # GOV.UK tag modifier for each status.
    Status.TAG_COLOURS = {
        Status.DRAFT: "govuk-tag--grey",
        Status.IN_REVIEW: "govuk-tag--blue",
        Status.CHANGES_REQUESTED: "govuk-tag--orange",
        Status.AGREED: "govuk-tag--turquoise",
        Status.ACTIVE: "govuk-tag--green",
        Status.CONCLUDED: "govuk-tag--purple",
        Status.WITHDRAWN: "govuk-tag--red",
        Status.ENDED_EARLY: "govuk-tag--pink",
        Status.VARIATION_PROPOSED: "govuk-tag--yellow",
        Status.VARIATION_IN_REVIEW: "govuk-tag--light-blue",
    }

    reference = models.CharField(max_length=20, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="partnerships")
    trust = models.ForeignKey("schools.Trust", on_delete=models.PROTECT, related_name="partnerships")
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    purpose = models.TextField("purpose of the partnership", max_length=2000)

    trust_lead_name = models.CharField("trust lead contact", max_length=150)
    trust_lead_role = models.CharField("trust lead's role", max_length=150, blank=True)
    trust_lead_email = models.EmailField("trust lead's email address", max_length=254)
    chair_of_governors_name = models.CharField("chair of governors", max_length=150)
    chair_of_governors_email = models.EmailField("chair of governors' email address", max_length=254, blank=True)
    headteacher_name = models.CharField("headteacher", max_length=150)
    headteacher_email = models.EmailField("headteacher's email address", max_length=254, blank=True)

    no_charge = models.BooleanField(
        "no service charge", default=False, help_text="The trust provides its support at no cost to the school."
    )
    extendable_until = models.DateField(
        "latest end date if extended",
        null=True,
        blank=True,
        help_text="Blank: the partnership cannot be extended. A date: it can be, to end no later than that date.",
    )
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.BACS)
    payment_due_days = models.PositiveSmallIntegerField(
        "days to pay", default=30, validators=[MinValueValidator(0), MaxValueValidator(120)]
    )
    invoice_timing = models.CharField(max_length=10, choices=InvoiceTiming.choices, default=InvoiceTiming.ARREARS)
    trust_vat_number = models.CharField(
        "trust's VAT registration number", max_length=14, blank=True, validators=[vat_number_validator]
    )
    payment_terms = models.CharField("other payment terms", max_length=500, blank=True, default="")
    purchase_order_reference = models.CharField("purchase order number", max_length=100, blank=True)
    internal_reference = models.CharField("school's internal reference", max_length=100, blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField("actual end date", null=True, blank=True)
    closure_reason = models.TextField(max_length=2000, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "reference"]
        indexes = [models.Index(fields=["school", "start_date"]), models.Index(fields=["end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="partnership_ends_after_start",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_date")),
                name="partnership_ended_on_after_start",
                violation_error_message="The actual end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.school.name} with {self.trust.name}"

    @property
    def term(self) -> TermLength:
        return term_length(self.start_date, self.end_date)

    @property
    def latest_allowed_end_date(self) -> datetime.date:
        return add_months(self.start_date, settings.PARTNERSHIP_MAX_MONTHS) - datetime.timedelta(days=1)

    @property
    def can_be_extended(self) -> bool:
        return self.end_date < self.latest_allowed_end_date

    @property
    def payment_due_days_text(self) -> str:
        return f"{self.payment_due_days} day{'' if self.payment_due_days == 1 else 's'}"

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    @property
    def is_editable(self) -> bool:
        return self.status in self.Status.EDITABLE

    @property
    def is_varying(self) -> bool:
        return self.status in self.Status.VARYING

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.end_date - (today or timezone.localdate())).days

    def clean(self):
        from partnerships.validation import validate_partnership

        # Parties are checked when a partnership is set up; a school that later converts or
        # closes must not make an agreed partnership invalid.
        validate_partnership(self, check_parties=self.status == self.Status.DRAFT and self._state.adding)
        self._validate_extension_limit()

    def _validate_extension_limit(self) -> None:
        from partnerships.validation import format_date

        limit = self.extendable_until
        if limit is None or self.start_date is None or self.end_date is None:
            return
        try:
            latest = self.latest_allowed_end_date
        except (OverflowError, ValueError):
            return
        if limit > latest:
            raise ValidationError(
                {
                    "extendable_until": EXTENSION_LIMIT_TOO_LATE.format(
                        maximum=settings.PARTNERSHIP_MAX_MONTHS, latest=format_date(latest)
                    )
                }
            )
        if limit < self.end_date:
            if self.status in self.Status.EDITABLE:
                raise ValidationError({"extendable_until": EXTENSION_LIMIT_BEFORE_END})
            raise ValidationError({"end_date": EXTENDED_PAST_LIMIT.format(limit=format_date(limit))})
