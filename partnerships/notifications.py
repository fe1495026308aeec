"""Emails people get when a partnership moves on. Plain text, one message per person.

Reads only: callers decide when to send. Lifecycle services send through
`transaction.on_commit`, so a transition that rolls back sends nothing.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from partnerships.models import Partnership

logger = logging.getLogger(__name__)

REMINDER_DAYS = 60


def school_recipients(partnership: Partnership) -> list[str]:
    """The chair of governors named on the partnership and every governor user of the school."""
    governors = User.objects.filter(role__in=User.SCHOOL_ROLES, school_id=partnership.school_id, is_active=True)
    return _unique([partnership.chair_of_governors_email, *governors.values_list("email", flat=True)])


def trust_recipients(partnership: Partnership) -> list[str]:
    """The trust lead named on the partnership and every trust staff user of the trust."""
    staff = User.objects.filter(role__in=User.TRUST_ROLES, trust_id=partnership.trust_id, is_active=True)
    return _unique([partnership.trust_lead_email, *staff.values_list("email", flat=True)])


def notify_review_requested(partnership: Partnership, *, invited_by: User | None = None) -> int:
    """Tell the school's people the agreement is ready for them to review and, when the trust sends
    it again after changes, what changed since the version they reviewed. A chair of governors
    named on the partnership who has no account yet gets an invitation instead of a link they
    could not open (sent by `invited_by`, else whoever last changed the partnership)."""
    # Imported here: the agreements app builds on partnerships.
    from agreements.comparison import comparison_text
    from agreements.selectors import changes_since_review

    invited = invite_chair_without_account(partnership, invited_by=invited_by)
    recipients = [address for address in school_recipients(partnership) if address.lower() != invited.lower()]
    if invited and not recipients:
        return 1  # the invitation is the only message, and it went out
    changes = changes_since_review(partnership)
    sent = _send(
        "review_requested",
        recipients,
        partnership,
        link=_governor_link(partnership),
        changes=changes,
        changes_text=comparison_text(changes) if changes else "",
    )
    return sent + (1 if invited else 0)


def invite_chair_without_account(partnership: Partnership, *, invited_by: User | None = None) -> str:
    """Invite the chair of governors named on the partnership if they have neither an active
    account nor a pending invitation. Returns the address invited or already waiting, else ""."""
    from accounts.models import Invitation
    from accounts.services import invitation_create

    email = (partnership.chair_of_governors_email or "").strip()
    if not email or User.objects.with_email(email).filter(is_active=True).exists():
        return ""
    if Invitation.objects.pending().filter(email__iexact=email).exists():
        return email
    inviter = invited_by or _last_changed_by(partnership)
    if inviter is None:
        return ""
    first, _, last = (partnership.chair_of_governors_name or "").strip().rpartition(" ")
    try:
        invitation_create(
            invited_by=inviter,
            email=email,
            role=User.Role.CHAIR,
            school=partnership.school,
            first_name=first or last,
            last_name=last if first else "",
            purpose=f"to review the trust partnership agreement {partnership.reference} with {partnership.trust.name}",
        )
    except (PermissionDenied, ValidationError) as error:
        logger.info("Did not invite the chair of governors for %s: %s", partnership.reference, error)
        return ""
    return email


def _last_changed_by(partnership: Partnership) -> User | None:
    row = partnership.history.filter(history_user__isnull=False).order_by("-history_date").first()
    return row.history_user if row else None


def notify_changes_requested(partnership: Partnership, *, reason: str, requested_by_name: str = "") -> int:
    """Tell the trust what the governors want changed."""
    context = {"reason": reason, "requested_by_name": requested_by_name}
    return _send(
        "changes_requested", trust_recipients(partnership), partnership, link=_trust_link(partnership), **context
    )


def notify_recalled(partnership: Partnership, *, reason: str) -> int:
    """Tell the governors the trust has taken the agreement (or variation) back from their review."""
    return _send(
        "recalled", school_recipients(partnership), partnership, link=_governor_link(partnership), reason=reason
    )


def notify_variation_proposed(partnership: Partnership, *, reason: str) -> int:
    """Tell the governors the trust proposes to vary the agreed terms, and why."""
    return _send(
        "variation_proposed",
        school_recipients(partnership),
        partnership,
        link=_governor_link(partnership),
        reason=reason,
    )


def notify_variation_withdrawn(partnership: Partnership, *, reason: str) -> int:
    """Tell the governors the trust has dropped its proposed variation."""
    return _send(
        "variation_withdrawn",
        school_recipients(partnership),
        partnership,
        link=_governor_link(partnership),
        reason=reason,
    )


def notify_closed(partnership: Partnership, *, reason: str) -> int:
    """Tell the governors the partnership was withdrawn or ended early, and why."""
    return _send(
        "partnership_closed",
        school_recipients(partnership),
        partnership,
        link=_governor_link(partnership),
        reason=reason,
    )


def notify_approved(partnership: Partnership, *, approved_by_name: str = "") -> int:
    """Tell the trust the governors have approved: it can issue the agreement."""
    context = {"approved_by_name": approved_by_name}
    return _send("approved", trust_recipients(partnership), partnership, link=_trust_link(partnership), **context)


def notify_agreement_issued(version) -> int:
    """Tell both parties the agreement has been issued. `version` is the issued agreement version."""
    partnership = version.partnership
    context = {"version": version}
    sent = _send(
        "agreement_issued", school_recipients(partnership), partnership, link=_governor_link(partnership), **context
    )
    return sent + _send(
        "agreement_issued", trust_recipients(partnership), partnership, link=_trust_link(partnership), **context
    )


def notify_ending_soon(partnership: Partnership, *, today: datetime.date | None = None) -> int:
    """Tell both parties the partnership ends soon, and whether the academisation decision is still open."""
    today = today or timezone.localdate()
    decided = bool(getattr(partnership, "academisation", None) and partnership.academisation.is_decided)
    context = {"days_left": partnership.days_left(today), "academisation_decided": decided}
    sent = _send(
        "ending_soon", school_recipients(partnership), partnership, link=_governor_link(partnership), **context
    )
    return sent + _send(
        "ending_soon", trust_recipients(partnership), partnership, link=_trust_link(partnership), **context
    )


def due_ending_reminder(*, today: datetime.date | None = None):
    """Agreed or active partnerships ending in the next 60 days that have not had their reminder."""
    today = today or timezone.localdate()
    return (
        Partnership.objects.running()
        .filter(
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=REMINDER_DAYS),
            reminder_sent_at__isnull=True,
        )
        .select_related("school", "trust", "academisation")
        .order_by("end_date", "reference")
    )


def _send(template: str, recipients: list[str], partnership: Partnership, *, link: str, **extra) -> int:
    if not recipients:
        logger.warning("No one to email about %s (%s)", partnership.reference, template)
        return 0
    context = {"partnership": partnership, "link": link, "service_name": "Trust Partnerships", **extra}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    return mailers.default.send_messages(messages) or 0


def _unique(addresses) -> list[str]:
    seen, unique = set(), []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _governor_link(partnership: Partnership) -> str:
    return _page_url(partnership, "partnerships:governor-partnership-detail")


def _trust_link(partnership: Partnership) -> str:
    return _page_url(partnership, "partnerships:partnership-detail")


def _page_url(partnership: Partnership, name: str) -> str:
    return _absolute(reverse(name, args=[partnership.pk]))
