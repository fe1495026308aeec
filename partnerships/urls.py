"""URLs of the partnerships app (namespace "partnerships"). Names follow `model-action`.

Trust staff pages live under /partnerships/<pk>/...; the governors' and oversight pages add
their own paths in their own sections below.
"""

from django.urls import URLPattern, URLResolver, include, path

from .views import calendar, comments, governors, home, library, plan, staff, start, terms

app_name = "partnerships"

start_patterns = [
    path("", start.StartView.as_view(), name="partnership-start"),
    path("<str:urn>/details/", start.StartDetailsView.as_view(), name="partnership-start-details"),
    path("<str:urn>/check/", start.StartCheckView.as_view(), name="partnership-start-check"),
]

terms_patterns = [
    path("", terms.ClauseListView.as_view(), name="clause-list"),
    path("add/", terms.ClauseCreateView.as_view(), name="clause-create"),
    path("add-from-library/", library.ClauseAddFromLibraryView.as_view(), name="clause-add-from-library"),
    path("<int:item_pk>/change/", terms.ClauseUpdateView.as_view(), name="clause-update"),
    path("<int:item_pk>/remove/", terms.ClauseDeleteView.as_view(), name="clause-delete"),
    path("<int:item_pk>/move/", terms.ClauseMoveView.as_view(), name="clause-move"),
]

charge_patterns = [
    path("", terms.CostLineListView.as_view(), name="cost-line-list"),
    path("charging/", terms.ChargingUpdateView.as_view(), name="partnership-charging"),
    path("add/", terms.CostLineCreateView.as_view(), name="cost-line-create"),
    path("<int:item_pk>/change/", terms.CostLineUpdateView.as_view(), name="cost-line-update"),
    path("<int:item_pk>/remove/", terms.CostLineDeleteView.as_view(), name="cost-line-delete"),
]

objective_patterns = [
    path("", plan.ObjectiveListView.as_view(), name="objective-list"),
    path("add/", plan.ObjectiveCreateView.as_view(), name="objective-create"),
    path("<int:item_pk>/change/", plan.ObjectiveUpdateView.as_view(), name="objective-update"),
    path("<int:item_pk>/remove/", plan.ObjectiveDeleteView.as_view(), name="objective-delete"),
]

activity_patterns = [
    path("", plan.ActivityListView.as_view(), name="activity-list"),
    path("add/", plan.ActivityCreateView.as_view(), name="activity-create"),
    path("<int:item_pk>/change/", plan.ActivityUpdateView.as_view(), name="activity-update"),
    path("<int:item_pk>/progress/", plan.ActivityProgressView.as_view(), name="activity-progress"),
    path("<int:item_pk>/remove/", plan.ActivityDeleteView.as_view(), name="activity-delete"),
]

partnership_patterns: list[URLPattern | URLResolver] = [
    path("", staff.PartnershipDetailView.as_view(), name="partnership-detail"),
    path("key-details/", staff.KeyDetailsUpdateView.as_view(), name="partnership-update"),
    path("history/", staff.PartnershipHistoryView.as_view(), name="partnership-history"),
    path("send-for-review/", staff.SubmitForReviewView.as_view(), name="partnership-submit"),
    path("withdraw/", staff.WithdrawView.as_view(), name="partnership-withdraw"),
    path("recall/", staff.RecallView.as_view(), name="partnership-recall"),
    path("variation/propose/", staff.ProposeVariationView.as_view(), name="variation-propose"),
    path("variation/withdraw/", staff.WithdrawVariationView.as_view(), name="variation-withdraw"),
    path("end-early/", staff.EndEarlyView.as_view(), name="partnership-end-early"),
    path("extend/", staff.ExtendView.as_view(), name="partnership-extend"),
    path("comments/add/", staff.CommentCreateView.as_view(), name="comment-create"),
    path("comments/<int:item_pk>/reply/", comments.CommentReplyView.as_view(), name="comment-reply"),
    path("comments/<int:item_pk>/change/", comments.CommentUpdateView.as_view(), name="comment-update"),
    path("comments/<int:item_pk>/delete/", comments.CommentDeleteView.as_view(), name="comment-delete"),
    path("comments/<int:item_pk>/resolve/", comments.CommentThreadStateView.as_view(), name="comment-resolve"),
    path(
        "comments/<int:item_pk>/reopen/", comments.CommentThreadStateView.as_view(resolve=False), name="comment-reopen"
    ),
    path("terms/", include(terms_patterns)),
    path("service-charge/", include(charge_patterns)),
    path("objectives/", include(objective_patterns)),
    path("activities/", include(activity_patterns)),
]

term_dates_patterns = [
    path("", calendar.TermDatesListView.as_view(), name="term-dates-list"),
    path("add/", calendar.TermDatesCreateView.as_view(), name="term-dates-create"),
    path("<int:pk>/change/", calendar.TermDatesUpdateView.as_view(), name="term-dates-update"),
    path("<int:pk>/remove/", calendar.TermDatesDeleteView.as_view(), name="term-dates-delete"),
]

library_patterns = [
    path("", library.LibraryClauseListView.as_view(), name="library-clause-list"),
    path("add/", library.LibraryClauseCreateView.as_view(), name="library-clause-create"),
    path("model-clauses/", library.LibraryModelClausesView.as_view(), name="library-model-clauses"),
    path("<int:pk>/change/", library.LibraryClauseUpdateView.as_view(), name="library-clause-update"),
    path("<int:pk>/archive/", library.LibraryClauseArchiveView.as_view(), name="library-clause-archive"),
    path("<int:pk>/restore/", library.LibraryClauseArchiveView.as_view(archive=False), name="library-clause-restore"),
]

governor_patterns = [
    path("", governors.GovernorPartnershipView.as_view(), name="governor-partnership-detail"),
    path("approve/", governors.ApproveView.as_view(), name="approve"),
    path("request-changes/", governors.RequestChangesView.as_view(), name="request-changes"),
    path("comments/add/", governors.GovernorCommentCreateView.as_view(), name="governor-comment-create"),
    path("academisation/", governors.AcademisationView.as_view(), name="academisation"),
]

urlpatterns = [
    path("", home.home, name="home"),
    # Trust staff
    path("start/", include(start_patterns)),
    path("partnerships/<int:pk>/", include(partnership_patterns)),
    path("clause-library/", include(library_patterns)),
    path("term-dates/", include(term_dates_patterns)),
    # School governors
    path("partnerships/<int:pk>/governors/", include(governor_patterns)),
]
