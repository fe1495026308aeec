"""Two-factor authentication pages: set up an authenticator app (QR code and typed key), see
the recovery codes once, give a code after signing in, new recovery codes, turn it off."""

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView
from django_otp import login as otp_login

from accounts.forms import CodeForm
from accounts.services import two_factor
from accounts.signin import TWO_FACTOR_ON
from partnerships.views.mixins import ConfirmationView, add_service_errors

SETUP_KEY = "two_factor_setup_key"
NEW_CODES = "two_factor_new_codes"


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class SetUpView(LoginRequiredMixin, FormView):
    """Scan the QR code (or type the key), then prove it with a code. The key stays in the
    session until then, so opening the page writes nothing."""

    template_name = "accounts/two_factor_setup.html"

    def get_form(self, form_class=None):
        return CodeForm(
            **self.get_form_kwargs(),
            label="Enter the 6-digit code from your app",
            hint="The code changes every 30 seconds.",
            submit="Turn on two-factor authentication",
        )

    def get_key(self) -> str:
        key = self.request.session.get(SETUP_KEY)
        if not key:
            key = self.request.session[SETUP_KEY] = two_factor.new_secret()
        return key

    def get_context_data(self, **kwargs):
        key, user = self.get_key(), self.request.user
        qr = segno.make(two_factor.provisioning_uri(user, key), error="m")
        return super().get_context_data(
            qr_data_uri=qr.svg_data_uri(scale=5, border=2),
            typed_key=two_factor.secret_for_typing(key),
            required=user.two_factor_required,
            already_on=two_factor.is_enabled(user),
            next=_next_url(self.request, ""),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        if two_factor.is_enabled(user) and not user.is_verified():
            raise PermissionDenied  # replacing the app needs the current second factor first
        try:
            device, codes = two_factor.two_factor_enable(user=user, key=self.get_key(), code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        otp_login(self.request, device)
        self.request.session[TWO_FACTOR_ON] = True
        self.request.session.pop(SETUP_KEY, None)
        self.request.session[NEW_CODES] = codes
        messages.success(self.request, "Two-factor authentication is on")
        return redirect(
            f"{reverse('accounts:two-factor-codes')}?next={_next_url(self.request, reverse('accounts:account'))}"
        )


class RecoveryCodesView(LoginRequiredMixin, FormView):
    """Shows new recovery codes once (after setting up); POST makes a new set."""

    template_name = "accounts/two_factor_codes.html"
    form_class = CodeForm

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(NEW_CODES, None)
        return render(
            request,
            self.template_name,
            {"codes": codes, "enabled": two_factor.is_enabled(request.user), "next": _next_url(request, "")},
        )

    def post(self, request, *args, **kwargs):
        try:
            request.session[NEW_CODES] = two_factor.two_factor_new_recovery_codes(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:account")
        return redirect("accounts:two-factor-codes")


class VerifyView(LoginRequiredMixin, FormView):
    """After the password: the code from the app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not two_factor.is_enabled(request.user):
            request.session[TWO_FACTOR_ON] = False  # switched off meanwhile (a superuser removed the app)
            return redirect(_next_url(request, reverse("partnerships:home")))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return CodeForm(
            **self.get_form_kwargs(),
            label="Enter the 6-digit code from your authenticator app",
            hint="Or enter one of your recovery codes.",
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request, ""), **kwargs)

    def form_valid(self, form):
        device = two_factor.verify_code(self.request.user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", "The code is not right. Check your authenticator app, or use a recovery code.")
            return self.form_invalid(form)
        otp_login(self.request, device)
        if device.name == two_factor.RECOVERY_NAME:
            left = device.token_set.count()
            messages.info(self.request, f"You used a recovery code. You have {left} left.")
        return redirect(_next_url(self.request, reverse("partnerships:home")))


class TurnOffView(LoginRequiredMixin, ConfirmationView):
    heading = "Turn off two-factor authentication?"
    explanation = "You will sign in with your password only. Your authenticator app and recovery codes stop working."
    button_label = "Turn off"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and (
            request.user.two_factor_required or not two_factor.is_enabled(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("accounts:account")

    def perform(self, form):
        two_factor.two_factor_disable(user=self.request.user)
        self.request.session[TWO_FACTOR_ON] = False

    def get_success_message(self, result) -> str:
        return "Two-factor authentication is off"
