"""Production: PostgreSQL via DATABASE_URL, secrets from the environment only, HTTPS everywhere.

Every secret comes from the environment with no default; a missing one stops the process at start
with a message naming it. The variables are listed in SECURITY.md and the README. Check with:

    DJANGO_SETTINGS_MODULE=config.settings.production python manage.py check --deploy --fail-level WARNING
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Real email unless told otherwise: base.py reads the SMTP options (EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_USE_TLS...) when this names the SMTP backend.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

from .base import *  # noqa: F403
from .base import BASE_DIR, MAILERS, MIDDLEWARE, SECURE_CSP


def require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


DEBUG = False
SECRET_KEY = require_env("DJANGO_SECRET_KEY")
# Comma-separated: "partnerships.example.org,www.partnerships.example.org".
ALLOWED_HOSTS = [host.strip() for host in require_env("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Links in emails: the public https address of the service.
SITE_URL = require_env("SITE_URL")

# --- Database: PostgreSQL only (app machines and worker machines share it) -------------------
DATABASES = {
    "default": dj_database_url.parse(
        require_env("DATABASE_URL"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
        ssl_require=env_flag("DATABASE_SSL_REQUIRE", False),
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL in production (postgres://user:password@host:5432/name)."
    )

# --- Background tasks: agreement rendering and reminders run in `manage.py db_worker` ---------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Files -----------------------------------------------------------------------------------
# Static files: collected into STATIC_ROOT at deploy, served by whitenoise with hashed names and
# gzip/brotli copies. Uploaded and generated files (agreement PDFs) go through STORAGES["default"]:
# the file system under MEDIA_ROOT, which must be shared by every app and worker machine. For
# object storage install django-storages and set STORAGES["default"]["BACKEND"] to
# "storages.backends.s3.S3Storage" with its OPTIONS (bucket, region); see docs/deployment.md.
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
MEDIA_ROOT = require_env("MEDIA_ROOT")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)

# --- HTTPS -----------------------------------------------------------------------------------
# gunicorn speaks plain HTTP behind a TLS-terminating proxy or load balancer, which must set
# X-Forwarded-Proto itself (overwriting any value a client sent). Set
# DJANGO_TRUST_X_FORWARDED_PROTO=false only if TLS ends in front of nothing but this process.
if env_flag("DJANGO_TRUST_X_FORWARDED_PROTO", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after 8 hours (a working day) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Headers ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CSP = {**SECURE_CSP, "upgrade-insecure-requests": True}

# --- Email: the SMTP password, when SMTP with a user is configured, is a secret too -----------
if MAILERS["default"].get("OPTIONS", {}).get("username"):
    MAILERS["default"]["OPTIONS"]["password"] = require_env("EMAIL_HOST_PASSWORD")

# --- Logs: JSON lines on standard error, one per request plus errors with tracebacks ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logformat.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # 4xx responses are already in the request line; 5xx still log here with the traceback.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
