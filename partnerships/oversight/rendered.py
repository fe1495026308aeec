"""Render large option lists once per change of the data they come from.

The oversight list's filter offers every trust, local authority and region that has a
partnership: 2,500 trusts at England's size. Working those out and rendering them through
crispy-forms was most of the page's time, on every request, for lists that change only when a
partnership, school or trust does.

`data_version()` is the newest history row of partnerships, schools and trusts (or the models given) (one query of
index-only lookups). Every write goes through a service or the GIAS import, and each records
history, so the version changes with any change that could alter the options. Cached entries are
keyed on it: nothing stale is ever shown, and nothing needs invalidating (each gunicorn worker
keeps its own copy in the local-memory cache and reaches the same answer from the database).
"""

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.db import connection
from django.db.models import Model
from simple_history.models import registered_models

from partnerships.models import Partnership
from schools.models import School, Trust

CACHE_ALIAS = "rendered"
TIMEOUT_SECONDS = 60 * 60


def data_version(models: tuple[type[Model], ...] = (Partnership, School, Trust)) -> str:
    """A short fingerprint of the newest history row of each model (one query). A model without
    history counts by its newest row, so give only those whose every relevant change adds a row."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(models, connection.vendor))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


@functools.cache
def _version_sql(models: tuple[type[Model], ...], vendor: str) -> str:
    # Reaching a model's history manager builds a manager class each time: work the SQL out once.
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        if model in registered_models.values():
            table = quote(model.history.model._meta.db_table)  # type: ignore[attr-defined]
            parts.append(f"(SELECT MAX(history_id) FROM {table})")
            parts.append(f"(SELECT MAX(history_date) FROM {table})")
        else:  # no history (e.g. agreement versions): the newest row, for models whose changes insert one
            parts.append(f"(SELECT MAX({quote(model._meta.pk.column or 'id')}) FROM {quote(model._meta.db_table)})")
    return f"SELECT {', '.join(parts)}"


@functools.cache
def recorded_models() -> tuple[type[Model], ...]:
    """Every model with history (every model of the service: tests/test_history_coverage.py)."""
    return tuple(sorted(registered_models.values(), key=lambda model: model._meta.label))


def cached[T](name: str, version: str, build: Callable[[], T], *, vary: str = "") -> T:
    """`build()`'s result for this data version (and `vary`, e.g. the form's values)."""
    cache = caches[CACHE_ALIAS]
    key = f"{name}:{version}:{hashlib.sha256(vary.encode()).hexdigest()[:16]}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
