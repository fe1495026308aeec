"""Local development: the embedded SQLite database, debug pages, console email."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Task progress lines are noise on a developer's console (production logs them as JSON).
LOGGING["loggers"]["django.tasks"] = {"level": "WARNING"}

# A self-signed sealing certificate for issued agreements, generated here on first use.
AGREEMENT_SEAL_DEV_DIR = str(BASE_DIR / "var" / "seal")
