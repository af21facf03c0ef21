"""Innovation library: beneficial changes: pages included from coqi/config/urls.py at /o/<slug:org_slug>/innovations/."""

from django.urls import path  # noqa: F401

app_name = "innovation"

urlpatterns: list = []
