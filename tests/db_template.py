"""The SQLite test database template: migrated once per schema on a machine, copied by each worker.

On SQLite every xdist worker used to run all the migrations to build its test database (about
15 s of CPU each, most of it Django rendering migration states). Instead the migrations run once
into a template file, keyed on what shapes the migrated database, and each worker starts from a
copy (tests/conftest.py), so triggers and data migrations are in it exactly as migrating makes
them. PostgreSQL (scripts/with-postgres) still migrates its test database every run.
TP_TEST_DB_TEMPLATE=0 switches this off.

`make test` also runs this module in the background before its checks (`python -m
tests.db_template`), so that a template the schema needs is built while `manage.py check`,
`makemigrations --check` and pytest's start-up run, instead of while every worker waits for it.
Whoever gets the lock first builds it; the others wait for it and use it.
"""

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

TEMPLATE_DIR = Path(
    os.environ.get("TP_TEST_DB_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
)
BASE_DIR = Path(__file__).resolve().parent.parent


def use_template() -> bool:
    from django.conf import settings as django_settings

    engine = django_settings.DATABASES["default"]["ENGINE"]
    return engine == "django.db.backends.sqlite3" and os.environ.get("TP_TEST_DB_TEMPLATE", "1") != "0"


# What a migrated database is made from: the migrations, the code they and the post_migrate
# handlers (the SQLite triggers) run, the apps' configuration and the settings. The key is the
# content, not the checkout's path, so clones of the same schema on one machine share the template.
SCHEMA_SOURCES = (
    "*/migrations/*.py",
    "*/apps.py",
    "agreements/db_guard.py",
    "partnerships/overlap_guard.py",
    "config/settings/*.py",
)


def schema_key() -> str:
    """Changes whenever anything that shapes the migrated database (ours or an installed
    package's migrations) could have changed."""
    digest = hashlib.sha256()
    for path in sorted({path for pattern in SCHEMA_SOURCES for path in BASE_DIR.glob(pattern)}):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    # A set: run from the checkout, the project is listed twice (its egg-info there and the
    # editable install), and the key must not depend on where the process was started.
    for dist in sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()}):
        digest.update(dist.encode())
    return digest.hexdigest()[:16]


def template() -> Path:
    """The migrated template database, built once (the first process to ask builds it, others wait)."""
    path = TEMPLATE_DIR / f"tp-test-template-{schema_key()}.sqlite3"
    with open(TEMPLATE_DIR / "tp-test-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.with_suffix(f".{os.getpid()}.tmp")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": f"sqlite:///{building}",
            }
            manage = BASE_DIR / "manage.py"
            subprocess.run([sys.executable, str(manage), "migrate", "--no-input", "-v0"], env=env, check=True)
            os.replace(building, path)
    return path


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if use_template():
        print(template())
