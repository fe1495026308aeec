"""Daily job: move partnerships on by date, then email the 60-day "ending soon" reminders and the
delivery reminders (a review in a week, a review two weeks overdue, an end-of-partnership review
needed before a partnership past its end date can conclude).

    python manage.py send_reminders [--today YYYY-MM-DD]

Idempotent: each reminder goes out once (Partnership.reminder_sent_at, delivery.DeliveryReminder).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from delivery.reminders import send_delivery_reminders
from partnerships import notifications, services

logger = logging.getLogger(__name__)


def send_ending_reminders(*, today: datetime.date) -> int:
    """Send each due reminder once. Returns how many partnerships were reminded."""
    reminded = 0
    for partnership in notifications.due_ending_reminder(today=today):
        try:
            # Mark and send in one transaction: if the email cannot be sent, the mark rolls back
            # and tomorrow's run tries again.
            with transaction.atomic():
                partnership = services.partnership_record_reminder_sent(partnership=partnership)
                notifications.notify_ending_soon(partnership, today=today)
        except ValidationError:
            continue  # another run reminded it a moment ago
        except Exception:
            # One unreachable mail server or bad address must not stop the other reminders.
            logger.exception("Could not send the ending-soon reminder for %s", partnership.reference)
            continue
        reminded += 1
    return reminded


class Command(BaseCommand):
    help = "Activate and conclude partnerships by date, then send the 60-day and review reminders (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        day = self._parse(today) if today else timezone.localdate()
        moved = services.partnerships_advance_by_date(today=day)
        reminded = send_ending_reminders(today=day)
        delivery = send_delivery_reminders(today=day)
        self.stdout.write(
            f"{day.isoformat()}: {moved['activated']} activated, {moved['concluded']} concluded, "
            f"{reminded} ending-soon reminder{'' if reminded == 1 else 's'} sent."
        )
        self.stdout.write(
            f"Reviews: {delivery['review_due']} reminded a week ahead, {delivery['review_overdue']} flagged overdue; "
            f"{delivery['end_review_needed']} asked for the end-of-partnership review before concluding."
        )

    @staticmethod
    def _parse(text: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--today must be a date like 2027-07-01, not {text!r}.") from None
