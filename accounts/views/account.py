"""Your account: who you are in the service, your password and two-factor authentication."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/account.html"
