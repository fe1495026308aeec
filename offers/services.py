"""Every write to offers. Keyword-only, validated, attributed in the history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.system_users import scheduler, system_actor
from partnerships.dates import add_months
from partnerships.services import partnership_create
from partnerships.services.common import delete_with_history, save_with_history

from . import notifications
from .choices import pack
from .models import Enquiry, EnquiryReply, Offer, Recommendation, SuggestedTrust

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
WITHDRAW_REASON_TOO_LONG = "Why you are withdrawing the offer must be {limit} characters or fewer."
NOT_TRUST_PERSON = "Only the trust's people can answer its enquiries."
PUBLIC_ENQUIRIES_USERNAME = "public-enquiries"


def public_enquiries():
    """The history's actor for enquiries sent by visitors, who have no account."""
    return system_actor(PUBLIC_ENQUIRIES_USERNAME, first_name="Public", last_name="enquiry form")


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
    offer = Offer.objects.select_for_update(of=("self",)).select_related("trust").get(pk=offer.pk)
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
    offer = Offer.objects.select_for_update(of=("self",)).select_related("trust").get(pk=offer.pk)
    _ensure_admin_of(withdrawn_by, offer.trust)
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(CANNOT_WITHDRAW.format(status=offer.get_status_display().lower()))
    if not (reason or "").strip():
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    if len(reason.strip()) > (most := Offer.WITHDRAWAL_REASON_MAX_LENGTH):
        # The form says so first; a command or another caller must not store more either.
        raise ValidationError({"reason": WITHDRAW_REASON_TOO_LONG.format(limit=most)})
    offer.status = Offer.Status.WITHDRAWN
    offer.withdrawn_at = timezone.now()
    return save_with_history(offer, by=withdrawn_by, reason=f"Offer withdrawn: {reason.strip()}")


# --- Enquiries --------------------------------------------------------------------------------------

ENQUIRY_OFFER_NOT_PUBLISHED = "This offer is no longer published, so it cannot take enquiries."
ENQUIRY_RATE_LIMITED = (
    "You have sent {limit} enquiries in the last hour, the most we accept from one connection. Try again later, "
    "or email the trust directly."
)
ENQUIRY_NOT_OPEN = "This enquiry is {status}, so it cannot be changed."
ENQUIRY_NOT_NEW = "Only a new enquiry can be marked as contacted. This one is {status}."
ENQUIRY_DATA_REMOVED = "The enquirer's details were removed after the retention period."
DECLINE_REASON_REQUIRED = "Enter why you are declining the enquiry."
REPLY_REQUIRED = "Enter your reply."


def _open_enquiry(enquiry: Enquiry, user) -> Enquiry:
    enquiry = (
        Enquiry.objects.select_for_update(of=("self",)).select_related("offer__trust", "school").get(pk=enquiry.pk)
    )
    if not (user.is_trust_staff and user.trust_id == enquiry.offer.trust_id):
        raise ValidationError(NOT_TRUST_PERSON)
    if not enquiry.is_open:
        raise ValidationError(ENQUIRY_NOT_OPEN.format(status=enquiry.get_status_display().lower()))
    return enquiry


@transaction.atomic
def enquiry_create(
    *,
    offer: Offer,
    school,
    name: str,
    role: str,
    email: str,
    phone: str = "",
    support_wanted,
    message: str,
    sender_key: str,
) -> Enquiry:
    """A visitor's enquiry from a published offer. Refused past the hourly limit per connection.
    The school gets an acknowledgement and the trust's contact a notice, once the row is saved."""
    offer = Offer.objects.select_related("trust").get(pk=offer.pk)
    if offer.status != Offer.Status.PUBLISHED or offer.trust.status != offer.trust.Status.OPEN:
        raise ValidationError(ENQUIRY_OFFER_NOT_PUBLISHED)
    limit = settings.ENQUIRY_RATE_LIMIT_PER_HOUR
    recent = Enquiry.objects.filter(sender_key=sender_key, created_at__gte=timezone.now() - datetime.timedelta(hours=1))
    if sender_key and recent.count() >= limit:
        raise ValidationError(ENQUIRY_RATE_LIMITED.format(limit=limit))
    enquiry = Enquiry(
        offer=offer,
        school=school,
        name=name,
        role=role,
        email=email,
        phone=phone,
        support_wanted=pack(support_wanted),
        message=message,
        sender_key=sender_key,
    )
    enquiry = save_with_history(enquiry, by=public_enquiries(), reason="Enquiry sent from the offer page")
    transaction.on_commit(lambda: notifications.notify_enquiry_received(enquiry))
    return enquiry


@transaction.atomic
def enquiry_reply(*, enquiry: Enquiry, body: str, sent_by) -> EnquiryReply:
    """Email the enquirer from the service (their reply goes to the offer's contact) and record it.
    A new enquiry becomes contacted."""
    enquiry = _open_enquiry(enquiry, sent_by)
    if enquiry.personal_data_removed_at or not enquiry.email:
        raise ValidationError(ENQUIRY_DATA_REMOVED)
    if not (body or "").strip():
        raise ValidationError({"body": REPLY_REQUIRED})
    reply = EnquiryReply(enquiry=enquiry, sent_to=enquiry.email, body=body.strip(), sent_by=sent_by)
    save_with_history(reply, by=sent_by, reason="Reply emailed to the enquirer")
    if enquiry.status == Enquiry.Status.NEW:
        enquiry.status, enquiry.contacted_at = Enquiry.Status.CONTACTED, timezone.now()
        save_with_history(enquiry, by=sent_by, reason="Contacted: reply emailed")
    transaction.on_commit(lambda: notifications.send_enquiry_reply(reply))
    return reply


@transaction.atomic
def enquiry_mark_contacted(*, enquiry: Enquiry, marked_by) -> Enquiry:
    """Record that the trust got in touch another way (a call, a meeting)."""
    enquiry = _open_enquiry(enquiry, marked_by)
    if enquiry.status != Enquiry.Status.NEW:
        raise ValidationError(ENQUIRY_NOT_NEW.format(status=enquiry.get_status_display().lower()))
    enquiry.status, enquiry.contacted_at = Enquiry.Status.CONTACTED, timezone.now()
    return save_with_history(enquiry, by=marked_by, reason="Marked as contacted")


@transaction.atomic
def enquiry_decline(*, enquiry: Enquiry, reason: str, declined_by) -> Enquiry:
    enquiry = _open_enquiry(enquiry, declined_by)
    if not (reason or "").strip():
        raise ValidationError({"reason": DECLINE_REASON_REQUIRED})
    enquiry.status, enquiry.decline_reason, enquiry.closed_at = Enquiry.Status.DECLINED, reason.strip(), timezone.now()
    return save_with_history(enquiry, by=declined_by, reason=f"Declined: {reason.strip()}")


@transaction.atomic
def enquiry_convert(*, enquiry: Enquiry, converted_by, **details) -> Enquiry:
    """Set up a draft partnership between the enquiring school and the trust (through
    partnership_create, so every eligibility rule applies) and close the enquiry."""
    enquiry = _open_enquiry(enquiry, converted_by)
    partnership = partnership_create(
        school=enquiry.school, trust=enquiry.offer.trust, created_by=converted_by, **details
    )
    enquiry.status, enquiry.partnership, enquiry.closed_at = Enquiry.Status.CONVERTED, partnership, timezone.now()
    return save_with_history(
        enquiry, by=converted_by, reason=f"Converted into draft partnership {partnership.reference}"
    )


def enquiry_retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Enquiries closed before this moment are past the retention period."""
    now = now or timezone.now()
    day = add_months(timezone.localdate(now), -settings.ENQUIRY_RETENTION_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def enquiries_remove_personal_data(*, now: datetime.datetime | None = None) -> int:
    """Daily: blank the enquirer's details on enquiries closed longer ago than the retention period,
    in the rows, their history and the replies sent to them. Returns how many enquiries."""
    removed = 0
    actor = scheduler()
    months = settings.ENQUIRY_RETENTION_MONTHS
    blank = dict.fromkeys(Enquiry.PERSONAL_FIELDS, "")
    for enquiry in Enquiry.objects.select_for_update().due_for_removal(closed_before=enquiry_retention_cutoff(now)):
        for name, value in blank.items():
            setattr(enquiry, name, value)
        enquiry.personal_data_removed_at = timezone.now()
        save_with_history(
            enquiry, by=actor, reason=f"Personal data removed: closed more than {months} months ago", validate=False
        )
        Enquiry.history.filter(id=enquiry.pk).update(**blank)
        enquiry.replies.update(sent_to="", body="")
        EnquiryReply.history.filter(enquiry_id=enquiry.pk).update(sent_to="", body="")
        removed += 1
    return removed


# --- Recommendations -----------------------------------------------------------------------------

NOT_SYSTEM_LEADER = "Only a system leader can record a recommendation."
NOT_RECORDER = "Only the system leader who recorded this recommendation can change it."
SCHOOL_NOT_OPEN = "{school} is not open, so it cannot be recommended for a trust partnership."


@transaction.atomic
def recommendation_create(*, school, recorded_by, interested: bool, support_wanted, context: str) -> Recommendation:
    """A system leader's end-of-deployment recommendation for a school."""
    if not recorded_by.is_system_leader:
        raise ValidationError(NOT_SYSTEM_LEADER)
    if not school.is_open:
        raise ValidationError({"school": SCHOOL_NOT_OPEN.format(school=school.name)})
    recommendation = Recommendation(
        school=school,
        recorded_by=recorded_by,
        interested=interested,
        support_wanted=pack(support_wanted),
        context=context,
    )
    return save_with_history(recommendation, by=recorded_by, reason="Recommendation recorded")


@transaction.atomic
def recommendation_suggest_trusts(*, recommendation: Recommendation, suggestions, suggested_by) -> list[SuggestedTrust]:
    """Record the trusts the system leader suggests, each with the score and reasons they saw.
    Replaces any earlier choice."""
    if recommendation.recorded_by_id != suggested_by.pk:
        raise ValidationError(NOT_RECORDER)
    for old in recommendation.suggestions.all():
        delete_with_history(old, by=suggested_by, reason="Suggestion replaced")
    return [
        save_with_history(
            SuggestedTrust(
                recommendation=recommendation,
                trust=suggestion.trust,
                score=suggestion.score,
                reasons="\n".join(suggestion.reasons),
            ),
            by=suggested_by,
            reason="Trust suggested",
        )
        for suggestion in suggestions
    ]
