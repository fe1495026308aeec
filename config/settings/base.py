"""Settings shared by every environment. Environment modules override what differs."""

import datetime
import os
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# pyHanko (the agreement seal) imports cryptography's DSA support, which it does not use for our RSA seal.
warnings.filterwarnings("ignore", message="DSA is deprecated")

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    # Before anything reads the body: an oversized upload is refused at once (413).
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-otp: whether this session passed a second factor; then the idle time-out and the
    # two-factor requirement (accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
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

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Large option lists, the dashboard's figures, each partnership's task list parts and agreement
    # preview, rendered once per change of their data (partnerships/oversight/rendered.py). Each
    # process keeps its own; at most 1,000 entries (tens of kilobytes each), least recently used go first.
    "rendered": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rendered",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

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
    "accounts.backends.EmailOrUsernameBackend",
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
# The largest GIAS (or Ofsted) file the admin upload takes; a full establishments download is ~60 MB.
GIAS_UPLOAD_MAX_BYTES = int(os.environ.get("GIAS_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))

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
# GOV.UK Notify (accounts/notify.py): EMAIL_BACKEND=notify with a Notify API key and the id of a
# Notify email template whose subject is ((subject)) and body ((body)).
if MAILERS["default"]["BACKEND"] in ("notify", "accounts.notify.NotifyEmailBackend"):
    MAILERS["default"] = {
        "BACKEND": "accounts.notify.NotifyEmailBackend",
        "OPTIONS": {
            "api_key": os.environ.get("NOTIFY_API_KEY", ""),
            "template_id": os.environ.get("NOTIFY_TEMPLATE_ID", ""),
            "base_url": os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
        },
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

# The digital seal (PAdES) on issued agreements: PEM certificate and key files, an optional
# passphrase and chain (agreements/seal.py, docs/deployment.md). Without them, AGREEMENT_SEAL_DEV_DIR
# (set in development and tests) holds a self-signed certificate generated on first use.
AGREEMENT_SEAL_CERT_FILE = os.environ.get("AGREEMENT_SEAL_CERT_FILE", "")
AGREEMENT_SEAL_KEY_FILE = os.environ.get("AGREEMENT_SEAL_KEY_FILE", "")
AGREEMENT_SEAL_KEY_PASSWORD = os.environ.get("AGREEMENT_SEAL_KEY_PASSWORD", "")
AGREEMENT_SEAL_CHAIN_FILE = os.environ.get("AGREEMENT_SEAL_CHAIN_FILE", "")
AGREEMENT_SEAL_DEV_DIR = ""

# Sections of the terms and conditions a partnership needs before it goes to the governors
# (names of partnerships.models.ClauseSection; CHARGES only applies where there is a charge).
AGREEMENT_REQUIRED_SECTIONS = [
    "DEFINITIONS",
    "SCOPE",
    "CHARGES",
    "DATA_PROTECTION",
    "SAFEGUARDING",
    "TERMINATION",
    "GOVERNING_LAW",
]
# Enquiries from the public offer pages: personal data is removed this many months after an
# enquiry is closed (by the daily `send_reminders`); at most this many enquiries an hour from one
# address; behind proxies that append to X-Forwarded-For, how many of them to trust (0: none).
ENQUIRY_RETENTION_MONTHS = int(os.environ.get("ENQUIRY_RETENTION_MONTHS", "12"))
ENQUIRY_RATE_LIMIT_PER_HOUR = int(os.environ.get("ENQUIRY_RATE_LIMIT_PER_HOUR", "5"))
OFFERS_TRUSTED_PROXIES = int(os.environ.get("OFFERS_TRUSTED_PROXIES", "0"))

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Request size limits (config.middleware.RequestSizeLimitMiddleware): most pages take a few
# kilobytes; "Check an agreement" takes one PDF of up to 20 MB; the GIAS upload the national files.
MAX_REQUEST_BYTES = 2 * 1024 * 1024
REQUEST_SIZE_LIMITS = {
    "/check-an-agreement/": 21 * 1024 * 1024,
    "/admin/schools/school/import-gias/": 200 * 1024 * 1024,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields, files excluded
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads go to a temporary file

# What one agreement may hold, so one partnership cannot make a document that ties up a worker
# (each text field has its own length limit on the model), and how long one render may take.
AGREEMENT_MAX_CLAUSES = 150
AGREEMENT_MAX_COST_LINES = 50
AGREEMENT_MAX_OBJECTIVES = 30
AGREEMENT_MAX_ACTIVITIES = 100
AGREEMENT_RENDER_TIME_LIMIT = float(os.environ.get("AGREEMENT_RENDER_TIME_LIMIT", "45"))

# Sign-in throttling (django-axes): 5 failed attempts for a username lock it for 30 minutes.
# Locking by username, not IP address: schools share one public IP address behind their network.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that a lock without the IP address can be dodged by rotating user agents or
# cookies; a lock on the username cannot, so the warning does not apply here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Failures count against the account (typed as its email address or its username).
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
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

# People (issue 13): invitations, who to ask for help, two-factor authentication, sessions.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
# Named on the locked-out page and the broken-link pages: who unlocks accounts.
SIGN_IN_HELP_CONTACT = {
    "name": os.environ.get("SIGN_IN_HELP_NAME", "the Trust Partnerships support team"),
    "email": os.environ.get("SIGN_IN_HELP_EMAIL", "support@trust-partnerships.example"),
}
# Who must use two-factor authentication (an authenticator app): "oversight" users, "superusers".
TWO_FACTOR_REQUIRED_FOR = tuple(
    part.strip()
    for part in os.environ.get("TWO_FACTOR_REQUIRED_FOR", "oversight,superusers").split(",")
    if part.strip()
)
# Authenticator apps show the service under this name.
OTP_TOTP_ISSUER = "Trust Partnerships"
# A session idle this long (seconds) is signed out: oversight users and superusers after an hour.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(8 * 60 * 60)))
SESSION_IDLE_TIMEOUT_PRIVILEGED = int(os.environ.get("SESSION_IDLE_TIMEOUT_PRIVILEGED", str(60 * 60)))

# Single sign-on with OpenID Connect (accounts/sso.py, mozilla-django-oidc): on when the client
# id is set. Only invited people (matched by verified email) or existing accounts get in.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
OIDC_CREATE_USER = True  # accounts.sso creates one only from a pending invitation
OIDC_TIMEOUT = 10
# The button on the sign-in page: "Sign in with DfE Sign-in".
SSO_PROVIDER_NAME = os.environ.get("SSO_PROVIDER_NAME", "your organisation's account")
# A claim naming the person's organisation (URN, UKPRN or trust reference), checked when sent.
SSO_ORGANISATION_CLAIM = os.environ.get("SSO_ORGANISATION_CLAIM", "")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "accounts.sso.InvitedOnlyOIDCBackend"]
