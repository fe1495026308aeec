from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Agreements"

    def ready(self):
        from .db_guard import install_sqlite_triggers

        post_migrate.connect(install_sqlite_triggers, sender=self, dispatch_uid="agreements-sqlite-final-triggers")
