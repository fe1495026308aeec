"""School term dates a trust enters for an academic year, used to count termly charges."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnerships.school_terms import SchoolTerm, academic_year_label

TERM_ENDS_BEFORE_START = "The {season} term must end after it starts."
TERMS_OUT_OF_ORDER = "The {season} term must start after the {previous} term ends."
TERM_OUTSIDE_YEAR = "Enter dates within the academic year {label} (1 August {start} to 31 August {end})."


class TermDatesQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        """The rows that can apply to the partnership: its trust's, for all schools or the school's LA."""
        return self.filter(trust_id=partnership.trust_id).filter(Q(la_code="") | Q(la_code=partnership.school.la_code))


class TermDates(models.Model):
    """One academic year's autumn, spring and summer term dates, as a trust's partner schools keep them.

    With `la_code` blank they apply to all the trust's partnerships; with a local authority code
    they apply to schools in that local authority (whose term dates the LA sets) and take
    precedence over the trust-wide row.
    """

    trust = models.ForeignKey("schools.Trust", on_delete=models.CASCADE, related_name="term_dates")
    la_code = models.CharField(
        "local authority code",
        max_length=3,
        blank=True,
        help_text="Leave blank for the dates all the trust's partner schools keep.",
    )
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts in: 2026 for 2026/27.",
        validators=[MinValueValidator(2000), MaxValueValidator(2098)],
    )
    autumn_starts_on = models.DateField("autumn term starts")
    autumn_ends_on = models.DateField("autumn term ends")
    spring_starts_on = models.DateField("spring term starts")
    spring_ends_on = models.DateField("spring term ends")
    summer_starts_on = models.DateField("summer term starts")
    summer_ends_on = models.DateField("summer term ends")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = TermDatesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "term dates"
        ordering = ["trust", "academic_year", "la_code"]
        constraints = [
            models.UniqueConstraint(fields=["trust", "la_code", "academic_year"], name="term_dates_one_per_year"),
            models.CheckConstraint(
                condition=Q(autumn_ends_on__gt=models.F("autumn_starts_on"))
                & Q(spring_starts_on__gt=models.F("autumn_ends_on"))
                & Q(spring_ends_on__gt=models.F("spring_starts_on"))
                & Q(summer_starts_on__gt=models.F("spring_ends_on"))
                & Q(summer_ends_on__gt=models.F("summer_starts_on")),
                name="term_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        where = f" (local authority {self.la_code})" if self.la_code else ""
        return f"Term dates {academic_year_label(self.academic_year)}{where}"

    @property
    def terms(self) -> tuple[SchoolTerm, ...]:
        return tuple(
            SchoolTerm(
                season, self.academic_year, getattr(self, f"{season}_starts_on"), getattr(self, f"{season}_ends_on")
            )
            for season in ("autumn", "spring", "summer")
        )

    def clean(self):
        if self.academic_year is None or any(value is None for value in self._dates()):
            return
        first, last = datetime.date(self.academic_year, 8, 1), datetime.date(self.academic_year + 1, 8, 31)
        errors: dict[str, str] = {}
        previous = None
        for season in ("autumn", "spring", "summer"):
            starts, ends = getattr(self, f"{season}_starts_on"), getattr(self, f"{season}_ends_on")
            for name, value in ((f"{season}_starts_on", starts), (f"{season}_ends_on", ends)):
                if not first <= value <= last:
                    errors.setdefault(
                        name,
                        TERM_OUTSIDE_YEAR.format(
                            label=academic_year_label(self.academic_year),
                            start=self.academic_year,
                            end=self.academic_year + 1,
                        ),
                    )
            if ends <= starts:
                errors.setdefault(f"{season}_ends_on", TERM_ENDS_BEFORE_START.format(season=season))
            if previous and starts <= getattr(self, f"{previous}_ends_on"):
                errors.setdefault(f"{season}_starts_on", TERMS_OUT_OF_ORDER.format(season=season, previous=previous))
            previous = season
        if errors:
            raise ValidationError(errors)

    def _dates(self):
        return [
            getattr(self, f"{season}_{edge}_on")
            for season in ("autumn", "spring", "summer")
            for edge in ("starts", "ends")
        ]


def term_overrides(partnership) -> dict[int, tuple[SchoolTerm, ...]]:
    """Academic year → the terms the trust entered for this partnership's school (one query).

    A row for the school's local authority wins over the trust-wide row of the same year.
    """
    rows = sorted(TermDates.objects.for_partnership(partnership), key=lambda row: row.la_code != "")
    return {row.academic_year: row.terms for row in rows}
