"""What the formal agreement is made of: clauses in sections, and the service charge."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnerships.school_terms import terms_touched

PENNY = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999.99")


class ClauseSection(models.IntegerChoices):
    """Sections of the terms and conditions, in the order the agreement prints them.

    The values leave gaps so that sections can be added in their place without renumbering.
    """

    DEFINITIONS = 1, "Definitions and interpretation"
    PARTIES = 2, "The parties"
    TERM = 5, "Term and extension"
    SCOPE = 10, "Scope and services"
    CHARGES = 15, "Charges, invoicing and payment"
    EXPECTATIONS = 20, "Expectations of each party"
    GOVERNANCE = 30, "Governance and review meetings"
    CONFIDENTIALITY = 40, "Confidentiality"
    DATA_PROTECTION = 50, "Data protection"
    SAFEGUARDING = 60, "Safeguarding"
    STAFF = 62, "Staff and conflicts of interest"
    INSURANCE = 64, "Insurance"
    INTELLECTUAL_PROPERTY = 66, "Intellectual property"
    FREEDOM_OF_INFORMATION = 68, "Freedom of information"
    TERMINATION = 70, "Termination"
    LIABILITY = 80, "Liability"
    DISPUTES = 90, "Dispute resolution and complaints"
    NOTICES = 92, "Notices"
    VARIATION = 94, "Variation"
    ENTIRE_AGREEMENT = 96, "Entire agreement"
    GOVERNING_LAW = 98, "Governing law and jurisdiction"
    OTHER = 100, "Other"


class LibraryClause(models.Model):
    """A trust's reusable standard clause. Partnerships copy it; editing the copy leaves this alone."""

    trust = models.ForeignKey("schools.Trust", on_delete=models.CASCADE, related_name="library_clauses")
    section = models.PositiveSmallIntegerField(choices=ClauseSection.choices)
    heading = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    is_archived = models.BooleanField(default=False)
    # Copied from the model clause set: a starting point to review with the trust's own advisers.
    from_model_set = models.BooleanField("from the model clause set", default=False, editable=False)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "heading"]

    def __str__(self) -> str:
        return self.heading


class Clause(models.Model):
    """One clause of a partnership's terms and conditions."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="clauses")
    section = models.PositiveSmallIntegerField(choices=ClauseSection.choices)
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    library_clause = models.ForeignKey(
        LibraryClause, on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "position", "id"]
        indexes = [models.Index(fields=["partnership", "section", "position"])]

    def __str__(self) -> str:
        return self.heading


class CostLine(models.Model):
    """One line of Schedule 1, the service charge. Totals are derived, never typed."""

    class Frequency(models.TextChoices):
        ONE_OFF = "one_off", "One-off"
        MONTHLY = "monthly", "Monthly"
        TERMLY = "termly", "Termly"
        ANNUALLY = "annually", "Annually"

    class VatTreatment(models.TextChoices):
        STANDARD = "standard", "Standard rate (20%)"
        ZERO_RATED = "zero_rated", "Zero-rated"
        EXEMPT = "exempt", "Exempt"
        OUTSIDE_SCOPE = "outside_scope", "Outside the scope of VAT"

    VAT_RATES: dict[str, Decimal] = {VatTreatment.STANDARD: Decimal("0.20")}

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="cost_lines")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(
        "amount in pounds",
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(PENNY), MaxValueValidator(MAX_AMOUNT)],
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    vat_treatment = models.CharField(
        "VAT", max_length=16, choices=VatTreatment.choices, default=VatTreatment.OUTSIDE_SCOPE
    )
    position = models.PositiveIntegerField(default=0)
    # Optimistic concurrency: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="cost_line_amount_positive",
                violation_error_message="The amount must be at least £0.01.",
            )
        ]

    def __str__(self) -> str:
        return self.description

    def occurrences(self, term, school_terms=None) -> int:
        """How many times this line is charged over a term (the rules are in partnerships.charges).

        Termly lines count the school terms the term touches: pass `school_terms` when the trust
        has entered its own term dates, otherwise the default autumn/spring/summer pattern is used.
        """
        months = term.started_months
        if self.frequency == self.Frequency.TERMLY:
            if school_terms is None:
                school_terms = terms_touched(term.starts_on, term.ends_on)
            return len(school_terms)
        periods: dict[str, int] = {
            self.Frequency.ONE_OFF: 1,
            self.Frequency.MONTHLY: months,
            self.Frequency.ANNUALLY: -(-months // 12),
        }
        return periods[self.frequency]

    @property
    def vat_rate(self) -> Decimal:
        return self.VAT_RATES.get(self.vat_treatment, Decimal("0"))

    def totals(self, term, school_terms=None) -> "CostTotals":
        """Net and VAT over the term. VAT is worked out on each charge (as each invoice shows it)."""
        times = self.occurrences(term, school_terms)
        each_vat = (self.amount * self.vat_rate).quantize(PENNY, ROUND_HALF_UP)
        return CostTotals(net=self.amount * times, vat=each_vat * times)


class CostTotals:
    """Net, VAT and gross money amounts that add up."""

    def __init__(self, net: Decimal = Decimal("0.00"), vat: Decimal = Decimal("0.00")):
        self.net, self.vat = net, vat

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    def __add__(self, other: "CostTotals") -> "CostTotals":
        return CostTotals(net=self.net + other.net, vat=self.vat + other.vat)

    def __eq__(self, other) -> bool:
        return isinstance(other, CostTotals) and (self.net, self.vat) == (other.net, other.vat)

    def __repr__(self) -> str:
        return f"CostTotals(net={self.net}, vat={self.vat}, gross={self.gross})"


def service_charge_totals(partnership, cost_lines=None) -> CostTotals:
    """The whole service charge over the partnership's term, counted with the trust's term dates."""
    from partnerships.charges import partnership_charge_schedule

    totals = partnership_charge_schedule(partnership, cost_lines).totals
    return CostTotals(net=totals.net, vat=totals.vat)
