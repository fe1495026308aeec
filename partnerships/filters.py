"""Filters for the oversight list of every partnership (django-filter)."""

import functools

import django_filters
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone

from config.integers import parse_int
from delivery.models import EndReview
from delivery.oversight import DELIVERY_CHOICES, filter_by_delivery
from partnerships.models import Partnership
from partnerships.oversight.dashboard import (
    ENDING_WINDOWS,
    started_without_issued_agreement_q,
    undecided_near_end_q,
    with_oversight_flags,
)
from partnerships.oversight.rendered import cached, data_version
from partnerships.widgets import FastSelect
from schools.models import School, Trust

UNDECIDED_NEAR_END = "undecided_near_end"
NO_TEACHING_OR_LEADERSHIP = "no_teaching_or_leadership"
STARTED_WITHOUT_ISSUED_AGREEMENT = "started_without_issued_agreement"
ATTENTION_CHOICES = [
    (UNDECIDED_NEAR_END, "No academisation decision, fewer than 3 months left"),
    (NO_TEACHING_OR_LEADERSHIP, "No teaching or leadership activity"),
    (STARTED_WITHOUT_ISSUED_AGREEMENT, "Started without an issued agreement"),
]
# Column header → what it sorts by. The list's sortable headers use these names.
SORTABLE = {
    "reference": "reference",
    "school": "school__name",
    "trust": "trust__name",
    "region": "school__region",
    "status": "status",
    "start": "start_date",
    "end": "end_date",
}


# The models the filter's options are read from.
CHOICE_SOURCES = (Partnership, School, Trust)
FILTER_FIELDS = ("q", "status", "region", "la", "trust", "ending_within", "attention", "outcome", "delivery")


def _choose(what: str) -> dict:
    message = f"Select {what} from the list"
    return {"invalid_choice": message, "invalid_list": message}


class FilterForm(forms.Form):
    @functools.cached_property
    def helper(self) -> FormHelper:
        """Built when the form is rendered, which its cached HTML makes rare (see rendered_form)."""
        helper = FormHelper()
        helper.form_tag = False  # the page's own GET form also carries the sort order
        # A GET form: no CSRF token, or it lands in the address bar and every shared link.
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.text("q"),
            *(Field.select(name, css_class="govuk-!-width-full") for name in FILTER_FIELDS[1:]),
        )
        return helper


def region_choices() -> list[tuple[str, str]]:
    """Regions that have a partnership, as (value, label) pairs."""
    schools = School.objects.filter(partnerships__isnull=False).order_by()
    regions = schools.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
    return [(region, region) for region in regions]


def local_authority_choices() -> list[tuple[str, str]]:
    """Local authorities that have a partnership, as (code, "name (code)") pairs."""
    schools = School.objects.filter(partnerships__isnull=False).order_by()
    pairs = schools.exclude(la_code="").values_list("la_code", "la_name").distinct().order_by("la_name", "la_code")
    return [(code, f"{name} ({code})") for code, name in pairs]


def trust_choices() -> list[tuple[str, str]]:
    """Trusts that have a partnership, as (id, label) pairs: England has 2,500 trusts, too many to
    load as model instances."""
    trusts = Trust.objects.filter(partnerships__isnull=False).distinct().order_by("name")
    return [
        (str(pk), f"{name} ({group_id})" if group_id else name)  # as str(trust)
        for pk, name, group_id in trusts.values_list("pk", "name", "group_id")
    ]


# Each list is kept on its own: checking a chosen region does not read 2,500 trusts.
CHOICES = {"region": region_choices, "la": local_authority_choices, "trust": trust_choices}


class PartnershipFilter(django_filters.FilterSet):
    # Bounded: SQLite refuses a LIKE pattern past 50,000 bytes ("pattern too complex"), and no
    # name or reference is near 200 characters.
    q = django_filters.CharFilter(
        label="Search",
        method="filter_text",
        max_length=200,
        help_text="URN, school name, partnership reference, trust name or trust reference (TR…)",
        error_messages={"max_length": "Search for 200 characters or fewer"},
    )
    status = django_filters.ChoiceFilter(
        choices=Partnership.Status.choices, empty_label="Any status", error_messages=_choose("a status")
    )
    region = django_filters.ChoiceFilter(
        label="Region", field_name="school__region", empty_label="Any region", error_messages=_choose("a region")
    )
    la = django_filters.ChoiceFilter(
        label="Local authority",
        field_name="school__la_code",
        empty_label="Any local authority",
        error_messages=_choose("a local authority"),
        widget=FastSelect(attrs={"data-module": "app-autocomplete", "data-autocomplete-noun": "local authority"}),
    )
    trust = django_filters.ChoiceFilter(
        label="Trust",
        field_name="trust",
        empty_label="Any trust",
        error_messages=_choose("a trust"),
        widget=FastSelect(attrs={"data-module": "app-autocomplete", "data-autocomplete-noun": "trust"}),
    )
    ending_within = django_filters.ChoiceFilter(
        label="Ending within",
        method="filter_ending_within",
        empty_label="Any end date",
        choices=[(str(days), f"{days} days") for days in ENDING_WINDOWS],
        error_messages=_choose("how soon"),
    )
    attention = django_filters.ChoiceFilter(
        label="Needs attention",
        method="filter_attention",
        choices=ATTENTION_CHOICES,
        empty_label="Show all",
        error_messages=_choose("what needs attention"),
    )
    outcome = django_filters.ChoiceFilter(
        label="Outcome",
        field_name="end_review__outcome",
        choices=EndReview.Outcome.choices,
        empty_label="Any outcome",
        error_messages=_choose("an outcome"),
    )
    delivery = django_filters.ChoiceFilter(
        label="Reviews and decisions",
        method="filter_delivery",
        choices=DELIVERY_CHOICES,
        empty_label="Show all",
        error_messages=_choose("what to show"),
    )
    sort = django_filters.OrderingFilter(
        fields={field: name for name, field in SORTABLE.items()}, error_messages=_choose("a column to sort by")
    )

    class Meta:
        model = Partnership
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, version: str | None = None, **kwargs):
        """`version`: data_version(CHOICE_SOURCES), when the caller has read it already."""
        super().__init__(*args, **kwargs)
        # The options change only when partnerships, schools or trusts do (see oversight/rendered.py).
        self.data_version = version or data_version(CHOICE_SOURCES)
        # Functions: the form's per-request deep copy of its fields does not copy 2,500 trusts and
        # 150 local authorities, and a list is read only when a value chosen from it is checked (the
        # form's HTML is cached, see rendered_form).
        for name, build in CHOICES.items():
            self.filters[name].extra["choices"] = functools.cache(
                lambda name=name, build=build: cached(f"oversight-filter-choices-{name}", self.data_version, build)
            )

    def rendered_form(self) -> str:
        """The filter form's HTML (crispy-forms), rendered once per data version and set of values."""
        form = self.form
        values = {
            name: form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
            for name in FILTER_FIELDS
        }
        return cached(
            "oversight-filter-form",
            self.data_version,
            lambda: render_crispy_form(form, helper=form.helper),
            vary=repr(sorted(values.items())),
        )

    def filter_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        matches = (
            Q(school__name__icontains=text)
            | Q(trust__name__icontains=text)
            | Q(reference__iexact=text)
            | Q(trust__group_id__iexact=text)
        )
        if parse_int(text) is not None:
            matches |= Q(school__urn__startswith=text)
        return queryset.filter(matches)

    def filter_ending_within(self, queryset, name, value):
        return queryset.ending_within(int(value), today=timezone.localdate())

    def filter_delivery(self, queryset, name, value):
        return filter_by_delivery(queryset, value, today=timezone.localdate())

    def filter_attention(self, queryset, name, value):
        flagged = with_oversight_flags(queryset)
        if value == UNDECIDED_NEAR_END:
            return flagged.filter(undecided_near_end_q(timezone.localdate()))
        if value == STARTED_WITHOUT_ISSUED_AGREEMENT:
            return flagged.filter(started_without_issued_agreement_q(timezone.localdate()))
        return flagged.filter(status__in=Partnership.Status.LIVE, has_activity=True, has_teaching_or_leadership=False)
