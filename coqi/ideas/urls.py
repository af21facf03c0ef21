"""Community ideas: members' pages, included from coqi/config/urls.py at /o/<slug:org_slug>/ideas/."""

from django.urls import path

from coqi.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="list"),
    path("public-page/", views.page_settings, name="settings"),
    path("<id:idea_id>/", views.idea_detail, name="detail"),
    path("<id:idea_id>/moderate/", views.moderate_idea, name="moderate"),
    path("<id:idea_id>/respond/", views.respond_to_idea, name="respond"),
    path("<id:idea_id>/send/", views.send_idea_to_project, name="send"),
]
