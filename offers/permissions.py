"""Named predicates: who may do what with offers, enquiries and recommendations.

Reads are scoped by the QuerySets (`Offer.objects.visible_to(user)` and friends); these answer
whether the user may act.
"""

from .models import Offer


def can_see_trust_offer(user) -> bool:
    """The trust's people read their trust's offer page (in any state)."""
    return user.is_authenticated and user.is_trust_staff


def can_manage_offer(user) -> bool:
    """Write the trust's offer: trust administrators only."""
    return user.is_authenticated and user.is_trust_admin


def can_publish_offer(user, offer: Offer | None) -> bool:
    return (
        offer is not None
        and can_manage_offer(user)
        and offer.trust_id == user.trust_id
        and offer.status in (Offer.Status.DRAFT, Offer.Status.WITHDRAWN)
    )


def can_withdraw_offer(user, offer: Offer | None) -> bool:
    return (
        offer is not None
        and can_manage_offer(user)
        and offer.trust_id == user.trust_id
        and offer.status == Offer.Status.PUBLISHED
    )
