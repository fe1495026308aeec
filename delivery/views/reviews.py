"""Review meetings of one partnership: the list with each objective's ratings over time, scheduling,
recording a meeting, its actions and comments.

Each page starts from `Partnership.objects.visible_to(user)` (404 out of scope), then the
predicate from delivery.permissions (403 in scope but not allowed), then one service call.
"""

from django.urls import reverse
from django.utils import timezone

from delivery import permissions, selectors, services
from delivery.forms import ReviewActionForm, ReviewCommentForm, ReviewRecordForm, ScheduleReviewForm
from delivery.models import ReviewMeeting
from partnerships.views.mixins import PartnershipChildMixin, PartnershipMixin, PartnershipPageView, ServiceFormView


class DeliveryPageMixin:
    """Back links to the partnership's reviews, and the person's own page for the partnership."""

    def reviews_url(self) -> str:
        return reverse("delivery:review-list", args=[self.partnership.pk])

    def detail_url(self) -> str:
        return self.reviews_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partnership_url"] = selectors.partnership_page_url(self.request.user, self.partnership)
        return context


class ReviewListView(DeliveryPageMixin, PartnershipPageView):
    template_name = "delivery/review_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership, user = self.partnership, self.request.user
        meetings = list(selectors.meetings_for(partnership))
        today = timezone.localdate()
        context.update(
            held=[meeting for meeting in meetings if meeting.is_held],
            scheduled=[meeting for meeting in meetings if not meeting.is_held],
            overdue=[meeting for meeting in meetings if meeting.is_overdue(today)],
            progress=selectors.progress_table(partnership, meetings),
            can_record=permissions.can_record_review(user, partnership),
            can_schedule=permissions.can_schedule_review(user, partnership),
            record_label=_record_label(user, partnership),
            end_review=selectors.end_review_of(partnership),
            can_record_end_review=permissions.can_record_end_review(user, partnership),
            past_end_date=partnership.end_date < today,
        )
        return context


def _record_label(user, partnership) -> str:
    kind = permissions.review_kind_for(user, partnership)
    return "Record the governing body’s review" if kind == ReviewMeeting.Kind.GOVERNING_BODY else "Record a review"


class ReviewScheduleView(DeliveryPageMixin, PartnershipMixin, ServiceFormView):
    template_name = "components/form_page.html"
    form_class = ScheduleReviewForm
    permission = staticmethod(permissions.can_schedule_review)
    heading = "Schedule a review"

    def perform(self, form):
        return services.review_meeting_schedule(
            partnership=self.partnership, scheduled_by=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, meeting):
        return f"Review scheduled for {meeting.scheduled_for.day} {meeting.scheduled_for:%B %Y}"


class ReviewCreateView(DeliveryPageMixin, PartnershipMixin, ServiceFormView):
    """Record a review meeting that has been held (the trust's or, for the clerk, the governing body's)."""

    template_name = "delivery/review_form.html"
    form_class = ReviewRecordForm
    permission = staticmethod(permissions.can_record_review)
    meeting = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "objectives": self.partnership.objectives.all()}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _record_label(self.request.user, self.partnership),
            "meeting": self.meeting,
        }

    def perform(self, form):
        self.saved = services.review_meeting_record(
            partnership=self.partnership,
            recorded_by=self.request.user,
            kind=permissions.review_kind_for(self.request.user, self.partnership),
            meeting=self.meeting,
            expected_version=self.expected_version,
            **form.service_arguments(),
        )
        return self.saved

    def get_success_message(self, meeting):
        return f"{meeting.get_kind_display()} recorded"

    def get_success_url(self):
        return reverse("delivery:review-detail", args=[self.partnership.pk, self.saved.pk])


class MeetingMixin(PartnershipChildMixin):
    """`self.meeting`: a review meeting of the partnership (404 for another partnership's)."""

    child_relation = "review_meetings"

    @property
    def meeting(self) -> ReviewMeeting:
        return self.object


class ReviewRecordView(MeetingMixin, ReviewCreateView):
    """Record a scheduled review once it has been held."""

    versioned = "meeting"

    def permission(self, user, partnership) -> bool:
        return not self.meeting.is_held and permissions.can_change_review(user, self.meeting)

    def get_initial(self):
        return {"held_on": self.meeting.scheduled_for}


class ReviewDetailView(MeetingMixin, DeliveryPageMixin, PartnershipPageView):
    template_name = "delivery/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.meeting, self.request.user
        can_change = permissions.can_change_review(user, meeting)
        context.update(
            meeting=meeting,
            ratings=meeting.ratings.select_related("objective"),
            actions=meeting.actions.all(),
            comments=meeting.comments.all(),
            can_add_action=can_change and meeting.is_held,
            can_record=can_change and not meeting.is_held,
            can_comment=permissions.can_comment_on_review(user, self.partnership),
            overdue=meeting.is_overdue(),
        )
        return context


class MeetingFormMixin(MeetingMixin, DeliveryPageMixin):
    template_name = "components/form_page.html"

    def detail_url(self) -> str:
        return reverse("delivery:review-detail", args=[self.partnership.pk, self.meeting.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["caption"] = f"{self.partnership.reference} · {self.meeting}"
        return context


class ReviewActionCreateView(MeetingFormMixin, PartnershipMixin, ServiceFormView):
    form_class = ReviewActionForm
    heading = "Add an action"
    success_message = "Action added"

    def permission(self, user, partnership) -> bool:
        return self.meeting.is_held and permissions.can_change_review(user, self.meeting)

    def perform(self, form):
        return services.review_action_create(meeting=self.meeting, created_by=self.request.user, **form.cleaned_data)


class ReviewCommentCreateView(MeetingFormMixin, PartnershipMixin, ServiceFormView):
    form_class = ReviewCommentForm
    permission = staticmethod(permissions.can_comment_on_review)
    heading = "Comment on the review"
    success_message = "Comment added"

    def perform(self, form):
        return services.review_comment_create(meeting=self.meeting, author=self.request.user, **form.cleaned_data)


class ObjectiveRatingsView(DeliveryPageMixin, PartnershipChildMixin, PartnershipPageView):
    """One objective's ratings across reviews, with the evidence and next steps each time."""

    template_name = "delivery/objective_ratings.html"
    child_relation = "objectives"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(objective=self.object, ratings=selectors.ratings_of(self.object))
        return context
