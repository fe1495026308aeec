"""Limits that keep one request or one partnership from tying up the service."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services as agreement_services
from agreements.time_limit import RenderTimedOut, time_limit
from partnerships import services
from partnerships.models import Clause
from tests.partnerships.factories import ClauseFactory, PartnershipFactory


@pytest.mark.django_db
def test_an_agreement_holds_at_most_the_configured_number_of_clauses(settings, trust, trust_staff):
    settings.AGREEMENT_MAX_CLAUSES = 3
    partnership = PartnershipFactory(trust=trust)
    ClauseFactory.create_batch(3, partnership=partnership)
    with pytest.raises(ValidationError, match="already has 3 clauses, the most one agreement can hold"):
        services.clause_create(
            partnership=partnership, created_by=trust_staff, section=10, heading="One more", body="x"
        )
    assert Clause.objects.count() == 3


@pytest.mark.django_db
def test_the_clause_page_shows_the_cap_as_an_error(client, settings, trust, trust_staff):
    settings.AGREEMENT_MAX_CLAUSES = 1
    partnership = PartnershipFactory(trust=trust)
    ClauseFactory(partnership=partnership)
    client.force_login(trust_staff)
    response = client.post(
        reverse("partnerships:clause-create", args=[partnership.pk]), {"section": "10", "heading": "Two", "body": "x"}
    )
    assert response.status_code == 200 and "the most one agreement can hold" in response.content.decode()


def test_a_render_past_its_time_limit_is_stopped():
    started = time.monotonic()
    with pytest.raises(RenderTimedOut, match="longer than 0.2 seconds"), time_limit(0.2):
        while True:
            time.sleep(0.01)
    assert time.monotonic() - started < 2


@pytest.mark.django_db
def test_a_slow_render_is_recorded_as_a_render_error_not_left_running(settings, monkeypatch, trust, trust_staff):
    settings.AGREEMENT_RENDER_TIME_LIMIT = 0.2

    def slow(snapshot):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(agreement_services, "render_pdf", slow)
    partnership = PartnershipFactory(trust=trust)
    version = agreement_services.agreement_generate_draft(partnership=partnership, generated_by=trust_staff)
    version.refresh_from_db()
    assert not version.is_rendered and "Rendering took longer than 0.2 seconds" in version.render_error


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_it_is_read(client):
    response = client.generic(
        "POST", reverse("agreements:agreement-verify"), b"x" * 10, CONTENT_LENGTH=str(22 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "This page accepts up to 21 MB." in response.content.decode()
    other = client.generic("POST", reverse("login"), b"x", CONTENT_LENGTH=str(3 * 1024 * 1024))
    assert other.status_code == 413
