"""Learning together: the learning register and development opportunities: pages included from coqi/config/urls.py at /o/<slug:org_slug>/learning/."""

from django.urls import path  # noqa: F401

app_name = "learning"

urlpatterns: list = []
