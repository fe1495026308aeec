"""Production settings refuse to start without their secrets; security headers on every page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import path, reverse

pytestmark = pytest.mark.long

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7Kq-long-random-test-value-" + "a1B2c3D4e5F6g7H8i9J0" * 2,
    "DJANGO_ALLOWED_HOSTS": "partnerships.example.org",
    "SITE_URL": "https://partnerships.example.org",
    "DATABASE_URL": "postgres://tp:secret@127.0.0.1:5432/tp",
    "MEDIA_ROOT": "/tmp/tp-test-production-media",
}


# Set by other test tooling in this process (the browser tests' live server), never in production.
NOT_INHERITED = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and key not in NOT_INHERITED and not key.startswith("EMAIL_")
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def load_production_settings(env: dict) -> subprocess.CompletedProcess:
    return run_python("import config.settings.production", env)


def test_production_settings_load_with_every_variable_set():
    assert load_production_settings(PRODUCTION_ENV).returncode == 0


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL", "MEDIA_ROOT"]
)
def test_missing_variable_stops_start_up_naming_it(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = load_production_settings(env)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in result.stderr


def test_sqlite_is_refused_in_production():
    result = load_production_settings({**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/tp.sqlite3"})

    assert "DATABASE_URL must point at PostgreSQL in production" in result.stderr


def test_smtp_user_without_password_stops_start_up():
    result = load_production_settings({**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org", "EMAIL_HOST_USER": "tp"})

    assert "The environment variable EMAIL_HOST_PASSWORD must be set in production." in result.stderr


def test_deploy_checks_pass_with_production_settings():
    code = (
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_production_policy_upgrades_requests_and_keeps_scripts_strict():
    code = "from django.conf import settings; import django; django.setup(); print(settings.SECURE_CSP)"
    result = run_python(code, PRODUCTION_ENV)

    assert "'upgrade-insecure-requests': True" in result.stdout
    assert "unsafe-inline" not in result.stdout


# --- headers in the running app (test settings share base.py's policy) ----------------------


def _page_with_inline_script(request):
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">window.ok = true;</script>')
    return HttpResponse(template.render({}, request))


urlpatterns = [path("inline/", _page_with_inline_script)]


def test_sign_in_page_sends_the_security_headers(client, db):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.urls("tests.test_production_settings")
def test_inline_script_runs_only_with_this_responses_nonce(client, db):
    first = client.get("/inline/")
    second = client.get("/inline/")

    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    assert f"script-src 'self' 'nonce-{nonce}'" in first["Content-Security-Policy"]
    assert nonce not in second["Content-Security-Policy"]


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    """The manifest storage follows every url() and sourceMappingURL in the built assets: a file one
    of them names but the build did not copy stops a deployment (it did, for accessible-autocomplete's
    source map)."""
    code = "import django; from django.core.management import call_command; django.setup(); " + (
        "call_command('collectstatic', '--no-input', '--verbosity', '0')"
    )
    result = run_python(code, {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static")})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
