from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, SignInForm
from accounts.views import SignInView, passwords
from config.health import healthz

password_patterns = [
    # Django's token views with GOV.UK pages (templates/registration/). The reset page says the same
    # whether or not the address has an account; the link in the email is built from SITE_URL.
    path("reset/", passwords.PasswordResetView.as_view(form_class=PasswordResetForm), name="password_reset"),
    path(
        "reset/sent/",
        auth_views.PasswordResetDoneView.as_view(title="Check your email"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm, title="Create a new password"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(title="Your password has been changed"),
        name="password_reset_complete",
    ),
    # Changing the password keeps this session and signs every other session out (Django's session
    # hash is derived from the password).
    path(
        "change/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm,
            title="Change your password",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "change/done/",
        auth_views.PasswordChangeDoneView.as_view(title="Your password has been changed"),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "sign-in/",
        SignInView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", include(password_patterns)),
    path("", include("accounts.urls")),
    path("", include("support.urls")),
    path("oversight/", include("partnerships.urls_oversight")),
    path("", include("partnerships.urls")),
    path("", include("agreements.urls")),
    path("", include("offers.urls")),
    path("", include("delivery.urls")),
]

handler400 = "config.integers.bad_request"
