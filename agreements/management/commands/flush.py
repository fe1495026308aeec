"""Django's `flush`, which first lifts the SQLite triggers that keep issued agreement versions.

Flushing empties the whole database on purpose (tests, a restore into a fresh database). On
SQLite it does so with DELETE, which the triggers in agreements.db_guard would refuse; they come
back from the post_migrate signal flush sends when it has finished. PostgreSQL flushes with
TRUNCATE, which row triggers do not see.
"""

from django.core.management.commands.flush import Command as FlushCommand

from agreements.db_guard import drop_sqlite_triggers


class Command(FlushCommand):
    def handle(self, **options):
        drop_sqlite_triggers(options["database"])
        return super().handle(**options)
