"""Partnership health: concentration risk and assets matched to projects: pages included from coqi/config/urls.py at /o/<slug:org_slug>/partnership/."""

from django.urls import path  # noqa: F401

app_name = "partnership"

urlpatterns: list = []
