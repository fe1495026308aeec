from django.urls import path

from .views import home

app_name = "partnerships"

urlpatterns = [
    path("", home.home, name="home"),
]
