"""Count committed writes to every table a cached page reads, on PostgreSQL, so the data version
changes in commit order (partnerships.oversight.commit_counters; nothing happens on SQLite)."""

from django.db import migrations

from partnerships.oversight.commit_counters import InstallCommitCounters, WatchTables


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0008_decision_meeting"),
        ("agreements", "0003_issued_versions_are_final_in_the_database"),
        ("delivery", "0004_activity_evidence"),
        ("schools", "0007_constraint_messages"),
    ]

    operations = [
        InstallCommitCounters(),
        WatchTables(
            tables=[
                "agreements_agreementversion",
                "delivery_endreview",
                "delivery_objectiverating",
                "delivery_reviewmeeting",
                "partnerships_academisationconsideration",
                "partnerships_activity",
                "partnerships_clause",
                "partnerships_costline",
                "partnerships_governorauthorisation",
                "partnerships_objective",
                "partnerships_partnership",
                "partnerships_reviewdecision",
                "partnerships_termdates",
                "partnerships_variation",
                "schools_establishmentlink",
                "schools_school",
                "schools_trust",
            ],
            scoped={"agreements_agreementversion": "partnership_id"},
        ),
    ]
