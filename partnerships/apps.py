from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Trust partnerships"

    def ready(self):
        from .overlap_guard import install_sqlite_triggers

        post_migrate.connect(install_sqlite_triggers, sender=self, dispatch_uid="partnerships-sqlite-overlap-triggers")
