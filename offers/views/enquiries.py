"""Enquiries: the public form on an offer page, and the trust's inbox (reply, contacted, decline,
convert into a draft partnership).

Inbox pages: sign-in → `can_handle_enquiries` (403) → the enquiry from `Enquiry.objects.visible_to`
(404) → the state predicate (403) → form → one service call → redirect with a message.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from partnerships.forms import KeyDetailsForm, ReasonForm, limit
from partnerships.models import Partnership
from partnerships.views.mixins import ConfirmationView, ServiceFormView, add_service_errors, move_hidden_field_errors

from .. import permissions, services
from ..forms import EnquiryForm, ReplyForm
from ..models import Enquiry, Offer

PAGE_SIZE = 25


def sender_key(request) -> str:
    """A keyed hash of the connection's address: enough to count enquiries per address, useless to
    anyone who reads the table. Behind a proxy, OFFERS_TRUSTED_PROXIES says how many hops to skip."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.OFFERS_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        address = forwarded[-hops]
    return hmac.new(settings.SECRET_KEY.encode(), f"enquiry:{address}".encode(), hashlib.sha256).hexdigest()


class EnquireView(FormView):
    """Anyone may send an enquiry from a published offer; no account."""

    template_name = "offers/enquiry_form.html"
    form_class = EnquiryForm

    def dispatch(self, request, *args, **kwargs):
        self.offer = get_object_or_404(Offer.objects.published().select_related("trust"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        sent = redirect("offers:enquiry-sent", pk=self.offer.pk)
        if form.is_spam:
            return sent  # a robot filled the honeypot: it sees success, nothing is stored or sent
        data = form.cleaned_data
        try:
            services.enquiry_create(
                offer=self.offer,
                school=form.school,
                name=data["name"],
                role=data["role"],
                email=data["email"],
                phone=data["phone"],
                support_wanted=data["support_wanted"],
                message=data["message"],
                sender_key=sender_key(self.request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return sent

    def form_invalid(self, form):
        move_hidden_field_errors(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "offer": self.offer,
            "heading": f"Send an enquiry to {self.offer.trust.name}",
            "caption": "Trust Partnership Offer",
        }


@require_safe
def enquiry_sent(request, pk: int):
    offer = get_object_or_404(Offer.objects.published().select_related("trust"), pk=pk)
    return render(request, "offers/enquiry_sent.html", {"offer": offer})


class InboxMixin(LoginRequiredMixin):
    """The trust's people only; enquiries to their own trust only."""

    permission = None  # a predicate (user, enquiry), checked after the enquiry is found

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_handle_enquiries(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            self.enquiry = get_object_or_404(
                Enquiry.objects.visible_to(request.user).select_related("offer__trust", "school", "partnership"),
                pk=kwargs["pk"],
            )
            if self.permission is not None and not self.permission(request.user, self.enquiry):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self) -> str:
        return reverse("offers:enquiry-detail", args=[self.enquiry.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if hasattr(self, "enquiry"):
            context.update(enquiry=self.enquiry, caption=f"Enquiry from {self.enquiry.school.name}")
        return context


class InboxView(InboxMixin, TemplateView):
    template_name = "offers/enquiry_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        enquiries = Enquiry.objects.visible_to(self.request.user).select_related("school")
        filtered = {
            "open": enquiries.filter(status__in=Enquiry.Status.OPEN),
            "closed": enquiries.filter(status__in=Enquiry.Status.CLOSED),
        }.get(status, enquiries.filter(status__in=Enquiry.Status.OPEN))
        context.update(
            page_obj=Paginator(filtered, PAGE_SIZE).get_page(self.request.GET.get("page")),
            status="closed" if status == "closed" else "open",
        )
        return context


class EnquiryDetailView(InboxMixin, TemplateView):
    template_name = "offers/enquiry_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, enquiry = self.request.user, self.enquiry
        context.update(
            replies=enquiry.replies.select_related("sent_by"),
            enquiry_from=[enquiry.name or "Removed", enquiry.role],
            can_reply=permissions.can_reply_to_enquiry(user, enquiry),
            can_mark_contacted=permissions.can_mark_enquiry_contacted(user, enquiry),
            can_decline=permissions.can_decline_enquiry(user, enquiry),
            can_convert=permissions.can_convert_enquiry(user, enquiry),
        )
        return context


class ReplyView(InboxMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = ReplyForm
    heading = "Reply by email"
    permission = staticmethod(permissions.can_reply_to_enquiry)

    def perform(self, form):
        return services.enquiry_reply(enquiry=self.enquiry, body=form.cleaned_data["body"], sent_by=self.request.user)

    def get_success_message(self, reply):
        return f"Reply sent to {reply.sent_to}."


class MarkContactedView(InboxMixin, ConfirmationView):
    heading = "Mark this enquiry as contacted?"
    explanation = "Use this when you got in touch another way, such as by phone. Replies sent here do it for you."
    button_label = "Mark as contacted"
    button_class = ""
    permission = staticmethod(permissions.can_mark_enquiry_contacted)

    def perform(self, form):
        return services.enquiry_mark_contacted(enquiry=self.enquiry, marked_by=self.request.user)

    def get_success_message(self, enquiry):
        return "Enquiry marked as contacted."


class DeclineView(InboxMixin, ConfirmationView):
    form_class = ReasonForm
    heading = "Decline this enquiry?"
    button_label = "Decline enquiry"
    permission = staticmethod(permissions.can_decline_enquiry)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "reason_label": "Why are you declining this enquiry?",
            "reason_hint": "Kept with the enquiry for your trust. It is not emailed to the school.",
            "reason_required": "Enter why you are declining the enquiry",
            "max_length": limit(Enquiry, "decline_reason"),
        }

    def perform(self, form):
        return services.enquiry_decline(
            enquiry=self.enquiry, reason=form.cleaned_data["reason"], declined_by=self.request.user
        )

    def get_success_message(self, enquiry):
        return "Enquiry declined."


class ConvertView(InboxMixin, ServiceFormView):
    """The key details of the new partnership, with the school's contacts from the enquiry."""

    template_name = "offers/enquiry_convert.html"
    form_class = KeyDetailsForm
    heading = "Start a partnership from this enquiry"
    permission = staticmethod(permissions.can_convert_enquiry)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit": "Create draft partnership"}

    def get_initial(self):
        enquiry, offer = self.enquiry, self.enquiry.offer
        initial = {
            "purpose": enquiry.message[:2000],
            "trust_lead_name": offer.contact_name,
            "trust_lead_role": offer.contact_role,
            "trust_lead_email": offer.contact_email,
            "payment_terms": Partnership._meta.get_field("payment_terms").default,
        }
        role = enquiry.role.lower()
        if "chair" in role:
            initial.update(chair_of_governors_name=enquiry.name, chair_of_governors_email=enquiry.email)
        else:
            initial.update(headteacher_name=enquiry.name, headteacher_email=enquiry.email)
        return initial

    def perform(self, form):
        self.enquiry = services.enquiry_convert(
            enquiry=self.enquiry, converted_by=self.request.user, **form.cleaned_data
        )
        return self.enquiry

    def get_success_message(self, enquiry):
        return f"Draft partnership {enquiry.partnership.reference} set up with {enquiry.school.name}."

    def get_success_url(self):
        return reverse("partnerships:partnership-detail", args=[self.enquiry.partnership_id])
