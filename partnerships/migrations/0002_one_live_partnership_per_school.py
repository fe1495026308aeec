"""Enforce "one live partnership per school" in the database, not only in forms.

PostgreSQL gets an exclusion constraint over the date range (btree_gist); SQLite gets triggers
that abort an insert or update that would overlap. Withdrawn partnerships are ignored; a
partnership ended early occupies the school only until its actual end date.
"""

from django.db import migrations

from partnerships.overlap_guard import SQLITE_TRIGGERS

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE partnerships_partnership ADD CONSTRAINT partnership_no_overlap_per_school
    EXCLUDE USING gist (
        school_id WITH =,
        daterange(start_date, COALESCE(ended_on, end_date), '[]') WITH &&
    ) WHERE (status <> 'withdrawn')
    """,
]
POSTGRES_BACKWARD = ["ALTER TABLE partnerships_partnership DROP CONSTRAINT partnership_no_overlap_per_school"]

SQLITE_FORWARD = SQLITE_TRIGGERS  # shared with the post_migrate handler that reinstalls them
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS partnership_no_overlap_insert",
    "DROP TRIGGER IF EXISTS partnership_no_overlap_update",
]


def run_for_vendor(postgres: list[str], sqlite: list[str]):
    def run(apps, schema_editor):
        statements = {"postgresql": postgres, "sqlite": sqlite}.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor(POSTGRES_FORWARD, SQLITE_FORWARD),
            run_for_vendor(POSTGRES_BACKWARD, SQLITE_BACKWARD),
        )
    ]
