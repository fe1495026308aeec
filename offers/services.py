"""Every write to offers. Keyword-only, validated, attributed in the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partnerships.services.common import save_with_history

from .choices import pack
from .models import Offer

OFFER_FIELDS = (
    "summary",
    "support",
    "phases",
    "local_authorities",
    "capacity",
    "team",
    "charges",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)
LIST_FIELDS = ("support", "phases", "local_authorities")
NOT_TRUST_ADMIN = "Only a trust administrator can change the trust's offer."
CANNOT_PUBLISH = "This offer is already published."
CANNOT_WITHDRAW = "Only a published offer can be withdrawn. This one is {status}."
TRUST_CLOSED = "{trust} is closed, so it cannot publish an offer."
WITHDRAW_REASON_REQUIRED = "Enter why you are withdrawing the offer."


def _ensure_admin_of(user, trust) -> None:
    if not (user.is_trust_admin and user.trust_id == trust.pk):
        raise ValidationError(NOT_TRUST_ADMIN)


def _details(details: dict) -> dict:
    unknown = set(details) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown offer fields: {sorted(unknown)}")
    return {
        name: (pack(value) if name in LIST_FIELDS and not isinstance(value, str) else value)
        for name, value in details.items()
    }


@transaction.atomic
def offer_save(*, trust, saved_by, expected_version: int | None = None, **details) -> Offer:
    """Write the trust's offer: a new draft the first time, the same offer (in its state) after."""
    _ensure_admin_of(saved_by, trust)
    offer = Offer.objects.select_for_update().filter(trust=trust).first()
    values = _details(details)
    if offer is None:
        offer = Offer(trust=trust, created_by=saved_by, **values)
        return save_with_history(offer, by=saved_by, reason="Offer written (draft)")
    for name, value in values.items():
        setattr(offer, name, value)
    return save_with_history(offer, by=saved_by, reason="Offer changed", expected_version=expected_version)


@transaction.atomic
def offer_publish(*, offer: Offer, published_by) -> Offer:
    """Show the offer in the public directory."""
    offer = Offer.objects.select_for_update().select_related("trust").get(pk=offer.pk)
    _ensure_admin_of(published_by, offer.trust)
    if offer.status == Offer.Status.PUBLISHED:
        raise ValidationError(CANNOT_PUBLISH)
    if offer.trust.status != offer.trust.Status.OPEN:
        raise ValidationError(TRUST_CLOSED.format(trust=offer.trust.name))
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = timezone.now()
    offer.withdrawn_at = None
    return save_with_history(offer, by=published_by, reason="Offer published")


@transaction.atomic
def offer_withdraw(*, offer: Offer, withdrawn_by, reason: str) -> Offer:
    """Take the offer out of the directory; enquiries already sent stay with the trust."""
    offer = Offer.objects.select_for_update().select_related("trust").get(pk=offer.pk)
    _ensure_admin_of(withdrawn_by, offer.trust)
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(CANNOT_WITHDRAW.format(status=offer.get_status_display().lower()))
    if not (reason or "").strip():
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    offer.status = Offer.Status.WITHDRAWN
    offer.withdrawn_at = timezone.now()
    return save_with_history(offer, by=withdrawn_by, reason=f"Offer withdrawn: {reason.strip()}")
