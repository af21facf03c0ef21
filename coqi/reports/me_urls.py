"""A person's own pages across every organisation they belong to, included from coqi/config/urls.py at /me/."""

from django.urls import path

from coqi.reports.views import everywhere

app_name = "me"

urlpatterns = [
    path("involvement/", everywhere.my_involvement_everywhere, name="involvement"),
]
