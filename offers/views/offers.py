"""Offer pages: the trust's own offer (write, publish, withdraw) and the public directory.

Public pages need no sign-in. Trust pages: sign-in → predicate (403) → the user's own trust's
offer (never an id from the address) → form → one service call → redirect with a message.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from partnerships.forms import ReasonForm
from partnerships.views.mixins import ConfirmationView, ServiceFormView

from .. import permissions, selectors, services
from ..forms import DirectoryForm, OfferForm
from ..models import Offer

PAGE_SIZE = 20


class TrustOfferMixin(LoginRequiredMixin):
    """The signed-in trust person's own trust's offer (None before one is written)."""

    permission = staticmethod(permissions.can_see_trust_offer)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def object(self) -> Offer | None:
        if not hasattr(self, "_object"):
            self._object = Offer.objects.filter(trust_id=self.request.user.trust_id).select_related("trust").first()
        return self._object

    def detail_url(self) -> str:
        return reverse("offers:trust-offer")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "offer": self.object, "caption": self.request.user.trust.name}


class TrustOfferView(TrustOfferMixin, TemplateView):
    template_name = "offers/trust_offer.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer, user = self.object, self.request.user
        context.update(
            can_manage=permissions.can_manage_offer(user),
            can_publish=permissions.can_publish_offer(user, offer),
            can_withdraw=permissions.can_withdraw_offer(user, offer),
            history=selectors.offer_history(offer) if offer else [],
        )
        return context


class OfferEditView(TrustOfferMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = OfferForm
    permission = staticmethod(permissions.can_manage_offer)

    @property
    def versioned(self):
        return "object" if self.object else ""

    def get_initial(self):
        return OfferForm.initial_from(self.object) if self.object else {"contact_email": self.request.user.email}

    def perform(self, form):
        return services.offer_save(
            trust=self.request.user.trust,
            saved_by=self.request.user,
            expected_version=self.expected_version,
            **form.cleaned_data,
        )

    def get_success_message(self, offer):
        return "Offer saved." if offer.status == Offer.Status.PUBLISHED else "Offer saved as a draft."

    def get_context_data(self, **kwargs):
        heading = "Change your Trust Partnership Offer" if self.object else "Write your Trust Partnership Offer"
        return {**super().get_context_data(**kwargs), "heading": heading}


class OfferPublishView(TrustOfferMixin, ConfirmationView):
    heading = "Publish your Trust Partnership Offer?"
    explanation = (
        "Anyone will be able to find it in ‘Find a trust partnership offer’, see your trust's facts from GIAS "
        "beside it and send you an enquiry."
    )
    button_label = "Publish offer"
    button_class = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_publish_offer(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.offer_publish(offer=self.object, published_by=self.request.user)

    def get_success_message(self, offer):
        return "Your offer is published. Schools can now find it."


class OfferWithdrawView(TrustOfferMixin, ConfirmationView):
    form_class = ReasonForm
    heading = "Withdraw your Trust Partnership Offer?"
    explanation = "Schools will no longer find it. Enquiries already sent stay in your inbox."
    button_label = "Withdraw offer"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "reason_label": "Why are you withdrawing the offer?",
            "reason_hint": "Kept in the offer's history. Schools will no longer find the offer.",
            "reason_required": "Enter why you are withdrawing the offer",
            "max_length": Offer.WITHDRAWAL_REASON_MAX_LENGTH,
        }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_withdraw_offer(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.offer_withdraw(
            offer=self.object, withdrawn_by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, offer):
        return "Your offer has been withdrawn."


# --- Public ------------------------------------------------------------------------------------


@require_safe
def directory(request):
    """Find a trust partnership offer: filters, distance from a school, pages of 20."""
    data = selectors.academies()
    form = DirectoryForm(request.GET or None, local_authorities=data.local_authorities)
    filters, lookup = {}, None
    if form.is_bound and form.is_valid():
        filters = {name: form.cleaned_data[name] for name in ("region", "local_authority", "phase", "support")}
        lookup = selectors.find_school(form.cleaned_data["school"])
    near = lookup.school if lookup and lookup.located else None
    page = selectors.directory_page(
        filters=filters, near=near, number=request.GET.get("page"), data=data, per_page=PAGE_SIZE
    )
    return render(
        request,
        "offers/directory.html",
        {"form": form, "page_obj": page, "lookup": lookup, "near": near, "filtered": bool(request.GET)},
    )


@require_safe
def offer_detail(request, pk: int):
    """A Trust Partnership Offer: published ones for anyone, and the trust's own in any state."""
    offer = get_object_or_404(Offer.objects.visible_to(request.user).select_related("trust"), pk=pk)
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "facts": selectors.trust_facts(offer.trust),
            "is_preview": offer.status != Offer.Status.PUBLISHED,
        },
    )
