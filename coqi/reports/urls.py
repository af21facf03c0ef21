"""Board report: pages included from coqi/config/urls.py at /o/<slug:org_slug>/board-report/."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
