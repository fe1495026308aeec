"""Emails about enquiries. Plain text; services send them through `transaction.on_commit`."""

import logging

from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.urls import reverse

from partnerships.notifications import _absolute

from .models import Enquiry, EnquiryReply

logger = logging.getLogger(__name__)


def _message(template: str, to: str, context: dict, reply_to: str = "") -> EmailMessage:
    context = {"service_name": "Trust Partnerships", **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[to], reply_to=[reply_to] if reply_to else None)


def notify_enquiry_received(enquiry: Enquiry) -> int:
    """Acknowledge the enquiry to the school, and tell the trust's contact there is one to answer."""
    offer = enquiry.offer
    messages = [
        _message(
            "enquiry_acknowledgement",
            enquiry.email,
            {"enquiry": enquiry, "offer_link": _absolute(reverse("offers:offer-detail", args=[offer.pk]))},
        ),
        _message(
            "enquiry_received",
            offer.contact_email,
            {"enquiry": enquiry, "link": _absolute(reverse("offers:enquiry-detail", args=[enquiry.pk]))},
        ),
    ]
    return mailers.default.send_messages(messages) or 0


def send_enquiry_reply(reply: EnquiryReply) -> int:
    """The trust's reply, from the service; the school's answer goes to the offer's contact."""
    enquiry = reply.enquiry
    message = _message(
        "enquiry_reply", reply.sent_to, {"reply": reply, "enquiry": enquiry}, reply_to=enquiry.offer.contact_email
    )
    return mailers.default.send_messages([message]) or 0
