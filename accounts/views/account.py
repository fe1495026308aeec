"""Your account: who you are in the service, your password and two-factor authentication."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from accounts.services import two_factor


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        recovery = two_factor.recovery_device(user)
        return super().get_context_data(
            two_factor_on=two_factor.is_enabled(user),
            two_factor_required=user.two_factor_required,
            recovery_codes_left=recovery.token_set.count() if recovery else 0,
            **kwargs,
        )
