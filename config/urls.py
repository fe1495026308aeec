from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz
from partnerships.forms import SignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("support.urls")),
    path("oversight/", include("partnerships.urls_oversight")),
    path("", include("partnerships.urls")),
    path("", include("agreements.urls")),
    path("", include("offers.urls")),
    path("", include("delivery.urls")),
]
