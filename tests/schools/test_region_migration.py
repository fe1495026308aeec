"""Migration 0004 moves stored regions to the DfE's nine (from GOR) and drops RSC region names."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("schools", "0003_grid_reference")]
AFTER = [("schools", "0004_gias_current_layout")]


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_stored_rsc_regions_become_gor_regions_and_grades_become_previous_grades():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("schools", "School")
    old.objects.create(
        urn="100001",
        name="Marylebone Primary School",
        region="North-West London and South-Central England",
        government_office_region="London",
        ofsted_rating="Good",
        ofsted_last_inspection=datetime.date(2023, 5, 1),
    )
    old.objects.create(urn="100002", name="No GOR Primary", region="South-East England and South London")
    old.objects.create(
        urn="100003",
        name="Graded Later Primary",
        region="North",
        government_office_region="North East",
        ofsted_rating="Good",
        ofsted_last_inspection=datetime.date(2024, 10, 1),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("schools", "School")

    london = new.objects.get(urn="100001")
    assert london.region == "London"
    assert (london.previous_ofsted_grade, london.previous_ofsted_grade_on) == ("Good", datetime.date(2023, 5, 1))
    assert new.objects.get(urn="100002").region == ""  # an RSC name with no GOR to replace it is not kept
    later = new.objects.get(urn="100003")
    assert (later.region, later.previous_ofsted_grade_on) == ("North East", None)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
