"""People who sign in, each in exactly one role with exactly the scope that role needs."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    class Role(models.TextChoices):
        TRUST_STAFF = "trust_staff", "Trust staff"
        GOVERNOR = "governor", "School governor"
        OVERSIGHT = "oversight", "Oversight admin"

    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    trust = models.ForeignKey("schools.Trust", on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="governors"
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role="trust_staff", trust__isnull=False, school__isnull=True)
                    | Q(role="governor", school__isnull=False, trust__isnull=True)
                    | Q(role__in=["oversight", ""], trust__isnull=True, school__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_trust_staff(self) -> bool:
        return self.role == self.Role.TRUST_STAFF

    @property
    def is_governor(self) -> bool:
        return self.role == self.Role.GOVERNOR

    @property
    def is_oversight(self) -> bool:
        return self.role == self.Role.OVERSIGHT

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.job_title}" if self.job_title else name
