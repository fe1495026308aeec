"""Password reset by email: Django's token view, with links in the email built from SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views


class PasswordResetView(auth_views.PasswordResetView):
    title = "Reset your password"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"

    def form_valid(self, form):
        site = urlsplit(settings.SITE_URL)
        # Django builds the link from `protocol://domain`; the service's address is SITE_URL,
        # whatever host the request came in on.
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "service_name": "Trust Partnerships",
            "timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        self.domain_override = site.netloc
        self.use_https = site.scheme == "https"
        return super().form_valid(form)
