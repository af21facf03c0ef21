"""Partnership health: concentration risk and assets matched to projects: pages included from coqi/config/urls.py at /o/<slug:org_slug>/partnership/."""

from django.urls import path

from coqi.partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.concentration, name="concentration"),
    path("projects/<id:project_id>/", views.project_concentration, name="project"),
    path("projects/<id:project_id>/suggestions/", views.suggestions, name="suggestions"),
]
