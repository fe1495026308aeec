"""/healthz tells a load balancer whether this app machine can serve: database up, migrations applied."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from config import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_migration_state():
    health.forget_migration_state()
    yield
    health.forget_migration_state()


def test_healthy_service_answers_200_with_both_checks_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_needs_no_sign_in_and_answers_head(client):
    assert reverse("healthz") == "/healthz"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_unapplied_migration_answers_503(client):
    real_applied = MigrationRecorder.applied_migrations

    def all_but_the_newest_partnerships_migration(recorder):
        migrations = dict(real_applied(recorder))
        newest = max(key for key in migrations if key[0] == "partnerships")
        del migrations[newest]
        return migrations

    with mock.patch.object(MigrationRecorder, "applied_migrations", all_but_the_newest_partnerships_migration):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "migrations": "pending"}


def test_database_that_does_not_answer_gives_503(client):
    with mock.patch.object(health, "connection") as connection:
        connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "migrations": "unknown"}


def test_once_healthy_a_later_outage_is_still_reported(client):
    assert client.get("/healthz").status_code == 200

    with mock.patch.object(health, "connection") as connection:
        connection.cursor.side_effect = OperationalError("server closed the connection unexpectedly")
        response = client.get("/healthz")

    assert response.status_code == 503
