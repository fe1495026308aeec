import pytest

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_records_last_login_without_a_history_row(client, trust_staff):
    rows_before = trust_staff.history.count()
    response = client.post("/sign-in/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302
    trust_staff.refresh_from_db()
    assert trust_staff.last_login is not None
    assert trust_staff.history.count() == rows_before
