"""The end-of-partnership review: trust staff record it; everyone who can see the partnership reads
it on the reviews page. A partnership cannot conclude without it."""

from django.urls import reverse

from delivery import permissions, services
from delivery.forms import EndReviewForm
from delivery.models import EndReview
from partnerships.views.mixins import PartnershipMixin, ServiceFormView

from .reviews import DeliveryPageMixin


class EndReviewView(DeliveryPageMixin, PartnershipMixin, ServiceFormView):
    template_name = "delivery/end_review_form.html"
    form_class = EndReviewForm
    permission = staticmethod(permissions.can_record_end_review)
    heading = "End-of-partnership review"
    success_message = "End-of-partnership review saved"

    @property
    def review(self) -> EndReview | None:
        if not hasattr(self, "_review"):
            self._review = EndReview.objects.filter(partnership=self.partnership).first()
        return self._review

    @property
    def versioned(self):
        return "review" if self.review else ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "objectives": self.partnership.objectives.all()}

    def get_initial(self):
        return EndReviewForm.initial_for(self.review)

    def perform(self, form):
        return services.end_review_record(
            partnership=self.partnership,
            recorded_by=self.request.user,
            expected_version=self.expected_version,
            **form.service_arguments(),
        )

    def get_success_url(self):
        return reverse("delivery:review-list", args=[self.partnership.pk]) + "#end-review"
