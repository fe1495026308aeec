"""An index for "find a school by name" (SchoolQuerySet.search → `name__icontains`).

PostgreSQL: a trigram GIN index (pg_trgm) on UPPER(name) of the open schools, the expression
Django's icontains compares, so `UPPER(name::text) LIKE UPPER('%oakfield%')` reads the index
instead of all 50,000 schools. pg_trgm is a trusted extension (PostgreSQL 13+): the database
owner can create it.

SQLite: nothing. A LIKE with a leading wildcard cannot use an index there; a search by URN uses
the URN's unique index (SchoolQuerySet.search writes it as an equality or a range).

Raw SQL per database, like partnerships 0002, so the model state (and makemigrations) is unchanged.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Partial: the search only ever looks among open schools (SchoolQuerySet.open().search()), half
    # of GIAS, so a common word ("oakfield") rechecks half as many rows.
    "CREATE INDEX IF NOT EXISTS school_open_name_upper_trgm ON schools_school USING gin ((UPPER(name::text)) gin_trgm_ops) "
    "WHERE status IN ('open', 'open_proposed_to_close')",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS school_open_name_upper_trgm"]


def run_on_postgresql(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [
        migrations.RunPython(run_on_postgresql(POSTGRES_FORWARD), run_on_postgresql(POSTGRES_BACKWARD)),
    ]
