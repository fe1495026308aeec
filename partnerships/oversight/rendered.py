"""Render large option lists once per change of the data they come from.

The oversight list's filter offers every trust, local authority and region that has a
partnership: 2,500 trusts at England's size. Working those out and rendering them through
crispy-forms was most of the page's time, on every request, for lists that change only when a
partnership, school or trust does.

`data_version()` fingerprints the state of the tables of the models given (partnerships, schools
and trusts by default) in one cheap query. Cached entries are keyed on it: nothing stale is ever
shown, and nothing needs invalidating (each gunicorn worker keeps its own copy in the local-memory
cache and reaches the same answer from the database). What it must guarantee: a reader that sees a
committed write to a watched table sees a different version from every reader that did not.

On SQLite it is the newest history row of each model (MAX(history_id), MAX(history_date); the
newest row for a model without history). Every write goes through a service or the GIAS import,
and each records history; SQLite lets one writer at a time in, so ids are committed in order and
the newest id a reader sees moves with every commit.

On PostgreSQL ids are handed out at insert and committed in any order: T1 takes history id 100,
T2 takes 101 and commits first, a reader caches the page without T1's change under MAX = 101, and
neither the newest id nor the newest date moves when T1 commits. So there it is a counter per
table (commit_counters.py, migration partnerships 0009): every transaction that wrote to a table
adds one to the table's counter row, in a `DEFERRABLE INITIALLY DEFERRED` constraint trigger, that
is, while it commits, in the same transaction as its writes. Why that is exact: the counter row is
updated only under its row lock, so the updates form one chain W1, W2, ... in which each starts
only after the one before it has committed (READ COMMITTED re-reads the newest row version), so
each is one more than the last. A snapshot that sees Wk committed sees all before it, and sees
the counter at k exactly when it sees W1..Wk and no later writer. So the value a reader sees names
exactly which writes to the table it can see: after T1 commits, every new snapshot sees T1's
increment or a later one, never the value the reader in between cached under. The increment is
deferred to commit so the row is locked only while committing (writers to one table queue for that
moment only), and rows are updated in one sorted order so two committing writers cannot deadlock.
The read is one query of primary-key lookups in a table of a few rows. Two more parts: a
transaction reading its own uncommitted writes (a service that renders, the tests' transaction)
gets a never-repeated mark per table it wrote, so what it caches is keyed apart from everyone;
and agreement versions are also counted per partnership, for `partnership_id`. The version also
sees writes that record no history (a QuerySet.update), which the SQLite reading does not. A
watched model without a counter row raises ImproperlyConfigured rather than never changing.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import NamedTuple

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model
from simple_history.models import registered_models

from partnerships.models import Partnership
from partnerships.oversight.commit_counters import SETTING
from partnerships.oversight.commit_counters import TABLE as COUNTERS
from schools.models import School, Trust

CACHE_ALIAS = "rendered"
TIMEOUT_SECONDS = 60 * 60
OWN_MARK = f"{SETTING}.own_"


def data_version(
    models: tuple[type[Model], ...] = (Partnership, School, Trust), *, partnership_id: int | None = None
) -> str:
    """A short fingerprint of the committed state of each model's table (one query): on SQLite its
    newest history row, where a model without history counts by its newest row (so give only those
    whose every relevant change adds a row); on PostgreSQL its commit counter (every model given
    needs its table in a WatchTables migration). Given `partnership_id`, only that partnership's
    rows of a model without history that has a partnership column (agreement versions: a draft of
    one partnership does not make every other's cache work again)."""
    if partnership_id is None:
        return data_versions(models)[0]
    return _fingerprint(_version_sql(models, connection.vendor, True).read(partnership_id))


def data_versions(*groups: tuple[type[Model], ...]) -> list[str]:
    """`data_version(group)` for each group of models, in one query over all of them (a page that
    keeps several things, each per change of its own data, pays for one query)."""
    query, slices = _versions_sql(groups, connection.vendor)
    row = query.read()
    return [_fingerprint(tuple(value for part in parts for value in row[part])) for parts in slices]


class _Query(NamedTuple):
    sql: str
    parameters: int  # how many times the query takes the partnership's id
    counters: tuple[tuple[int, str], ...]  # PostgreSQL: where each table's own counter is, by table

    def read(self, partnership_id: int | None = None) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [partnership_id] * self.parameters if self.parameters else None)
            row = cursor.fetchone()
        for index, table in self.counters:
            if row[index] is None:
                raise ImproperlyConfigured(
                    f"{table} has no commit counter: add it to a WatchTables migration "
                    "(partnerships/oversight/commit_counters.py), or its cached pages would never change"
                )
        return row


@functools.cache
def _versions_sql(groups: tuple[tuple[type[Model], ...], ...], vendor: str) -> tuple[_Query, list[list[slice]]]:
    """The query over every model of the groups once, and for each group where its models' columns are."""
    models = tuple(dict.fromkeys(model for group in groups for model in group))
    where, start = {}, 0
    for model in models:
        width = 2 if vendor == "postgresql" or _has_history(model) else 1
        where[model], start = slice(start, start + width), start + width
    return _version_sql(models, vendor), [[where[model] for model in group] for group in groups]


def _fingerprint(row: tuple) -> str:
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def _has_history(model: type[Model]) -> bool:
    return model in registered_models.values()


def _scoped(model: type[Model], scoped: bool) -> bool:
    """Read for one partnership: a model without history that has a partnership column."""
    return (
        scoped
        and not _has_history(model)
        and any(field.attname == "partnership_id" for field in model._meta.concrete_fields)
    )


@functools.cache
def _version_sql(models: tuple[type[Model], ...], vendor: str, scoped: bool = False) -> _Query:
    # Reaching a model's history manager builds a manager class each time: work the SQL out once.
    if vendor == "postgresql":
        return _counters_sql(models, scoped)
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
        if _scoped(model, scoped):
            newest += f" WHERE {quote('partnership_id')} = %s"
            parameters += 1
        parts.append(f"({newest})")
    return _Query(f"SELECT {', '.join(parts)}", parameters, ())


def _counters_sql(models: tuple[type[Model], ...], scoped: bool) -> _Query:
    """PostgreSQL: each table's commit counter (the partnership's own, where scoped), and the mark
    this transaction's own uncommitted writes to it have given it ('' when there are none)."""
    parts: list[str] = []
    counters: list[tuple[int, str]] = []
    parameters = 0
    for model in models:
        table = model._meta.db_table
        if _scoped(model, scoped):
            parameters += 2
            parts.append(f"(SELECT version FROM {COUNTERS} WHERE table_name = '{table}' AND scope = %s)")
            parts.append(f"coalesce(current_setting('{OWN_MARK}{table}_' || %s, true), '')")
            continue
        counters.append((len(parts), table))
        parts.append(f"(SELECT version FROM {COUNTERS} WHERE table_name = '{table}' AND scope = 0)")
        parts.append(f"coalesce(current_setting('{OWN_MARK}{table}', true), '')")
    return _Query(f"SELECT {', '.join(parts)}", parameters, tuple(counters))


def cached[T](name: str, version: str, build: Callable[[], T], *, vary: str = "") -> T:
    """`build()`'s result for this data version (and `vary`, e.g. the form's values)."""
    cache = caches[CACHE_ALIAS]
    key = f"{name}:{version}:{hashlib.sha256(vary.encode()).hexdigest()[:16]}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
