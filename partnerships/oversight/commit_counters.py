"""PostgreSQL's per-table write counters behind `rendered.data_version()` (migration 0009).

One row per watched table (`scope` 0), and for a table with a scope column (agreement versions'
`partnership_id`) one row per partnership too, in `data_version_counter`. Three triggers on each
watched table keep them:

- at each write statement (immediately, without a lock): the transaction notes which counter rows
  it must move, in a transaction-local setting, and gives its own later reads of the table a new,
  never-repeated mark (`tp_data_version.own_<table>`, from a sequence; per partnership too where
  scoped), so a transaction reading
  its own uncommitted writes keys what it caches apart from everyone else (and apart from what it
  cached before its last write);
- at commit (a `DEFERRABLE INITIALLY DEFERRED` constraint trigger, the first of its events to run):
  it adds one to every noted counter row, in one fixed order (so two committing writers cannot
  deadlock), and forgets the list;
- on TRUNCATE (Django's `flush` in tests): every row of the table's counters at once.

SQLite has none of this: it lets one writer in at a time, so the newest history row is exact there.
"""

from django.db.migrations.operations.base import Operation

TABLE = "data_version_counter"
OWN_SEQUENCE = "data_version_own_write"
SETTING = "tp_data_version"  # prefix of the transaction-local settings

INSTALL = [
    f"""CREATE TABLE {TABLE} (
        table_name text NOT NULL,
        scope bigint NOT NULL,
        version bigint NOT NULL,
        PRIMARY KEY (table_name, scope)
    )""",
    f"CREATE SEQUENCE {OWN_SEQUENCE}",
    # The counter rows a transaction has to move at commit, as "table scope" keys.
    f"""CREATE FUNCTION data_version_note(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        noted text[] := coalesce(nullif(current_setting('{SETTING}.noted', true), ''), '{{}}')::text[];
    BEGIN
        IF keys <@ noted THEN
            RETURN;  -- the usual case for the second row on: noted already
        END IF;
        SELECT array_agg(DISTINCT key) INTO noted FROM unnest(noted || keys) AS key;
        PERFORM set_config('{SETTING}.noted', noted::text, true);
    END
    $$""",
    f"""CREATE FUNCTION data_version_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM data_version_note(ARRAY[TG_TABLE_NAME || ' 0']);
        PERFORM set_config('{SETTING}.own_' || TG_TABLE_NAME, nextval('{OWN_SEQUENCE}')::text, true);
        RETURN NULL;
    END
    $$""",
    # TG_ARGV[0]: the scope column. A row moved between partnerships counts for both. The
    # transaction's own mark is kept per partnership too (`tp_data_version.own_<table>_<id>`).
    f"""CREATE FUNCTION data_version_row_scope() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        scopes text[] := '{{}}';
        scope text;
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            scopes := scopes || (to_jsonb(OLD) ->> TG_ARGV[0]);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            scopes := scopes || (to_jsonb(NEW) ->> TG_ARGV[0]);
        END IF;
        FOREACH scope IN ARRAY array_remove(scopes, NULL) LOOP
            PERFORM data_version_note(ARRAY[TG_TABLE_NAME || ' ' || scope]);
            PERFORM set_config(
                '{SETTING}.own_' || TG_TABLE_NAME || '_' || scope, nextval('{OWN_SEQUENCE}')::text, true
            );
        END LOOP;
        RETURN NULL;
    END
    $$""",
    f"""CREATE FUNCTION data_version_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        key text;
    BEGIN
        IF coalesce(current_setting('{SETTING}.noted', true), '') IN ('', '{{}}') THEN
            RETURN NULL;  -- an earlier event of this commit moved them already
        END IF;
        FOR key IN
            SELECT noted FROM unnest(current_setting('{SETTING}.noted')::text[]) AS noted
            ORDER BY split_part(noted, ' ', 1) COLLATE "C", split_part(noted, ' ', 2)::bigint
        LOOP
            INSERT INTO {TABLE} AS counter (table_name, scope, version)
                VALUES (split_part(key, ' ', 1), split_part(key, ' ', 2)::bigint, 1)
                ON CONFLICT (table_name, scope) DO UPDATE SET version = counter.version + 1;
        END LOOP;
        PERFORM set_config('{SETTING}.noted', '', true);
        RETURN NULL;
    END
    $$""",
    f"""CREATE FUNCTION data_version_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} SET version = version + 1 WHERE table_name = TG_TABLE_NAME;
        PERFORM set_config('{SETTING}.own_' || TG_TABLE_NAME, nextval('{OWN_SEQUENCE}')::text, true);
        RETURN NULL;
    END
    $$""",
]
UNINSTALL = [
    "DROP FUNCTION data_version_truncate()",
    "DROP FUNCTION data_version_commit()",
    "DROP FUNCTION data_version_row_scope()",
    "DROP FUNCTION data_version_statement()",
    "DROP FUNCTION data_version_note(text[])",
    f"DROP SEQUENCE {OWN_SEQUENCE}",
    f"DROP TABLE {TABLE}",
]


def watch_sql(table: str, scope_column: str | None = None) -> list[str]:
    statements = [
        f"""CREATE TRIGGER data_version_statement AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_statement()""",
        f"""CREATE CONSTRAINT TRIGGER data_version_commit AFTER INSERT OR UPDATE OR DELETE ON {table}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_commit()""",
        f"""CREATE TRIGGER data_version_truncate AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION data_version_truncate()""",
        # The whole table's row exists from the start: a missing one means an unwatched table.
        f"INSERT INTO {TABLE} (table_name, scope, version) VALUES ('{table}', 0, 0) ON CONFLICT DO NOTHING",
    ]
    if scope_column:
        statements.append(
            f"""CREATE TRIGGER data_version_row_scope AFTER INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION data_version_row_scope('{scope_column}')"""
        )
    return statements


def unwatch_sql(table: str) -> list[str]:
    triggers = ("data_version_statement", "data_version_commit", "data_version_truncate", "data_version_row_scope")
    return [
        *(f"DROP TRIGGER IF EXISTS {trigger} ON {table}" for trigger in triggers),
        f"DELETE FROM {TABLE} WHERE table_name = '{table}'",
    ]


class _PostgresOnly(Operation):
    """Schema only PostgreSQL needs; nothing in Django's model state."""

    reduces_to_sql = False
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, statements: list[str]) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)


class InstallCommitCounters(_PostgresOnly):
    """The counter table, its sequence and the trigger functions (PostgreSQL only)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, INSTALL)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, UNINSTALL)

    def describe(self):
        return "Install the data version's commit counters (PostgreSQL)"


class WatchTables(_PostgresOnly):
    """Count committed writes to these tables (PostgreSQL only); `scoped` maps a table to the
    column it is also counted by. A model a cached page reads must have its table here (tests/
    partnerships/test_data_version_commit_order.py checks every version's models)."""

    def __init__(self, tables: list[str], scoped: dict[str, str] | None = None):
        self.tables, self.scoped = list(tables), dict(scoped or {})

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"tables": self.tables, "scoped": self.scoped})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for table in self.tables:
            self._run(schema_editor, watch_sql(table, self.scoped.get(table)))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for table in self.tables:
            self._run(schema_editor, unwatch_sql(table))

    def describe(self):
        return f"Count committed writes to {', '.join(self.tables)} (PostgreSQL)"
