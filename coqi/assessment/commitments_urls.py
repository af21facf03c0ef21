"""Commitment pages, included from coqi/config/urls.py at /o/<org_slug>/commitments/."""

from django.urls import path

from coqi.assessment.views import commitments as views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("new/", views.commitment_new, name="new"),
    path("from-gap/", views.commitment_from_gap, name="from-gap"),
    path("<id:commitment_id>/", views.commitment_page, name="detail"),
    path("<id:commitment_id>/edit/", views.commitment_edit, name="edit"),
]
