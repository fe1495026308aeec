"""The database's own guard for "one live partnership per school".

PostgreSQL has an exclusion constraint (migration 0002). SQLite has no such constraint, so it
gets triggers; SQLite drops triggers whenever Django rebuilds the table in a later migration,
so they are (re)installed after every migrate as well.
"""

from django.db import IntegrityError, connections

# PostgreSQL: the exclusion constraint's name. SQLite: the message its triggers abort with.
OVERLAP_CONSTRAINT = "partnership_no_overlap_per_school"
OVERLAP_MESSAGE = "partnership_dates_overlap"

SQLITE_CHECK = f"""
    WHEN NEW.status <> 'withdrawn' AND EXISTS (
        SELECT 1 FROM partnerships_partnership AS other
        WHERE other.school_id = NEW.school_id
          AND other.id IS NOT NEW.id
          AND other.status <> 'withdrawn'
          AND other.start_date <= COALESCE(NEW.ended_on, NEW.end_date)
          AND COALESCE(other.ended_on, other.end_date) >= NEW.start_date
    )
    BEGIN SELECT RAISE(ABORT, '{OVERLAP_MESSAGE}'); END
"""
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS partnership_no_overlap_insert BEFORE INSERT ON partnerships_partnership {SQLITE_CHECK}",
    f"CREATE TRIGGER IF NOT EXISTS partnership_no_overlap_update BEFORE UPDATE ON partnerships_partnership {SQLITE_CHECK}",
]


def install_sqlite_triggers(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate handler: make sure the SQLite overlap triggers exist."""
    connection = connections[using]
    if connection.vendor != "sqlite" or "partnerships_partnership" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def is_overlap_violation(error: IntegrityError) -> bool:
    """Whether the database refused a write because two partnerships of one school overlap."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None:  # psycopg names the violated constraint
        return diag.constraint_name == OVERLAP_CONSTRAINT
    return str(error) == OVERLAP_MESSAGE
