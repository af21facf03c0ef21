"""Innovation library: beneficial changes.

Pages included from coqi/config/urls.py at /o/<slug:org_slug>/innovations/."""

from django.urls import path

from coqi.innovation import views

app_name = "innovation"

urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("new/", views.innovation_new, name="new"),
    path("<id:innovation_id>/", views.innovation_page, name="detail"),
    path("<id:innovation_id>/adopt/", views.innovation_adopt, name="adopt"),
    path("<id:innovation_id>/edit/", views.innovation_edit, name="edit"),
    path("<id:innovation_id>/visibility/", views.innovation_visibility, name="visibility"),
]
