from django.apps import AppConfig


class OffersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "offers"
    verbose_name = "Trust partnership offers"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from schools.models import School

        from .selectors import forget_academies

        # A school saved or deleted in this process: rebuild the directory's picture of the
        # academies on the next read (other processes see the change through schools_version).
        post_save.connect(forget_academies, sender=School, dispatch_uid="offers-forget-academies-save")
        post_delete.connect(forget_academies, sender=School, dispatch_uid="offers-forget-academies-delete")
