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
# A throwaway sealing certificate, generated on first use in each test process.
AGREEMENT_SEAL_DEV_DIR = tempfile.mkdtemp(prefix="tp-test-seal-")
# The suite's minimal partnerships carry one clause; the required-sections rule is tested with the
# production list (config.settings.base) in tests/partnerships/test_model_clauses.py.
AGREEMENT_REQUIRED_SECTIONS: list[str] = []
# Tests sign people in with force_login; the two-factor tests and the people browser test switch
# the requirement on (settings.TWO_FACTOR_REQUIRED_FOR = ("oversight", "superusers")).
TWO_FACTOR_REQUIRED_FOR = ()
