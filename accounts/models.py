"""People who sign in, each in exactly one role with exactly the scope that role needs, and the
invitations that bring them in."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserQuerySet(models.QuerySet):
    def people(self):
        """Accounts of people (the system accounts have no role and cannot sign in)."""
        return self.exclude(role="")

    def in_organisation_of(self, user):
        """The people of `user`'s organisation: their trust's, their school's, or oversight."""
        if user.role in User.TRUST_ROLES:
            return self.filter(role__in=User.TRUST_ROLES, trust_id=user.trust_id)
        if user.role in User.SCHOOL_ROLES:
            return self.filter(role__in=User.SCHOOL_ROLES, school_id=user.school_id)
        if user.role in User.OVERSIGHT_ROLES:
            return self.filter(role__in=User.OVERSIGHT_ROLES)
        return self.none()

    def with_email(self, email: str):
        return self.filter(email__iexact=(email or "").strip())


class PeopleManager(UserManager.from_queryset(UserQuerySet)):
    pass


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
    objects = PeopleManager()

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
    def organisation(self):
        """The trust or school the person belongs to (None for oversight and system leaders)."""
        return self.trust or self.school

    @property
    def organisation_name(self) -> str:
        if self.role in self.OVERSIGHT_ROLES:
            return "Oversight"
        organisation = self.organisation
        return organisation.name if organisation else ""

    @property
    def two_factor_required(self) -> bool:
        """Oversight users and superusers must use two-factor authentication (a setting lists
        who: TWO_FACTOR_REQUIRED_FOR)."""
        required = settings.TWO_FACTOR_REQUIRED_FOR
        return ("superusers" in required and self.is_superuser) or ("oversight" in required and self.is_oversight)

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.job_title}" if self.job_title else name


class InvitationQuerySet(models.QuerySet):
    def pending(self, *, now: datetime.datetime | None = None):
        """Invitations that can still be accepted: not accepted, not revoked, not expired."""
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=now or timezone.now())

    def for_organisation_of(self, user):
        """Invitations into `user`'s organisation (what a team page lists)."""
        if user.role in User.TRUST_ROLES:
            return self.filter(role__in=User.TRUST_ROLES, trust_id=user.trust_id)
        if user.role in User.SCHOOL_ROLES:
            return self.filter(role__in=User.SCHOOL_ROLES, school_id=user.school_id)
        if user.role in User.OVERSIGHT_ROLES:
            return self.filter(role__in=User.OVERSIGHT_ROLES)
        return self.none()


class Invitation(models.Model):
    """An email invitation to join one organisation in one role, accepted once through a signed
    link within INVITATION_VALID_DAYS days. Accepting creates the person's account."""

    class Status(models.TextChoices):
        PENDING = "pending", "Invited"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"

    email = models.EmailField("email address", max_length=254)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=16, choices=User.Role.choices)
    job_title = models.CharField(max_length=150, blank=True)
    trust = models.ForeignKey("schools.Trust", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    can_sign_for_trust = models.BooleanField(default=False)
    # What the invitation is for, in the email ("to review partnership TP26-00001").
    purpose = models.CharField(max_length=300, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # A random value in the signed token: a revoked and re-sent invitation gets a new link.
    nonce = models.CharField(max_length=32, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_scope_matches_role",
                condition=(
                    Q(role__in=["trust_admin", "trust_staff"], trust__isnull=False, school__isnull=True)
                    | Q(
                        role__in=["chair", "vice_chair", "governor", "clerk", "headteacher"],
                        school__isnull=False,
                        trust__isnull=True,
                    )
                    | Q(
                        role__in=["oversight_lead", "oversight", "system_leader"],
                        trust__isnull=True,
                        school__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="invitation_only_trust_people_sign",
                condition=Q(can_sign_for_trust=False) | Q(role__in=["trust_admin", "trust_staff"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display().lower()}"

    @property
    def organisation(self):
        return self.trust or self.school

    @property
    def organisation_name(self) -> str:
        if self.role in User.OVERSIGHT_ROLES:
            return "the oversight team"
        return self.organisation.name if self.organisation else "Trust Partnerships"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    @property
    def state(self) -> str:
        """What a person is told: invited, accepted, revoked or expired."""
        return "expired" if self.is_expired else self.status

    @property
    def state_label(self) -> str:
        return "Expired" if self.is_expired else self.get_status_display()

    @property
    def tag_class(self) -> str:
        return {
            "pending": "govuk-tag--blue",
            "accepted": "govuk-tag--green",
            "revoked": "govuk-tag--red",
            "expired": "govuk-tag--grey",
        }[self.state]
