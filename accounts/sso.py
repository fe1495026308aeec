"""Single sign-on with OpenID Connect (mozilla-django-oidc) for organisations that use it (DfE
Sign-in, Microsoft Entra ID). Off unless OIDC_RP_CLIENT_ID is set.

Nobody gets an account by signing in: the provider's verified email address must belong to an
active account, or to a pending invitation (which the sign-in then accepts, making an account
with no password). When the provider also sends an organisation claim (SSO_ORGANISATION_CLAIM,
e.g. DfE Sign-in's `organisation` with the school's URN or UKPRN), it must name the person's own
school or trust, so someone who has left the organisation cannot sign in with its account.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.models import Invitation, User
from accounts.services import invitation_accept

security_log = logging.getLogger("trust_partnerships.security")
BACKEND = "accounts.sso.InvitedOnlyOIDCBackend"


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def organisation_identifiers(claims: dict) -> set[str]:
    """URNs, UKPRNs and trust reference numbers the organisation claim names (a value, a list,
    or an object such as DfE Sign-in's {"urn": ..., "ukprn": ...})."""
    value = claims.get(settings.SSO_ORGANISATION_CLAIM) if settings.SSO_ORGANISATION_CLAIM else None
    found: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            found |= {str(item[key]).strip() for key in ("urn", "ukprn", "uid", "id") if item.get(key)}
        elif item:
            found.add(str(item).strip())
    return found


def _identifiers_of(*, trust, school) -> set[str]:
    if school is not None:
        return {school.urn, school.ukprn} - {""}
    if trust is not None:
        return {trust.ukprn, trust.group_id, trust.group_uid} - {""}
    return set()


def organisation_matches(claims: dict, *, trust, school) -> bool:
    """Without an organisation claim (or for oversight people) there is nothing to check."""
    named = organisation_identifiers(claims)
    own = _identifiers_of(trust=trust, school=school)
    return not named or not own or bool(named & own)


class InvitedOnlyOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching people by verified email; never makes an account
    for someone who was not invited."""

    def verify_claims(self, claims):
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        return User.objects.with_email(claims.get("email", "")).filter(is_active=True)

    def update_user(self, user, claims):
        if not organisation_matches(claims, trust=user.trust, school=user.school):
            security_log.warning("Single sign-on refused for %s: the organisation claim does not match", user.username)
            return None
        return user

    def create_user(self, claims):
        email = claims.get("email", "")
        invitation = Invitation.objects.pending().filter(email__iexact=email).order_by("-created_at").first()
        if invitation is None:
            security_log.warning("Single sign-on refused: no account or invitation for %s", email)
            return None
        if not organisation_matches(claims, trust=invitation.trust, school=invitation.school):
            security_log.warning("Single sign-on refused for %s: the organisation claim does not match", email)
            return None
        return invitation_accept(
            invitation=invitation,
            first_name=claims.get("given_name") or invitation.first_name,
            last_name=claims.get("family_name") or invitation.last_name,
            password=None,
        )


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. A refusal goes to the sign-in page, which says
    that an account needs an invitation."""

    @property
    def failure_url(self):
        return reverse("login") + "?sso=refused"


# Function views: mozilla-django-oidc's views read their settings when built, so with single
# sign-on switched off the pages must answer 404 before that.
def sign_in_start(request):
    """Sends the browser to the organisation's sign-in page."""
    if not sso_enabled():
        raise Http404("Single sign-on is not set up.")
    return OIDCAuthenticationRequestView.as_view()(request)


def sign_in_callback(request):
    if not sso_enabled():
        raise Http404("Single sign-on is not set up.")
    return SignInCallbackView.as_view()(request)
