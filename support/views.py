"""The pages every service has (accessibility, privacy, cookies, help) and the feedback form.

They are public: someone who cannot sign in still needs help, the accessibility statement and
the privacy notice. Feedback is read by oversight users only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, ListView, TemplateView

from partnerships.permissions import can_use_oversight

from . import services
from .forms import FeedbackForm
from .models import Feedback


class ServicePage(TemplateView):
    http_method_names = ["get", "head"]


class CookiesPage(ServicePage):
    template_name = "support/cookies.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session_cookie=settings.SESSION_COOKIE_NAME,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            session_lifetime=lifetime(settings.SESSION_COOKIE_AGE),
            **kwargs,
        )


def lifetime(seconds: int) -> str:
    """8 hours, 2 weeks: the session cookie's lifetime as the cookies page says it."""
    hours = seconds // 3600
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = hours // 24
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} days"


class FeedbackView(FormView):
    template_name = "support/feedback.html"
    form_class = FeedbackForm

    def get_initial(self):
        return {"page": services.safe_page(self.request.GET.get("from", ""))}

    def form_valid(self, form):
        services.feedback_create(submitted_by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Thank you for your feedback. We read every message.")
        return redirect(reverse("support:feedback-sent"))


class FeedbackListView(LoginRequiredMixin, ListView):
    """Feedback, newest first, for oversight users."""

    template_name = "support/feedback_list.html"
    paginate_by = 25
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_use_oversight(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Feedback.objects.select_related("submitted_by")

    def paginate_queryset(self, queryset, page_size):
        """A page number out of range or not a number shows the nearest page, as the other lists do."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
