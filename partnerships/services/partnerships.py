"""Creating a partnership and changing its key details."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.system_users import scheduler
from partnerships import lifecycle
from partnerships.dates import format_date, term_length
from partnerships.models import Partnership
from partnerships.validation import start_date_errors, term_errors
from schools.models import School, Trust

from .common import apply_changes, ensure_editable, require_reason, save_with_history

KEY_DETAIL_FIELDS = (
    "start_date",
    "end_date",
    "purpose",
    "trust_lead_name",
    "trust_lead_role",
    "trust_lead_email",
    "chair_of_governors_name",
    "chair_of_governors_email",
    "headteacher_name",
    "headteacher_email",
    "no_charge",
    "extendable_until",
    "payment_method",
    "invoice_timing",
    "payment_due_days",
    "trust_vat_number",
    "payment_terms",
    "purchase_order_reference",
    "internal_reference",
)
EXTENSION_NOT_LATER = "The new end date must be later than the current end date, {end}."
EXTENSION_NOT_ALLOWED = (
    "You can only extend a partnership that is agreed or active, or while a variation is being prepared. "
    "This one is {status}."
)
REMINDER_ALREADY_SENT = "The reminder that this partnership is ending was sent on {sent}."


def next_reference(year: int) -> str:
    prefix = f"TP{year % 100:02d}-"
    last = (
        Partnership.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def partnership_create(
    *, school: School, trust: Trust, created_by: User, backdated: bool = False, **details: Any
) -> Partnership:
    """Set up a draft partnership between a school and a trust. Raises ValidationError.

    It cannot start in the past (beyond the grace period); `backdated=True` records one that has
    already started, for demo data and imports, never from the pages."""
    partnership = Partnership(school=school, trust=trust, created_by=created_by)
    apply_changes(partnership, allowed=KEY_DETAIL_FIELDS, values=details)
    if not backdated and partnership.start_date is not None and (errors := start_date_errors(partnership.start_date)):
        raise ValidationError(errors)
    partnership.reference = next_reference(timezone.localdate().year)
    partnership.full_clean(exclude=["reference"])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return save_with_history(partnership, by=created_by, reason="Partnership set up", validate=False)
        except IntegrityError:
            # Two partnerships created at once took the same reference: take the next one.
            partnership.pk = None
            partnership.reference = next_reference(timezone.localdate().year)
    raise ValidationError("The partnership could not be saved. Try again.")


@transaction.atomic
def partnership_update_details(
    *, partnership: Partnership, updated_by: User, expected_version: int | None = None, **details
) -> Partnership:
    """Change key details (dates, purpose, contacts, charging) while the partnership is editable."""
    ensure_editable(partnership)
    apply_changes(partnership, allowed=KEY_DETAIL_FIELDS, values=details)
    return save_with_history(
        partnership, by=updated_by, reason="Key details changed", expected_version=expected_version
    )


@transaction.atomic
def partnership_extend(
    *, partnership: Partnership, new_end_date: datetime.date, reason: str, extended_by: User
) -> Partnership:
    """Propose a later end date, as long as the whole partnership stays within the maximum term.

    Agreed terms change only by a variation: extending an agreed or active partnership opens one
    (with this reason), which the governors must approve before the next version is issued.
    """
    from . import lifecycle as lifecycle_services

    reason = require_reason(reason)
    partnership = (
        Partnership.objects.select_for_update(of=("self",)).select_related("school", "trust").get(pk=partnership.pk)
    )
    if not lifecycle.allows(partnership, "extend"):
        raise ValidationError(EXTENSION_NOT_ALLOWED.format(status=partnership.get_status_display().lower()))
    if new_end_date <= partnership.end_date:
        raise ValidationError({"end_date": EXTENSION_NOT_LATER.format(end=format_date(partnership.end_date))})
    if errors := term_errors(partnership.start_date, new_end_date):  # before term_length, which needs a sane date
        raise ValidationError(errors)
    to = lifecycle.target(partnership, "extend")
    if partnership.status != to:
        lifecycle_services.partnership_propose_variation(
            partnership=partnership, proposed_by=extended_by, reason=reason
        )
        partnership.refresh_from_db()
    old_end = partnership.end_date
    partnership.end_date = new_end_date
    partnership.reminder_sent_at = None  # the new end date earns its own reminder
    length = term_length(partnership.start_date, new_end_date)
    return save_with_history(
        partnership,
        by=extended_by,
        reason=f"Extension proposed from {format_date(old_end)} to {format_date(new_end_date)} ({length}): {reason}",
    )


@transaction.atomic
def partnership_record_reminder_sent(
    *, partnership: Partnership, sent_at: datetime.datetime | None = None
) -> Partnership:
    """Record that the "ending soon" reminder went out. Refuses a second time, so it goes out once."""
    partnership = (
        Partnership.objects.select_for_update(of=("self",)).select_related("school", "trust").get(pk=partnership.pk)
    )
    if partnership.reminder_sent_at is not None:
        raise ValidationError(
            REMINDER_ALREADY_SENT.format(sent=format_date(timezone.localtime(partnership.reminder_sent_at).date()))
        )
    partnership.reminder_sent_at = sent_at or timezone.now()
    return save_with_history(
        partnership, by=scheduler(), reason="Reminder sent: the partnership ends soon", validate=False
    )
