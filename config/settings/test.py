"""Test runs: fast hashing, in-memory email, in-process tasks, media in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The suite's worlds hold partnerships that started in 2026 and earlier, set up through
# partnership_create; the rule itself is tested with this overridden (tests/partnerships/test_form_inputs.py).
PARTNERSHIP_START_GRACE_DAYS = 3650
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tp-test-media-"))
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
