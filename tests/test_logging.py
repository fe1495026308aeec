"""Structured logs: one line per request (method, path, status, duration, user); errors with traceback."""

import json
import logging

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.test import Client
from django.urls import include, path

from config.logformat import JsonFormatter

REQUEST_LOGGER = "trust_partnerships.requests"


class PlannedFailure(Exception):
    pass


def _explode(request):
    raise PlannedFailure("the printer caught fire")


def _fine(request):
    return HttpResponse("fine")


def _elsewhere(request):
    return HttpResponseRedirect("/fine/")


# These tests run against a few pages of their own, in front of the app's (its error pages need them).
urlpatterns = [
    path("explode/", _explode),
    path("fine/", _fine),
    path("elsewhere/", _elsewhere),
    path("", include("config.urls")),
]
pytestmark = pytest.mark.urls("tests.test_logging")


def request_lines(caplog):
    return [record for record in caplog.records if record.name == REQUEST_LOGGER]


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def test_signed_in_request_logs_one_line_with_its_user(client, trust_staff, logs):
    client.force_login(trust_staff)

    response = client.get("/fine/")

    [line] = request_lines(logs)
    assert response.status_code == 200
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/fine/", 200, trust_staff.pk)
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.levelno == logging.INFO
    assert line.getMessage().startswith("GET /fine/ 200 ") and line.getMessage().endswith(f"user={trust_staff.pk}")


def test_anonymous_redirect_and_not_found_are_logged_without_a_user(client, db, logs):
    client.get("/elsewhere/")
    client.get("/no-such-page/")

    assert [(line.path, line.status, line.user_id) for line in request_lines(logs)] == [
        ("/elsewhere/", 302, None),
        ("/no-such-page/", 404, None),
    ]


def test_unhandled_error_logs_status_500_and_the_traceback(db, logs):
    client = Client(raise_request_exception=False)

    response = client.get("/explode/")

    [line] = request_lines(logs)
    [error] = [record for record in logs.records if record.name == "django.request" and record.exc_info]
    assert response.status_code == 500
    assert (line.status, line.levelno) == (500, logging.ERROR)
    formatted = json.loads(JsonFormatter().format(error))
    assert "PlannedFailure: the printer caught fire" in formatted["traceback"]
    assert formatted["path"] == "/explode/"
    assert formatted["request_id"] == line.request_id == response["X-Request-ID"]


def test_json_formatter_writes_one_parseable_line_per_request(db, logs):
    Client().get("/fine/")

    [line] = request_lines(logs)
    text = JsonFormatter().format(line)
    entry = json.loads(text)
    assert "\n" not in text
    assert entry["level"] == "INFO" and entry["logger"] == REQUEST_LOGGER
    assert {key: entry[key] for key in ("method", "path", "status", "user_id")} == {
        "method": "GET",
        "path": "/fine/",
        "status": 200,
        "user_id": None,
    }
    assert entry["time"].endswith("+00:00")


def test_request_id_from_the_proxy_is_kept_only_when_plain(db, logs):
    kept = Client().get("/fine/", headers={"X-Request-ID": "lb-7f3a.19"})
    replaced = Client().get("/fine/", headers={"X-Request-ID": 'evil" injected=1'})

    assert kept["X-Request-ID"] == "lb-7f3a.19"
    assert replaced["X-Request-ID"] != 'evil" injected=1' and len(replaced["X-Request-ID"]) == 32
    assert [line.request_id for line in request_lines(logs)] == [kept["X-Request-ID"], replaced["X-Request-ID"]]


def _refuse(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns.insert(0, path("refuse/", _refuse))


def test_a_refused_request_is_one_warning_line_without_a_traceback(db, logs):
    response = Client().get("/refuse/")

    assert response.status_code == 403
    problems = [record for record in logs.records if record.levelno >= logging.WARNING]
    assert [(record.name, record.getMessage().split(" ")[:3]) for record in problems] == [
        (REQUEST_LOGGER, ["GET", "/refuse/", "403"])
    ]
    assert not any(record.exc_info for record in logs.records)
