"""Invitations: the only way a person gets an account (besides a superuser's `invite` command,
which goes through the same service).

A link carries a signed token naming the invitation and its random nonce. It works once, for
INVITATION_VALID_DAYS days, until revoked; a new invitation to the same address replaces the old.
"""

import datetime
import secrets
from functools import partial

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.emails import absolute_url, send_templated_email
from accounts.models import Invitation, User

TOKEN_SALT = "accounts.invitation"
NOT_ALLOWED = "You cannot invite someone as {role} to {organisation}."
NOT_ALLOWED_TO_SIGN = "Only the trust's administrators can give the authority to sign for the trust."
ALREADY_HAS_ACCOUNT = (
    "{email} already has an account ({organisation}). A person belongs to one organisation: to move them, "
    "their current administrator deactivates that account first."
)
NO_LONGER_PENDING = {
    "accepted": "This invitation has already been used.",
    "revoked": "This invitation has been withdrawn.",
    "expired": "This invitation has expired.",
}


def _describe(role: str, organisation_name: str) -> str:
    return f"{User.Role(role).label.lower()} at {organisation_name}"


def _organisation_name(*, role: str, trust, school) -> str:
    if role in User.OVERSIGHT_ROLES:
        return "the oversight team"
    organisation = trust or school
    return organisation.name if organisation else "Trust Partnerships"


def _ensure_no_active_account(email: str) -> None:
    existing = User.objects.with_email(email).filter(is_active=True).first()
    if existing is not None:
        where = existing.organisation_name or "no organisation"
        raise ValidationError({"email": ALREADY_HAS_ACCOUNT.format(email=email, organisation=where)})


@transaction.atomic
def invitation_create(
    *,
    invited_by: User,
    email: str,
    role: str,
    trust=None,
    school=None,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
    can_sign_for_trust: bool = False,
    purpose: str = "",
    send: bool = True,
) -> Invitation:
    """Invite `email` to join `trust` or `school` (neither for oversight) as `role`, and email them
    the link once the transaction commits. A pending invitation to the same address is replaced.

    Raises PermissionDenied when `invited_by` may not give that role in that organisation (an
    invitation never grants more than its sender may give), ValidationError for bad input or an
    address that already has an active account.
    """
    email = (email or "").strip()
    organisation_name = _organisation_name(role=role, trust=trust, school=school)
    if not permissions.can_invite(invited_by, role=role, trust=trust, school=school):
        raise PermissionDenied(
            NOT_ALLOWED.format(
                role=User.Role(role).label.lower() if role in User.Role.values else role, organisation=organisation_name
            )
        )
    if can_sign_for_trust and not permissions.can_grant_signing(invited_by, trust):
        raise PermissionDenied(NOT_ALLOWED_TO_SIGN)
    _ensure_no_active_account(email)
    now = timezone.now()
    for earlier in Invitation.objects.pending(now=now).filter(email__iexact=email).select_for_update():
        _revoke(earlier, by=invited_by, reason="Replaced by a new invitation")
    invitation = Invitation(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        job_title=job_title.strip(),
        trust=trust,
        school=school,
        can_sign_for_trust=can_sign_for_trust,
        purpose=purpose,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        nonce=secrets.token_hex(16),
    )
    invitation.full_clean()
    invitation._history_user = invited_by
    invitation._change_reason = f"Invited {email} as {_describe(role, organisation_name)}"
    invitation.save()
    if send:
        transaction.on_commit(partial(send_invitation_email, invitation), robust=True)
    return invitation


def invitation_token(invitation: Invitation) -> str:
    # No timestamp in the token: the invitation's own expires_at is the limit (and a page can
    # still say who sent an expired one).
    return signing.Signer(salt=TOKEN_SALT).sign_object([invitation.pk, invitation.nonce])


def invitation_link(invitation: Invitation) -> str:
    return absolute_url(reverse("accounts:invitation-accept", args=[invitation_token(invitation)]))


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state; None for a link that was not ours or
    was altered. Expiry is the invitation's own `expires_at`, so the page can still say who sent it."""
    try:
        pk, nonce = signing.Signer(salt=TOKEN_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Invitation.objects.select_related("invited_by", "trust", "school").filter(pk=pk, nonce=nonce).first()


def send_invitation_email(invitation: Invitation) -> int:
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.username,
        "role": User.Role(invitation.role).label,
        "organisation": invitation.organisation_name,
        "link": invitation_link(invitation),
        "valid_days": settings.INVITATION_VALID_DAYS,
        "expires_at": invitation.expires_at,
    }
    return send_templated_email("invitation", to=[invitation.email], context=context)


def _unique_username(email: str) -> str:
    base = email.lower()[:140]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def invitation_accept(*, invitation: Invitation, first_name: str, last_name: str, password: str | None) -> User:
    """Create the invited person's account in the invitation's role and organisation, and use up
    the invitation. `password` None makes an account that signs in only with single sign-on.

    Raises ValidationError (code "accepted", "revoked" or "expired") when the link no longer
    works, and on the password ({"password": [...]}, Django's validators) or the names.
    """
    invitation = Invitation.objects.select_for_update().select_related("trust", "school").get(pk=invitation.pk)
    if invitation.state != Invitation.Status.PENDING:
        raise ValidationError(NO_LONGER_PENDING[invitation.state], code=invitation.state)
    _ensure_no_active_account(invitation.email)
    user = User(
        username=_unique_username(invitation.email),
        email=invitation.email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        role=invitation.role,
        job_title=invitation.job_title or User.Role(invitation.role).label,
        trust=invitation.trust,
        school=invitation.school,
        can_sign_for_trust=invitation.can_sign_for_trust,
    )
    errors = {}
    if not user.first_name:
        errors["first_name"] = "Enter your first name"
    if not user.last_name:
        errors["last_name"] = "Enter your last name"
    if password is None:
        user.set_unusable_password()
    else:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            errors["password"] = error.messages
        user.set_password(password)
    if errors:
        raise ValidationError(errors)
    user.full_clean()
    user._history_user = user  # the person accepts for themselves; the reason names who invited them
    inviter = invitation.invited_by
    user._change_reason = f"Accepted the invitation from {inviter.get_full_name() or inviter.username}"
    user.save()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation._history_user = user
    invitation._change_reason = "Accepted"
    invitation.save()
    if password is not None:
        password_validation.password_changed(password, user)
    return user


def _revoke(invitation: Invitation, *, by: User, reason: str) -> Invitation:
    invitation.status = Invitation.Status.REVOKED
    invitation.revoked_at = timezone.now()
    invitation._history_user = by
    invitation._change_reason = reason
    invitation.save()
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, revoked_by: User) -> Invitation:
    """Withdraw a pending invitation: its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_revoke_invitation(revoked_by, invitation):
        raise PermissionDenied("You cannot withdraw this invitation.")
    if invitation.state != Invitation.Status.PENDING:
        raise ValidationError(f"This invitation cannot be withdrawn: it is {invitation.state_label.lower()}.")
    return _revoke(
        invitation, by=revoked_by, reason=f"Withdrawn by {revoked_by.get_full_name() or revoked_by.username}"
    )
