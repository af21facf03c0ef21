"""A person's own data, across every organisation they belong to: included at /account/data/."""

from django.urls import path  # noqa: F401

app_name = "rights"

urlpatterns: list = []
