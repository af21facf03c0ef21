"""Community ideas: pages included from coqi/config/urls.py at /o/<slug:org_slug>/ideas/."""

from django.urls import path  # noqa: F401

app_name = "ideas"

urlpatterns: list = []
