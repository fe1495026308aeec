"""URLs of the delivery app (namespace "delivery"): a partnership's reviews, evidence, impact
report and end-of-partnership review, under /partnerships/<pk>/; outcome exports under /oversight/."""

from django.urls import include, path

from .views import reviews

app_name = "delivery"

review_patterns = [
    path("", reviews.ReviewListView.as_view(), name="review-list"),
    path("schedule/", reviews.ReviewScheduleView.as_view(), name="review-schedule"),
    path("record/", reviews.ReviewCreateView.as_view(), name="review-create"),
    path("<int:item_pk>/", reviews.ReviewDetailView.as_view(), name="review-detail"),
    path("<int:item_pk>/record/", reviews.ReviewRecordView.as_view(), name="review-record"),
    path("<int:item_pk>/actions/add/", reviews.ReviewActionCreateView.as_view(), name="review-action-create"),
    path("<int:item_pk>/comments/add/", reviews.ReviewCommentCreateView.as_view(), name="review-comment-create"),
]

partnership_patterns = [
    path("reviews/", include(review_patterns)),
    path("objectives/<int:item_pk>/ratings/", reviews.ObjectiveRatingsView.as_view(), name="objective-ratings"),
]

urlpatterns = [
    path("partnerships/<int:pk>/", include(partnership_patterns)),
]
