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

    # Why an offer was withdrawn is kept only in its history's change reason (a text column with
    # no limit), so its limit is written here, where a form reads it, rather than on a field.
    WITHDRAWAL_REASON_MAX_LENGTH = 500

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


class EnquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enquiries to the user's trust (its people only: they hold the enquirers' personal data)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_trust_staff:
            return self.none()
        return self.filter(offer__trust_id=user.trust_id)

    def due_for_removal(self, *, closed_before):
        """Closed before the given moment, personal data not yet removed."""
        return self.filter(
            status__in=Enquiry.Status.CLOSED, closed_at__lt=closed_before, personal_data_removed_at__isnull=True
        )


class Enquiry(models.Model):
    """A school's enquiry sent from a published offer. Personal data: the enquirer's name, role,
    email, phone and message; removed after the retention period once the enquiry is closed."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        DECLINED = "declined", "Declined"
        CONVERTED = "converted", "Converted to a partnership"

    Status.OPEN = (Status.NEW, Status.CONTACTED)
    Status.CLOSED = (Status.DECLINED, Status.CONVERTED)
    Status.TAG_COLOURS = {
        Status.NEW: "govuk-tag--blue",
        Status.CONTACTED: "govuk-tag--yellow",
        Status.DECLINED: "govuk-tag--grey",
        Status.CONVERTED: "govuk-tag--green",
    }
    PERSONAL_FIELDS = ("name", "role", "email", "phone", "message", "sender_key")

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="enquiries")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="enquiries")
    name = models.CharField("your name", max_length=150, blank=True)
    role = models.CharField("your role", max_length=150, blank=True)
    email = models.EmailField("email address", max_length=254, blank=True)
    phone = models.CharField("telephone", max_length=30, blank=True)
    support_wanted = models.CharField("support wanted", max_length=400, blank=True)
    message = models.TextField(max_length=3000, blank=True)
    # A keyed hash of the sender's network address, for the rate limit: never the address itself.
    sender_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    decline_reason = models.TextField(max_length=1000, blank=True)
    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="enquiry"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(
                name="enquiry_converted_has_partnership",
                condition=~models.Q(status="converted") | models.Q(partnership__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Enquiry from {self.school.name} to {self.offer.trust.name}"

    @property
    def tag_class(self) -> str:
        return self.Status.TAG_COLOURS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in self.Status.OPEN

    @property
    def support_labels(self) -> list[str]:
        return [SUPPORT_LABELS.get(value, value) for value in unpack(self.support_wanted)]


class EnquiryReply(models.Model):
    """An email trust staff sent the enquirer through the service."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="replies")
    sent_to = models.EmailField(max_length=254, blank=True)
    body = models.TextField(max_length=5000, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name_plural = "enquiry replies"

    def __str__(self) -> str:
        return f"Reply to {self.enquiry}"


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Oversight sees every recommendation; a system leader the ones they recorded."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_oversight:
            return self
        if user.is_system_leader:
            return self.filter(recorded_by=user)
        return self.none()


class Recommendation(models.Model):
    """A system leader's end-of-deployment recommendation for a school they supported."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="recommendations")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interested = models.BooleanField("the school is interested in a trust partnership")
    support_wanted = models.CharField("support the school wants", max_length=400, blank=True)
    context = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Recommendation for {self.school.name}"

    @property
    def support_list(self) -> list[str]:
        return unpack(self.support_wanted)

    @property
    def support_labels(self) -> list[str]:
        return [SUPPORT_LABELS.get(value, value) for value in self.support_list]


class SuggestedTrust(models.Model):
    """A trust the system leader suggested, with the score and reasons shown when they chose it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="suggestions")
    trust = models.ForeignKey("schools.Trust", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    reasons = models.TextField(max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "trust__name"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "trust"], name="one_suggestion_per_trust"),
        ]

    def __str__(self) -> str:
        return f"{self.trust.name} ({self.score} points)"
