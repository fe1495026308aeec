from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("accessibility/", views.ServicePage.as_view(template_name="support/accessibility.html"), name="accessibility"),
    path("privacy/", views.ServicePage.as_view(template_name="support/privacy.html"), name="privacy"),
    path("cookies/", views.CookiesPage.as_view(), name="cookies"),
    path("help/", views.ServicePage.as_view(template_name="support/help.html"), name="help"),
    path("feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("feedback/sent/", views.ServicePage.as_view(template_name="support/feedback_sent.html"), name="feedback-sent"),
    path("oversight/feedback/", views.FeedbackListView.as_view(), name="feedback-list"),
]
