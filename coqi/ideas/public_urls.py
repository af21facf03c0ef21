"""Community ideas' public pages (no account needed), included from coqi/config/urls.py at /community/."""

from django.urls import path  # noqa: F401

app_name = "community"

urlpatterns: list = []
