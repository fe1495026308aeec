"""Named predicates: who may bring whom in, and who may manage a team. Views, templates, services
and the `invite` command share them.

Who may invite whom (issue 13):
- a trust administrator: trust colleagues (administrators and staff) of their own trust;
- trust staff (administrators too): the chair, clerk and headteacher of a school their trust has
  a live partnership with;
- a school's chair of governors: the vice-chair, governors and the clerk of their own school;
- an oversight lead: oversight users;
- a superuser: anyone, anywhere.
Nobody else invites anyone, and an invitation never grants more than this.
"""

from django.apps import apps

from .models import User

Role = User.Role

# Roles a person may give within their own organisation (invite to, or change someone's role to).
OWN_ORGANISATION_GRANTS = {
    Role.TRUST_ADMIN: User.TRUST_ROLES,
    Role.CHAIR: (Role.VICE_CHAIR, Role.GOVERNOR, Role.CLERK),
    Role.OVERSIGHT_LEAD: (Role.OVERSIGHT,),
}
# Roles trust staff may invite at a school their trust is in a live partnership with.
PARTNER_SCHOOL_GRANTS = (Role.CHAIR, Role.CLERK, Role.HEADTEACHER)
# The organisation's administrators: they manage its team page.
ADMINISTRATOR_ROLES = tuple(OWN_ORGANISATION_GRANTS)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def own_organisation_grants(user) -> tuple:
    """Roles `user` may give inside their own organisation."""
    if not _active(user):
        return ()
    if user.is_superuser:
        return _roles_of_group(user.role)
    return OWN_ORGANISATION_GRANTS.get(user.role, ())


def _roles_of_group(role: str) -> tuple:
    for group in (User.TRUST_ROLES, User.SCHOOL_ROLES, User.OVERSIGHT_ROLES):
        if role in group:
            return group
    return ()


def has_live_partnership_with(user, school) -> bool:
    """Whether `user` is trust staff whose trust has a live partnership with `school`."""
    if not (_active(user) and user.is_trust_staff and school is not None):
        return False
    Partnership = apps.get_model("partnerships", "Partnership")
    return Partnership.objects.visible_to(user).live().filter(school_id=school.pk).exists()


def can_invite(user, *, role: str, trust=None, school=None) -> bool:
    """May `user` invite someone as `role` to `trust` or `school` (None for oversight)?"""
    if not _active(user) or role not in Role.values:
        return False
    if user.is_superuser:
        return True
    if role in User.TRUST_ROLES:
        return user.is_trust_admin and trust is not None and trust.pk == user.trust_id
    if role in User.SCHOOL_ROLES:
        same_school = school is not None and school.pk == user.school_id
        if same_school and role in own_organisation_grants(user):
            return True
        return role in PARTNER_SCHOOL_GRANTS and has_live_partnership_with(user, school)
    if role in User.OVERSIGHT_ROLES:
        return role in own_organisation_grants(user)
    return False


def can_invite_anyone(user) -> bool:
    """Whether the team page offers "Invite someone" (an administrator of the organisation)."""
    return bool(own_organisation_grants(user))


def can_grant_signing(user, trust) -> bool:
    """The authority to sign for the trust is given by the trust's administrators (or a superuser)."""
    if not _active(user) or trust is None:
        return False
    return user.is_superuser or (user.is_trust_admin and user.trust_id == trust.pk)


def can_view_team(user) -> bool:
    """Everyone in an organisation sees its team page."""
    return _active(user) and bool(_roles_of_group(user.role))


def can_manage_team(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in ADMINISTRATOR_ROLES)


def can_manage_person(user, person) -> bool:
    """Change the role of, deactivate or reactivate `person`: an administrator of the same
    organisation, for the roles they could invite, never themselves."""
    if not _active(user) or person.pk == user.pk:
        return False
    in_team = User.objects.in_organisation_of(user).filter(pk=person.pk).exists()
    return in_team and person.role in own_organisation_grants(user)


def can_revoke_invitation(user, invitation) -> bool:
    """Whoever sent it, or anyone who could have sent it."""
    if not _active(user):
        return False
    return invitation.invited_by_id == user.pk or can_invite(
        user, role=invitation.role, trust=invitation.trust, school=invitation.school
    )
