"""URLs of the accounts app (namespace "accounts"): the team, invitations, your account."""

from django.urls import path

from . import sso
from .views import account, invitations, team, two_factor

app_name = "accounts"

urlpatterns = [
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/two-factor/", two_factor.SetUpView.as_view(), name="two-factor-setup"),
    path("account/two-factor/recovery-codes/", two_factor.RecoveryCodesView.as_view(), name="two-factor-codes"),
    path("account/two-factor/turn-off/", two_factor.TurnOffView.as_view(), name="two-factor-disable"),
    path("sign-in/code/", two_factor.VerifyView.as_view(), name="two-factor-verify"),
    path("sign-in/sso/", sso.sign_in_start, name="sso-start"),
    path("sign-in/sso/callback/", sso.sign_in_callback, name="sso-callback"),
    path("team/", team.TeamView.as_view(), name="team"),
    path("team/invite/", team.InviteView.as_view(), name="invite"),
    path("team/people/<int:person_pk>/role/", team.RoleChangeView.as_view(), name="person-role"),
    path("team/people/<int:person_pk>/deactivate/", team.DeactivateView.as_view(), name="person-deactivate"),
    path("team/people/<int:person_pk>/reactivate/", team.ReactivateView.as_view(), name="person-reactivate"),
    path(
        "team/invitations/<int:invitation_pk>/withdraw/",
        team.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path("partnerships/<int:pk>/invite/", invitations.PartnershipInviteView.as_view(), name="partnership-invite"),
    path("invitations/<str:token>/", invitations.AcceptInvitationView.as_view(), name="invitation-accept"),
]
