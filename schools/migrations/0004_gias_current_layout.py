"""GIAS's current layout: the DfE region from `GOR (name)` (the retired RSC regions are dropped),
diocese and religious character, the date GIAS last changed a record, when a school joined its
trust, secure single-academy trusts, and Ofsted's single-word grade kept only as the *previous*
overall grade (before September 2024) with its date."""

import datetime

from django.db import migrations, models

GRADES_ENDED = datetime.date(2024, 9, 1)
DFE_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


def regions_from_gor(apps, schema_editor):
    """region <- government_office_region; a stored RSC region name (not one of the nine) is cleared."""
    for name in ("School", "HistoricalSchool"):
        model = apps.get_model("schools", name)
        rows = model.objects.using(schema_editor.connection.alias)
        rows.exclude(government_office_region="").update(region=models.F("government_office_region"))
        rows.exclude(region__in=DFE_REGIONS).exclude(region="").update(region="")
        rows.exclude(previous_ofsted_grade="").filter(ofsted_last_inspection__lt=GRADES_ENDED).update(
            previous_ofsted_grade_on=models.F("ofsted_last_inspection")
        )


def regions_back(apps, schema_editor):
    for name in ("School", "HistoricalSchool"):
        apps.get_model("schools", name).objects.using(schema_editor.connection.alias).update(
            government_office_region=models.F("region")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_grid_reference"),
    ]

    operations = [
        migrations.RenameField("school", "ofsted_rating", "previous_ofsted_grade"),
        migrations.RenameField("historicalschool", "ofsted_rating", "previous_ofsted_grade"),
        *[
            operation
            for model in ("school", "historicalschool")
            for operation in (
                migrations.AlterField(
                    model_name=model,
                    name="previous_ofsted_grade",
                    field=models.CharField(
                        blank=True,
                        choices=[
                            ("Outstanding", "Outstanding"),
                            ("Good", "Good"),
                            ("Requires improvement", "Requires improvement"),
                            ("Inadequate", "Inadequate"),
                            ("Serious Weaknesses", "Serious weaknesses"),
                            ("Special Measures", "Special measures"),
                        ],
                        max_length=32,
                        verbose_name="previous overall Ofsted grade (before September 2024)",
                    ),
                ),
                migrations.AddField(
                    model_name=model,
                    name="previous_ofsted_grade_on",
                    field=models.DateField(blank=True, null=True, verbose_name="date of the previous overall grade"),
                ),
                migrations.AlterField(
                    model_name=model,
                    name="ofsted_last_inspection",
                    field=models.DateField(blank=True, null=True, verbose_name="date of the latest Ofsted inspection"),
                ),
                migrations.AddField(
                    model_name=model,
                    name="ofsted_last_inspection_type",
                    field=models.CharField(
                        blank=True, max_length=100, verbose_name="type of the latest Ofsted inspection"
                    ),
                ),
                migrations.AddField(
                    model_name=model,
                    name="ofsted_report_card",
                    field=models.JSONField(blank=True, default=dict, verbose_name="latest Ofsted report card"),
                ),
                migrations.AddField(
                    model_name=model, name="diocese", field=models.CharField(blank=True, max_length=100)
                ),
                migrations.AddField(
                    model_name=model, name="religious_character", field=models.CharField(blank=True, max_length=100)
                ),
                migrations.AddField(
                    model_name=model,
                    name="joined_trust_on",
                    field=models.DateField(blank=True, null=True, verbose_name="date it joined its trust"),
                ),
                migrations.AddField(
                    model_name=model,
                    name="gias_last_changed_on",
                    field=models.DateField(blank=True, null=True, verbose_name="last changed in GIAS"),
                ),
            )
        ],
        migrations.RunPython(regions_from_gor, regions_back),
        migrations.RemoveField("school", "government_office_region"),
        migrations.RemoveField("historicalschool", "government_office_region"),
        *[
            migrations.AlterField(
                model_name=model,
                name="trust_type",
                field=models.CharField(
                    choices=[
                        ("mat", "Multi-academy trust"),
                        ("sat", "Single-academy trust"),
                        ("ssat", "Secure single-academy trust"),
                    ],
                    max_length=4,
                ),
            )
            for model in ("trust", "historicaltrust")
        ],
    ]
