"""`/healthz` for load balancers: is the database answering, and is every migration applied?"""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Once every migration is applied it stays applied for the life of this process (new migrations
# arrive with new code, which means a new process), so the migration graph is read until then only.
_migrations_seen_applied = False


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def migrations_applied() -> bool:
    global _migrations_seen_applied
    if not _migrations_seen_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        _migrations_seen_applied = not plan
    return _migrations_seen_applied


def forget_migration_state() -> None:
    """Make the next check read the migration graph again (tests, after `migrate`)."""
    global _migrations_seen_applied
    _migrations_seen_applied = False


@never_cache
@require_safe
def healthz(request):
    """200 {"database": "ok", "migrations": "ok"} when healthy; 503 naming what is not."""
    checks = {"database": "ok" if database_answers() else "unavailable"}
    if checks["database"] == "ok":
        try:
            checks["migrations"] = "ok" if migrations_applied() else "pending"
        except DatabaseError:
            checks["migrations"] = "unknown"
    else:
        checks["migrations"] = "unknown"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
