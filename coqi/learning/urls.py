"""Learning together: the learning register and development opportunities.

Pages included from coqi/config/urls.py at /o/<slug:org_slug>/learning/."""

from django.urls import path

from coqi.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.register, name="register"),
    path("events/new/", views.event_new, name="event-new"),
    path("events/<id:event_id>/", views.event_page, name="event"),
    path("events/<id:event_id>/edit/", views.event_edit, name="event-edit"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path("opportunities/new/", views.opportunity_new, name="opportunity-new"),
    path("opportunities/<id:opportunity_id>/", views.opportunity_page, name="opportunity"),
    path("opportunities/<id:opportunity_id>/answer/", views.opportunity_answer, name="opportunity-answer"),
]
