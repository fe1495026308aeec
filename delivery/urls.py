"""URLs of the delivery app (namespace "delivery"): a partnership's reviews, evidence, impact
report and end-of-partnership review, under /partnerships/<pk>/; outcome exports under /oversight/."""

from django.urls import include, path

from .views import end_review, evidence, oversight, reports, reviews

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

report_patterns = [
    path("", reports.ImpactReportView.as_view(), name="impact-report"),
    path("new/", reports.ImpactReportGenerateView.as_view(), name="impact-report-generate"),
    path("<int:item_pk>/", reports.ImpactReportVersionView.as_view(), name="impact-report-version"),
    path("<int:item_pk>/pdf/", reports.ImpactReportDownloadView.as_view(), name="impact-report-download"),
    path("<int:item_pk>/share/", reports.ImpactReportShareView.as_view(), name="impact-report-share"),
]

partnership_patterns = [
    path("impact-report/", include(report_patterns)),
    path("reviews/", include(review_patterns)),
    path("activities/<int:item_pk>/evidence/", evidence.ActivityEvidenceView.as_view(), name="activity-evidence"),
    path("activities/<int:item_pk>/evidence/add/", evidence.EvidenceCreateView.as_view(), name="evidence-create"),
    path("evidence/<int:item_pk>/", evidence.EvidenceDownloadView.as_view(), name="evidence-download"),
    path("evidence/<int:item_pk>/remove/", evidence.EvidenceDeleteView.as_view(), name="evidence-delete"),
    path("end-review/", end_review.EndReviewView.as_view(), name="end-review"),
    path("objectives/<int:item_pk>/ratings/", reviews.ObjectiveRatingsView.as_view(), name="objective-ratings"),
]

urlpatterns = [
    path("partnerships/<int:pk>/", include(partnership_patterns)),
    path("oversight/reviews/export.csv", oversight.review_export, name="review-export"),
    path("oversight/outcomes/export.csv", oversight.outcome_export, name="outcome-export"),
]
