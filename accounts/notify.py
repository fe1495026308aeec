"""A GOV.UK Notify email backend (the official notifications-python-client), beside SMTP and
the console. Each message goes to Notify as one email per recipient through a single Notify
template whose subject is ((subject)) and whose body is ((body)): the service's own templates
(templates/emails/) still write every word.

    MAILERS = {"default": {"BACKEND": "accounts.notify.NotifyEmailBackend",
                           "OPTIONS": {"api_key": "...", "template_id": "..."}}}

config/settings/base.py sets this up from EMAIL_BACKEND=notify, NOTIFY_API_KEY and
NOTIFY_TEMPLATE_ID (NOTIFY_BASE_URL for a stand-in of the API).
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

logger = logging.getLogger(__name__)

NOTIFY_API = "https://api.notifications.service.gov.uk"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, *, api_key: str, template_id: str, base_url: str = NOTIFY_API, fail_silently=False, **kwargs):
        super().__init__(**kwargs)
        self.fail_silently = fail_silently
        self.template_id = template_id
        self.client = NotificationsAPIClient(api_key, base_url=base_url or NOTIFY_API)

    def send_messages(self, email_messages) -> int:
        """Send each message to each of its recipients; returns how many messages went out
        (a message counts once every one of its recipients was accepted by Notify)."""
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
            except (HTTPError, RequestException) as error:
                logger.error("GOV.UK Notify refused an email (%s): %s", message.subject, error)
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
