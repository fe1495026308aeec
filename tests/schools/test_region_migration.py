"""Migration 0004 moves stored regions to the DfE's nine (from GOR) and drops RSC region names."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("schools", "0003_grid_reference")]
AFTER = [("schools", "0004_gias_current_layout")]


ALIAS = "region_migration"


@contextmanager
def empty_database(tmp_path):
    """A connection to a new, empty database of the same kind as the test database: migrating it
    to schools 0003 runs only the migrations schools needs, where taking the test database back
    to 0003 and forward again would undo and redo every app's (16 s of the suite)."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "migration.sqlite3")
    else:
        settings["NAME"] = f"{connection.settings_dict['NAME']}_{ALIAS}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    database = type(connections["default"])(settings, alias=ALIAS)
    connections[ALIAS] = database
    try:
        yield database
    finally:
        database.close()
        del connections[ALIAS]
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{settings["NAME"]}"')


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_stored_rsc_regions_become_gor_regions_and_grades_become_previous_grades(tmp_path):
    with empty_database(tmp_path) as database:
        migrate_and_check(database)


def migrate_and_check(database):
    executor = MigrationExecutor(database)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("schools", "School").objects.db_manager(ALIAS)
    old.create(
        urn="100001",
        name="Marylebone Primary School",
        region="North-West London and South-Central England",
        government_office_region="London",
        ofsted_rating="Good",
        ofsted_last_inspection=datetime.date(2023, 5, 1),
    )
    old.create(urn="100002", name="No GOR Primary", region="South-East England and South London")
    old.create(
        urn="100003",
        name="Graded Later Primary",
        region="North",
        government_office_region="North East",
        ofsted_rating="Good",
        ofsted_last_inspection=datetime.date(2024, 10, 1),
    )

    executor = MigrationExecutor(database)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("schools", "School").objects.db_manager(ALIAS)

    london = new.get(urn="100001")
    assert london.region == "London"
    assert (london.previous_ofsted_grade, london.previous_ofsted_grade_on) == ("Good", datetime.date(2023, 5, 1))
    assert new.get(urn="100002").region == ""  # an RSC name with no GOR to replace it is not kept
    later = new.get(urn="100003")
    assert (later.region, later.previous_ofsted_grade_on) == ("North East", None)
    assert new.count() == 3
