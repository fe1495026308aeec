"""Triggers that refuse to UPDATE or DELETE an issued agreement version (agreements.db_guard)."""

from django.db import migrations

from agreements.db_guard import POSTGRES_BACKWARD, POSTGRES_FORWARD, SQLITE_DROP, SQLITE_TRIGGERS


def run_for_vendor(postgres: list[str], sqlite: list[str]):
    def run(apps, schema_editor):
        statements = {"postgresql": postgres, "sqlite": sqlite}.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_agreement_signatures")]

    operations = [
        migrations.RunPython(
            run_for_vendor(POSTGRES_FORWARD, SQLITE_TRIGGERS),
            run_for_vendor(POSTGRES_BACKWARD, SQLITE_DROP),
        )
    ]
