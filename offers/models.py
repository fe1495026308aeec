"""Trust Partnership Offers: what a trust publishes so schools can find it and get in touch."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .choices import SUPPORT_LABELS, Phase, token, unpack


class OfferQuerySet(models.QuerySet):
    def published(self):
        """Offers anyone may read: published by an open trust."""
        return self.filter(status=Offer.Status.PUBLISHED, trust__status="open")

    def visible_to(self, user):
        """Published offers, plus the user's own trust's offer in any state (to preview it)."""
        published = models.Q(status=Offer.Status.PUBLISHED, trust__status="open")
        if getattr(user, "is_authenticated", False) and user.is_active and user.is_trust_staff:
            return self.filter(published | models.Q(trust_id=user.trust_id))
        return self.filter(published)

    def offering(self, *support: str):
        """Offers that include at least one of these kinds of support."""
        condition = models.Q()
        for value in support:
            condition |= models.Q(support__contains=token(value))
        return self.filter(condition)


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    Status.TAG_COLOURS = {
        Status.DRAFT: "govuk-tag--grey",
        Status.PUBLISHED: "govuk-tag--green",
        Status.WITHDRAWN: "govuk-tag--red",
    }

    trust = models.OneToOneField("schools.Trust", on_delete=models.PROTECT, related_name="offer")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    summary = models.TextField(max_length=2000)
    # Packed lists ("|a|b|"), see offers/choices.py.
    support = models.CharField("support offered", max_length=400)
    phases = models.CharField("phases served", max_length=200)
    local_authorities = models.TextField("local authorities served", max_length=4000)
    capacity = models.PositiveSmallIntegerField(
        "partnerships the trust can take on now", validators=[MaxValueValidator(99)]
    )
    team = models.TextField("team (names and roles)", max_length=3000, blank=True)
    charges = models.TextField("how charges work", max_length=2000)
    contact_name = models.CharField(max_length=150)
    contact_role = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=30, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["trust__name"]
        constraints = [
            models.CheckConstraint(
                name="offer_published_has_date",
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Trust Partnership Offer: {self.trust.name}"

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    @property
    def support_list(self) -> list[str]:
        return unpack(self.support)

    @property
    def support_labels(self) -> list[str]:
        return [SUPPORT_LABELS.get(value, value) for value in self.support_list]

    @property
    def phase_list(self) -> list[str]:
        return unpack(self.phases)

    @property
    def phase_labels(self) -> list[str]:
        labels = dict(Phase.choices)
        return [labels.get(value, value) for value in self.phase_list]

    @property
    def local_authority_list(self) -> list[str]:
        return unpack(self.local_authorities)

    @property
    def team_lines(self) -> list[str]:
        return [line.strip() for line in self.team.splitlines() if line.strip()]
