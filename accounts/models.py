"""People who sign in, each in exactly one role with exactly the scope that role needs."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    class Role(models.TextChoices):
        # A trust's people
        TRUST_ADMIN = "trust_admin", "Trust administrator"
        TRUST_STAFF = "trust_staff", "Trust staff"
        # A school's people
        CHAIR = "chair", "Chair of governors"
        VICE_CHAIR = "vice_chair", "Vice-chair of governors"
        GOVERNOR = "governor", "Governor"
        CLERK = "clerk", "Clerk to the governors"
        HEADTEACHER = "headteacher", "Headteacher"
        # Oversight (DfE-style, read only)
        OVERSIGHT_LEAD = "oversight_lead", "Oversight lead"
        OVERSIGHT = "oversight", "Oversight user"
        # DfE-deployed system leaders: belong to no trust or school
        SYSTEM_LEADER = "system_leader", "System leader"

    # Role groups: which organisation a role belongs to. Scope (trust/school) follows from these.
    TRUST_ROLES = (Role.TRUST_ADMIN, Role.TRUST_STAFF)
    SCHOOL_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.GOVERNOR, Role.CLERK, Role.HEADTEACHER)
    OVERSIGHT_ROLES = (Role.OVERSIGHT_LEAD, Role.OVERSIGHT)
    UNSCOPED_ROLES = (Role.OVERSIGHT_LEAD, Role.OVERSIGHT, Role.SYSTEM_LEADER)

    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    can_sign_for_trust = models.BooleanField(
        default=False,
        help_text="Authorised by a trust administrator to sign agreements for the trust.",
    )
    job_title = models.CharField(max_length=150, blank=True)
    trust = models.ForeignKey("schools.Trust", on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="governors"
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                violation_error_message=(
                    "A trust role needs a trust and no school; a school role (chair, vice-chair, governor, clerk, "
                    "headteacher) needs a school and no trust; oversight and system leader roles need neither."
                ),
                condition=(
                    Q(role__in=["trust_admin", "trust_staff"], trust__isnull=False, school__isnull=True)
                    | Q(
                        role__in=["chair", "vice_chair", "governor", "clerk", "headteacher"],
                        school__isnull=False,
                        trust__isnull=True,
                    )
                    | Q(
                        role__in=["oversight_lead", "oversight", "system_leader", ""],
                        trust__isnull=True,
                        school__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="only_trust_people_sign_for_trust",
                violation_error_message="Only a trust's people can sign for the trust: choose a trust role or untick it.",
                condition=Q(can_sign_for_trust=False) | Q(role__in=["trust_admin", "trust_staff"]),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_trust_staff(self) -> bool:
        """Any of a trust's people (administrators run partnerships too)."""
        return self.role in self.TRUST_ROLES

    @property
    def is_trust_admin(self) -> bool:
        return self.role == self.Role.TRUST_ADMIN

    @property
    def is_governor(self) -> bool:
        """Any of a school's people: they read the school's partnerships. Who may approve is
        narrower (see partnerships.permissions)."""
        return self.role in self.SCHOOL_ROLES

    @property
    def is_school_person(self) -> bool:
        return self.role in self.SCHOOL_ROLES

    @property
    def is_oversight(self) -> bool:
        return self.role in self.OVERSIGHT_ROLES

    @property
    def is_oversight_lead(self) -> bool:
        return self.role == self.Role.OVERSIGHT_LEAD

    @property
    def is_system_leader(self) -> bool:
        return self.role == self.Role.SYSTEM_LEADER

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.job_title}" if self.job_title else name
