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


# --- Enquiries: the trust's people, on enquiries to their trust (scoped by Enquiry.objects.visible_to)


def can_handle_enquiries(user) -> bool:
    return user.is_authenticated and user.is_trust_staff


def _open_to(user, enquiry) -> bool:
    return can_handle_enquiries(user) and user.trust_id == enquiry.offer.trust_id and enquiry.is_open


def can_reply_to_enquiry(user, enquiry) -> bool:
    return _open_to(user, enquiry) and not enquiry.personal_data_removed_at and bool(enquiry.email)


def can_mark_enquiry_contacted(user, enquiry) -> bool:
    return _open_to(user, enquiry) and enquiry.status == enquiry.Status.NEW


def can_decline_enquiry(user, enquiry) -> bool:
    return _open_to(user, enquiry)


def can_convert_enquiry(user, enquiry) -> bool:
    return _open_to(user, enquiry)


# --- Recommendations: system leaders record; oversight reads (scoped by Recommendation.objects.visible_to)


def can_read_recommendations(user) -> bool:
    return user.is_authenticated and (user.is_system_leader or user.is_oversight)


def can_record_recommendation(user) -> bool:
    return user.is_authenticated and user.is_system_leader


def can_suggest_trusts(user, recommendation) -> bool:
    return can_record_recommendation(user) and recommendation.recorded_by_id == user.pk
