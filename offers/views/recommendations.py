"""Recommendations: a system leader records, for a school they supported, whether it is interested
in a trust partnership, with suggested trusts ranked by a transparent score. Oversight reads all
of them and sees which became partnerships."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from partnerships.views.mixins import ServiceFormView

from .. import matching, permissions, selectors, services
from ..forms import RecommendationForm, SuggestTrustsForm
from ..models import Recommendation

PAGE_SIZE = 25


class RecommendationMixin(LoginRequiredMixin):
    permission = staticmethod(permissions.can_read_recommendations)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission(request.user):
            raise PermissionDenied
        if "pk" in kwargs:
            self.recommendation = get_object_or_404(
                Recommendation.objects.visible_to(request.user).select_related("school", "recorded_by"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)


class RecommendationListView(RecommendationMixin, TemplateView):
    template_name = "offers/recommendation_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        user = self.request.user
        recommendations = Recommendation.objects.visible_to(user).select_related("school", "recorded_by")
        page = Paginator(recommendations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        selectors.with_outcomes(page.object_list)
        return {
            **super().get_context_data(**kwargs),
            "page_obj": page,
            "can_record": permissions.can_record_recommendation(user),
        }


class RecommendationCreateView(RecommendationMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = RecommendationForm
    heading = "Record a recommendation"
    permission = staticmethod(permissions.can_record_recommendation)

    def detail_url(self):
        return reverse("offers:recommendation-list")

    def perform(self, form):
        data = form.cleaned_data
        self.created = services.recommendation_create(
            school=form.school,
            recorded_by=self.request.user,
            interested=data["interested"],
            support_wanted=data["support_wanted"],
            context=data["context"],
        )
        return self.created

    def get_success_message(self, recommendation):
        return f"Recommendation recorded for {recommendation.school.name}."

    def get_success_url(self):
        return reverse("offers:recommendation-detail", args=[self.created.pk])


class RecommendationDetailView(RecommendationMixin, ServiceFormView):
    """The recommendation, the suggested trusts it holds, and the ranked matches with reasons; its
    system leader chooses which to suggest (POST). Oversight reads it."""

    template_name = "offers/recommendation_detail.html"
    form_class = SuggestTrustsForm

    def post(self, request, *args, **kwargs):
        if not permissions.can_suggest_trusts(request.user, self.recommendation):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def detail_url(self):
        return reverse("offers:recommendation-detail", args=[self.recommendation.pk])

    def get_back_url(self):
        return reverse("offers:recommendation-list")

    @property
    def suggestions(self):
        if not hasattr(self, "_suggestions"):
            self._suggestions = matching.suggest_trusts(
                self.recommendation.school, support_wanted=self.recommendation.support_list
            )
        return self._suggestions

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "suggestions": self.suggestions}

    def get_initial(self):
        return {"trusts": [str(pk) for pk in self.recommendation.suggestions.values_list("trust_id", flat=True)]}

    def perform(self, form):
        return services.recommendation_suggest_trusts(
            recommendation=self.recommendation, suggestions=form.chosen(), suggested_by=self.request.user
        )

    def get_success_message(self, saved):
        return f"{len(saved)} suggested trust{'s' if len(saved) != 1 else ''} saved."

    def get_context_data(self, **kwargs):
        recommendation = self.recommendation
        selectors.with_outcomes([recommendation])
        return {
            **super().get_context_data(**kwargs),
            "recommendation": recommendation,
            "heading": f"Recommendation for {recommendation.school.name}",
            "suggestions": self.suggestions,
            "saved": recommendation.suggestions.select_related("trust"),
            "rule": matching.RULE,
            "can_suggest": permissions.can_suggest_trusts(self.request.user, recommendation),
        }
