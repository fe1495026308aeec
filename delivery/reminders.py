"""The daily job's part for delivery: email both parties a week before a scheduled review, flag a
review more than two weeks overdue, and ask for the end-of-partnership review of a partnership past
its end date (it cannot conclude without one). Each reminder goes out once (DeliveryReminder).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.system_users import scheduler
from partnerships.models import Partnership
from partnerships.notifications import school_recipients, trust_recipients
from partnerships.services.common import save_with_history

from .models import DeliveryReminder, ReviewMeeting

logger = logging.getLogger(__name__)

Kind = DeliveryReminder.Kind
REVIEW_NOTICE_DAYS = 7


def reviews_due(*, today: datetime.date):
    """Scheduled reviews of running partnerships in the next week that have had no reminder."""
    return (
        ReviewMeeting.objects.scheduled()
        .filter(
            scheduled_for__gte=today,
            scheduled_for__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
            partnership__status__in=Partnership.Status.BINDING,
        )
        .exclude(reminders__kind=Kind.REVIEW_DUE)
        .select_related("partnership__school", "partnership__trust")
    )


def reviews_overdue(*, today: datetime.date):
    return (
        ReviewMeeting.objects.overdue(today=today)
        .exclude(reminders__kind=Kind.REVIEW_OVERDUE)
        .select_related("partnership__school", "partnership__trust")
    )


def end_reviews_needed(*, today: datetime.date):
    """Active partnerships past their end date without an end-of-partnership review, not yet asked."""
    return (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE, end_date__lt=today, end_review__isnull=True)
        .exclude(delivery_reminders__kind=Kind.END_REVIEW_NEEDED)
        .select_related("school", "trust")
    )


def send_delivery_reminders(*, today: datetime.date) -> dict[str, int]:
    """Send each due reminder once; one failure does not stop the others."""
    sent = dict.fromkeys(Kind.values, 0)
    jobs = [(Kind.REVIEW_DUE, meeting.partnership, meeting, "review_due", True) for meeting in reviews_due(today=today)]
    jobs += [
        (Kind.REVIEW_OVERDUE, meeting.partnership, meeting, "review_overdue", True)
        for meeting in reviews_overdue(today=today)
    ]
    jobs += [
        (Kind.END_REVIEW_NEEDED, partnership, None, "end_review_needed", False)
        for partnership in end_reviews_needed(today=today)
    ]
    for kind, partnership, meeting, template, both_parties in jobs:
        if _send_once(kind, partnership, meeting, template, both_parties=both_parties):
            sent[kind] += 1
    return sent


def _send_once(kind, partnership, meeting, template: str, *, both_parties: bool) -> bool:
    try:
        # Record and send in one transaction: a failed send rolls the record back for tomorrow.
        with transaction.atomic():
            record = DeliveryReminder(kind=kind, partnership=partnership, meeting=meeting)
            save_with_history(record, by=scheduler(), reason=f"Reminder sent: {record.get_kind_display().lower()}")
            _email(template, partnership, meeting, both_parties=both_parties)
    except IntegrityError:
        return False  # another run sent it a moment ago
    except Exception:
        logger.exception("Could not send the %s reminder for %s", kind, partnership.reference)
        return False
    return True


def _email(template: str, partnership, meeting, *, both_parties: bool) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "delivery:end-review" if template == "end_review_needed" else "delivery:review-list", args=[partnership.pk]
    )
    recipients = trust_recipients(partnership) + (school_recipients(partnership) if both_parties else [])
    context = {"partnership": partnership, "meeting": meeting, "link": link, "service_name": "Trust Partnerships"}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in dict.fromkeys(recipients)]
    if messages:
        mailers.default.send_messages(messages)
