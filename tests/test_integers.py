"""One strict parser for numbers written as text (config.integers): "²" is not a number."""

import pytest
from django.urls import reverse

from config.integers import parse_int
from tests.partnerships.factories import ClauseFactory, PartnershipFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),
        ("١٢٣", None),
        ("１２３", None),
        ("1e3", None),
        ("-1", None),
        ("+5", None),
        ("", None),
        ("9" * 40, None),
        ("2147483648", None),
        (None, None),
    ],
)
def test_parse_int_accepts_ascii_digits_within_the_range_of_an_id(text, expected):
    assert parse_int(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١", "1e3", "9" * 40, "-1"])
def test_a_query_parameter_that_only_looks_like_a_number_is_a_clear_400(client, trust_staff, trust, value):
    partnership = PartnershipFactory(trust=trust)
    ClauseFactory(partnership=partnership)
    client.force_login(trust_staff)
    response = client.get(reverse("partnerships:comment-create", args=[partnership.pk]), {"clause": value})
    assert response.status_code == 400
    assert "“clause” in the web address must be a whole number" in response.content.decode()


@pytest.mark.django_db
def test_a_real_clause_number_still_preselects_the_clause(client, trust_staff, trust):
    partnership = PartnershipFactory(trust=trust)
    clause = ClauseFactory(partnership=partnership, heading="Safeguarding")
    client.force_login(trust_staff)
    response = client.get(reverse("partnerships:comment-create", args=[partnership.pk]), {"clause": str(clause.pk)})
    assert response.status_code == 200 and "Safeguarding" in response.content.decode()
