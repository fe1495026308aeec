"""A team's administrators change people's roles and switch accounts off (never delete them:
the history keeps their name)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts import permissions
from accounts.models import User

CANNOT_MANAGE = "You cannot change {name}'s account."
ROLE_NOT_ALLOWED = "You cannot make someone {role}."
ALREADY_INACTIVE = "{name}'s account is already switched off."
ALREADY_ACTIVE = "{name}'s account is already active."


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _locked(person: User, *, by: User) -> User:
    person = User.objects.select_for_update().select_related("trust", "school").get(pk=person.pk)
    if not permissions.can_manage_person(by, person):
        raise PermissionDenied(CANNOT_MANAGE.format(name=_name(person)))
    return person


def _save(person: User, *, by: User, reason: str) -> User:
    person.full_clean()
    person._history_user = by
    person._change_reason = reason
    person.save()
    return person


@transaction.atomic
def user_change_role(*, person: User, role: str, changed_by: User, can_sign_for_trust: bool | None = None) -> User:
    """Give `person` another role in the same organisation and, for trust people, grant or take
    away the authority to sign for the trust (trust administrators only)."""
    person = _locked(person, by=changed_by)
    if role not in permissions.own_organisation_grants(changed_by):
        raise PermissionDenied(
            ROLE_NOT_ALLOWED.format(role=User.Role(role).label.lower() if role in User.Role.values else role)
        )
    changes = []
    if role != person.role:
        changes.append(f"role from {person.get_role_display().lower()} to {User.Role(role).label.lower()}")
        person.role = role
    if can_sign_for_trust is not None and can_sign_for_trust != person.can_sign_for_trust:
        if not permissions.can_grant_signing(changed_by, person.trust):
            raise PermissionDenied("Only the trust's administrators can give the authority to sign for the trust.")
        changes.append("can sign for the trust" if can_sign_for_trust else "can no longer sign for the trust")
        person.can_sign_for_trust = can_sign_for_trust
    if person.role not in User.TRUST_ROLES:
        person.can_sign_for_trust = False
    if not changes:
        return person
    return _save(person, by=changed_by, reason=f"Changed by {_name(changed_by)}: " + "; ".join(changes))


@transaction.atomic
def user_deactivate(*, person: User, deactivated_by: User) -> User:
    """Switch the account off: they cannot sign in, and any session they have ends."""
    person = _locked(person, by=deactivated_by)
    if not person.is_active:
        raise ValidationError(ALREADY_INACTIVE.format(name=_name(person)))
    person.is_active = False
    return _save(person, by=deactivated_by, reason=f"Deactivated by {_name(deactivated_by)}")


@transaction.atomic
def user_reactivate(*, person: User, reactivated_by: User) -> User:
    person = _locked(person, by=reactivated_by)
    if person.is_active:
        raise ValidationError(ALREADY_ACTIVE.format(name=_name(person)))
    if User.objects.with_email(person.email).filter(is_active=True).exclude(pk=person.pk).exists():
        raise ValidationError(f"{person.email} has another active account, so this one cannot be switched back on.")
    person.is_active = True
    return _save(person, by=reactivated_by, reason=f"Reactivated by {_name(reactivated_by)}")
