"""System and national view: pages included from coqi/config/urls.py at /s/<slug:system_slug>/network/."""

from django.urls import path  # noqa: F401

app_name = "network"

urlpatterns: list = []
