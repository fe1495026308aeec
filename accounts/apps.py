from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and sign-in"

    def ready(self):
        from django.db.models.signals import pre_delete

        from config import history_manager

        from . import admin_lockout, protection, signin

        history_manager.install()
        admin_lockout.register()
        signin.connect()
        pre_delete.connect(protection.refuse_deleting_history_actors, sender=self.get_model("User"))
