"""Emails about people's accounts, rendered from templates (plain text), links from SITE_URL."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string

SERVICE_NAME = "Trust Partnerships"


def absolute_url(path: str) -> str:
    """A link for an email: SITE_URL (where people reach the service) followed by `path`."""
    return settings.SITE_URL.rstrip("/") + path


def send_templated_email(template: str, *, to: list[str], context: dict) -> int:
    """Render templates/emails/<template>_subject.txt and <template>.txt and send one message
    to each address. Returns how many were sent."""
    context = {"service_name": SERVICE_NAME, "site_url": settings.SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in to if address]
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
