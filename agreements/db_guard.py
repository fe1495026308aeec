"""The database's own wall behind the model and QuerySet guards: an issued agreement version is
never updated (beyond being superseded, or its PDF attached once) and never deleted, whoever
writes SQL.

PostgreSQL gets a trigger function (migration 0003). SQLite gets triggers too; SQLite drops a
table's triggers when Django rebuilds the table in a later migration, so they are reinstalled
after every migrate, and the `flush` command (which wipes a whole database on purpose, and on
SQLite does so with DELETE) removes them first and gets them back from post_migrate.
"""

from django.db import connections

FINAL_MESSAGE = "issued_agreement_version_is_final"
TABLE = "agreements_agreementversion"

# Columns set when a version is made and never changed afterwards.
FROZEN = (
    "partnership_id",
    "number",
    "snapshot",
    "terms_sha256",
    "generated_by_id",
    "generated_at",
    "issued_by_id",
    "issued_at",
)
PDF = ("pdf", "sha256", "page_count", "rendered_at", "render_error")


def _changed(columns, differ: str) -> str:
    return " OR ".join(f"NEW.{column} {differ} OLD.{column}" for column in columns)


def _illegal_update(differ: str) -> str:
    return f"""OLD.issued_at IS NOT NULL AND (
        {_changed(FROZEN, differ)}
        OR (NEW.status {differ} OLD.status AND NOT (OLD.status = 'issued' AND NEW.status = 'superseded'))
        OR (NEW.superseded_at {differ} OLD.superseded_at AND OLD.superseded_at IS NOT NULL)
        OR (OLD.sha256 <> '' AND ({_changed(PDF, differ)}))
    )"""


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS agreement_version_issued_no_update BEFORE UPDATE ON {TABLE}
        WHEN {_illegal_update("IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS agreement_version_issued_no_delete BEFORE DELETE ON {TABLE}
        WHEN OLD.issued_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS agreement_version_issued_no_update",
    "DROP TRIGGER IF EXISTS agreement_version_issued_no_delete",
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION agreement_version_issued_is_final() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.issued_at IS NOT NULL THEN
                RAISE EXCEPTION '{FINAL_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {_illegal_update("IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{FINAL_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER agreement_version_issued_is_final BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION agreement_version_issued_is_final()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS agreement_version_issued_is_final ON {TABLE}",
    "DROP FUNCTION IF EXISTS agreement_version_issued_is_final()",
]


def install_sqlite_triggers(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate handler: make sure the SQLite triggers exist."""
    connection = connections[using]
    if connection.vendor != "sqlite" or TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def drop_sqlite_triggers(using: str = "default") -> None:
    """Before `flush` empties an SQLite database (post_migrate puts the triggers back)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)
