"""History-aware bulk writes for the importer.

New rows go in through insert_with_history: the rows, then one "+" history row each (COPY on
PostgreSQL, with ids taken from the sequence first; one prepared INSERT run by executemany on
SQLite, with the new ids read back by natural key). It writes exactly what simple-history's
bulk_create_with_history writes (the same columns, user, reason and date), without the ORM
compiling SQL value by value: with bulk_create_with_history a 50,000-school first import took
33 s on SQLite in bench/bench_gias_import.py, against about 8 s this way. Changed rows are few in
a normal import and go through simple-history's bulk_update_with_history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, models
from simple_history.utils import bulk_update_with_history, get_history_model_for_model

WRITE_BATCH_SIZE = 1000  # rows per UPDATE (keeps PostgreSQL under 65,535 parameters a statement)
ID_READ_BATCH_SIZE = 2000


def _adapter(field: models.Field) -> Callable:
    """How a Python value becomes a database parameter (identity for the common simple types)."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _insert_many(model, columns: list[models.Field], rows: Iterable[list]) -> None:
    """PostgreSQL: COPY. SQLite: one prepared INSERT run with executemany."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in columns)  # type: ignore[arg-type]  # concrete fields have one
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: multi-row INSERTs spent most of their time binding parameters in psycopg.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", list(rows))


def insert_with_history(model, values: list[dict], *, key: str, user, reason: str, when) -> None:
    """Insert new rows (dicts of attname -> value; missing fields take their default) and one
    "+" history row each, attributed to user with reason, dated when. key is a unique field."""
    if not values:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    full_rows = [defaults | row for row in values]
    if connection.vendor == "postgresql":
        # Take the ids from the table's sequence first: no read-back query after the COPY.
        ids = _reserve_ids(model, len(full_rows))
        pk_field = model._meta.pk
        _insert_many(model, [*fields, pk_field], _db_rows(fields, full_rows, ([pk] for pk in ids)))
    else:
        _insert_many(model, fields, _db_rows(fields, full_rows))
        by_key = _ids_by_key(model, key, [row[key] for row in full_rows])
        ids = [by_key[row[key]] for row in full_rows]
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        marks = {"history_date": when, "history_change_reason": reason, "history_type": "+", "history_user_id": user.pk}
        _insert_history(model, full_rows, ids, marks)


def _db_rows(fields: list[models.Field], rows: list[dict], tails: Iterable[list] | None = None) -> Iterable[list]:
    """Database parameters for rows' fields, each followed by its tail of ready values if given."""
    adapters = [(field.attname, _adapter(field)) for field in fields]
    if tails is None:
        return ([adapt(row[name]) for name, adapt in adapters] for row in rows)
    return ([*(adapt(row[name]) for name, adapt in adapters), *tail] for row, tail in zip(rows, tails))


def _reserve_ids(model, count: int) -> list[int]:
    """count new primary keys from the PostgreSQL sequence behind the table's id column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _insert_history(model, rows: list[dict], ids: list[int], marks: dict) -> None:
    """The history rows of newly inserted rows: their values, their new ids, then the marks
    (user, reason, date, type) that are the same on every row, so adapted once."""
    history_model = get_history_model_for_model(model)
    pk_name = model._meta.pk.attname
    value_fields, mark_fields = [], []
    for field in history_model._meta.concrete_fields:
        if field.attname in marks:
            mark_fields.append(field)
        elif not field.primary_key and field.attname != pk_name:
            value_fields.append(field)
    mark_values = [_adapter(field)(marks[field.attname]) for field in mark_fields]
    columns = [*value_fields, history_model._meta.get_field(pk_name), *mark_fields]
    _insert_many(history_model, columns, _db_rows(value_fields, rows, ([pk, *mark_values] for pk in ids)))


def _ids_by_key(model, key: str, keys: list) -> dict:
    ids = {}
    for start in range(0, len(keys), ID_READ_BATCH_SIZE):
        batch = keys[start : start + ID_READ_BATCH_SIZE]
        ids.update(model._default_manager.filter(**{f"{key}__in": batch}).values_list(key, "pk"))
    return ids


def update_with_history(model, instances: list, fields: Iterable[str], *, user, reason: str, when) -> None:
    """Save the changed fields of instances with one "~" history row each (simple-history's helper)."""
    if instances:
        bulk_update_with_history(
            instances,
            model,
            fields=sorted(fields),
            batch_size=WRITE_BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
