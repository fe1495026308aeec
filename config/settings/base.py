"""Settings shared by every environment. Environment modules override what differs."""

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_tasks_db",
    "axes",
    "accounts",
    "schools",
    "partnerships",
    "agreements",
    "offers",
    "delivery",
    "support",
]

MIDDLEWARE = [
    # Outermost, so the one log line per request sees every response (config/middleware.py).
    "config.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.RefusedDeleteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out sign-in into the "locked out" page (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "support.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# SQLite is the embedded default; production and CI point DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The throttle backend refuses locked-out usernames before the model backend checks the password.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "partnerships:home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Evidence files for activities (PDF, images, Office documents) are refused above this size. Uploads
# over Django's in-memory limit are streamed to a temporary file, not held in memory.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Django Tasks: run tasks in-process by default so the embedded setup needs no worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"),
    }
}

# Email goes to the console unless EMAIL_BACKEND names another backend (SMTP options below).
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes"),
        "use_ssl": os.environ.get("EMAIL_USE_SSL", "").lower() in ("1", "true", "yes"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trust Partnerships <no-reply@trust-partnerships.example>")
# Links in emails point here.
# Who runs the service and how people reach it: the footer, the help, privacy and accessibility
# pages say these. Set them for each deployment.
SERVICE_ORGANISATION = os.environ.get("SERVICE_ORGANISATION", "the Trust Partnerships service team")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "trust-partnerships@support.example")
SERVICE_CONTACT_PHONE = os.environ.get("SERVICE_CONTACT_PHONE", "020 7946 0000")
SERVICE_CONTACT_HOURS = os.environ.get("SERVICE_CONTACT_HOURS", "Monday to Friday, 9am to 5pm (except public holidays)")
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", "data.protection@support.example")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The DfE recommends that a trust partnership lasts 12 to 18 months.
PARTNERSHIP_MIN_MONTHS = int(os.environ.get("PARTNERSHIP_MIN_MONTHS", "12"))
# How many days before today a new partnership may start (one agreed last week can be recorded).
PARTNERSHIP_START_GRACE_DAYS = int(os.environ.get("PARTNERSHIP_START_GRACE_DAYS", "14"))
PARTNERSHIP_MAX_MONTHS = int(os.environ.get("PARTNERSHIP_MAX_MONTHS", "18"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Sign-in throttling (django-axes): 5 failed attempts for a username lock it for 30 minutes.
# Locking by username, not IP address: schools share one public IP address behind their network.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that a lock without the IP address can be dodged by rotating user agents or
# cookies; a lock on the username cannot, so the warning does not apply here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # renders templates/accounts/locked_out.html

# Content Security Policy (Django's built-in CSP). No inline script: a script or style element
# needs the request's nonce (`nonce="{{ csp_nonce }}"`). Production adds upgrade-insecure-requests.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # 4xx responses are logged once, by config.middleware.RequestLogMiddleware (a 403 as a
        # warning line); django.request would add each again with a traceback. 5xx still log here.
        "django.request": {"level": "ERROR"},
    },
}
