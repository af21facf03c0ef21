"""Self-assessment pages, included from coqi/config/urls.py at /o/<org_slug>/assessment/."""

from django.urls import path

from coqi.assessment.views import rounds as views

app_name = "assessment"

R = "rounds/<id:round_id>/"

urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("rounds/new/", views.round_new, name="round-new"),
    path("framework/", views.framework_page, name="framework"),
    path(R, views.round_page, name="round"),
    path(R + "respond/", views.respond, name="respond"),
    path(R + "results/", views.results, name="results"),
    path(R + "close/", views.round_close, name="round-close"),
]
