import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships.dates import add_months, term_length
from partnerships.services import partnership_create
from tests.partnerships.factories import PartnershipFactory

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 31), 18, D(2028, 2, 29)),
        (D(2026, 9, 1), 12, D(2027, 9, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_shorter_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2026, 9, 1), D(2027, 8, 31), "12 months"),
        (D(2026, 9, 1), D(2028, 2, 29), "18 months"),
        (D(2026, 9, 1), D(2028, 3, 1), "18 months and 1 day"),
        (D(2026, 9, 1), D(2027, 7, 31), "11 months"),
        (D(2026, 1, 31), D(2027, 1, 30), "12 months"),
        (D(2026, 1, 31), D(2027, 7, 30), "18 months"),
    ],
)
def test_term_length_counts_both_the_start_and_end_day(start, end, text):
    assert str(term_length(start, end)) == text


def details(start, end):
    return dict(
        start_date=start,
        end_date=end,
        purpose="Leadership support",
        trust_lead_name="Priya Shah",
        trust_lead_email="priya@trust.example",
        chair_of_governors_name="Daniel Okafor",
        headteacher_name="Margaret Ellis",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "length"),
    [
        (D(2026, 9, 1), D(2027, 7, 31), "11 months"),
        (D(2026, 9, 1), D(2028, 3, 31), "19 months"),
        (D(2026, 1, 31), D(2027, 1, 29), "11 months and 30 days"),
        (D(2026, 1, 31), D(2027, 8, 30), "19 months"),
    ],
)
def test_partnership_outside_12_to_18_months_is_rejected_with_its_length(
    school, trust, trust_staff, start, end, length
):
    with pytest.raises(ValidationError) as error:
        partnership_create(school=school, trust=trust, created_by=trust_staff, **details(start, end))
    assert error.value.message_dict["end_date"] == [
        f"A trust partnership must last between 12 and 18 months; this one lasts {length}."
    ]
    assert not school.partnerships.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 9, 1), D(2027, 8, 31)),
        (D(2026, 9, 1), D(2028, 2, 29)),
        (D(2026, 1, 31), D(2027, 1, 30)),
        (D(2026, 1, 31), D(2027, 7, 30)),
    ],
)
def test_partnership_of_12_or_18_months_is_accepted(school, trust, trust_staff, start, end):
    partnership = partnership_create(school=school, trust=trust, created_by=trust_staff, **details(start, end))
    assert partnership.status == "draft"
    assert partnership.reference.startswith("TP")


@pytest.mark.django_db
def test_bounds_come_from_settings(settings, school, trust, trust_staff):
    settings.PARTNERSHIP_MAX_MONTHS = 24
    partnership_create(school=school, trust=trust, created_by=trust_staff, **details(D(2026, 9, 1), D(2028, 3, 31)))
    assert PartnershipFactory._meta.model.objects.count() == 1
