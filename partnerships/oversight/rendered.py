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


def data_version(
    models: tuple[type[Model], ...] = (Partnership, School, Trust), *, partnership_id: int | None = None
) -> str:
    """A short fingerprint of the newest history row of each model (one query). A model without
    history counts by its newest row, so give only those whose every relevant change adds a row;
    given `partnership_id`, only that partnership's rows of such a model with a partnership column
    (agreement versions: a draft of one partnership does not make every other's cache work again)."""
    if partnership_id is None:
        return data_versions(models)[0]
    sql, scoped = _version_sql(models, connection.vendor, True)
    with connection.cursor() as cursor:
        cursor.execute(sql, [partnership_id] * scoped)
        row = cursor.fetchone()
    return _fingerprint(row)


def data_versions(*groups: tuple[type[Model], ...]) -> list[str]:
    """`data_version(group)` for each group of models, in one query over all of them (a page that
    keeps several things, each per change of its own data, pays for one query)."""
    sql, slices = _versions_sql(groups, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return [_fingerprint(tuple(value for part in parts for value in row[part])) for parts in slices]


@functools.cache
def _versions_sql(groups: tuple[tuple[type[Model], ...], ...], vendor: str) -> tuple[str, list[list[slice]]]:
    """The query over every model of the groups once, and for each group where its models' columns are."""
    models = tuple(dict.fromkeys(model for group in groups for model in group))
    where, start = {}, 0
    for model in models:
        width = 2 if _has_history(model) else 1
        where[model], start = slice(start, start + width), start + width
    return _version_sql(models, vendor)[0], [[where[model] for model in group] for group in groups]


def _fingerprint(row: tuple) -> str:
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def _has_history(model: type[Model]) -> bool:
    return model in registered_models.values()


@functools.cache
def _version_sql(models: tuple[type[Model], ...], vendor: str, scoped: bool = False) -> tuple[str, int]:
    # Reaching a model's history manager builds a manager class each time: work the SQL out once.
    quote = connection.ops.quote_name
    parts, parameters = [], 0
    for model in models:
        if _has_history(model):
            table = quote(model.history.model._meta.db_table)  # type: ignore[attr-defined]
            parts.append(f"(SELECT MAX(history_id) FROM {table})")
            parts.append(f"(SELECT MAX(history_date) FROM {table})")
            continue
        # No history (e.g. agreement versions): the newest row, for models whose changes insert one.
        newest = f"SELECT MAX({quote(model._meta.pk.column or 'id')}) FROM {quote(model._meta.db_table)}"
        if scoped and any(field.attname == "partnership_id" for field in model._meta.concrete_fields):
            newest += f" WHERE {quote('partnership_id')} = %s"
            parameters += 1
        parts.append(f"({newest})")
    return f"SELECT {', '.join(parts)}", parameters


def cached[T](name: str, version: str, build: Callable[[], T], *, vary: str = "") -> T:
    """`build()`'s result for this data version (and `vary`, e.g. the form's values)."""
    cache = caches[CACHE_ALIAS]
    key = f"{name}:{version}:{hashlib.sha256(vary.encode()).hexdigest()[:16]}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
