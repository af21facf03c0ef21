"""Community ideas' public pages (no account needed), included from coqi/config/urls.py at /community/.

The organisation is named `community_slug`, not `org_slug`: these pages are deliberately open to everyone,
and `org_slug` routes are members-only (tests/core/test_tenancy.py)."""

from django.urls import path

from coqi.ideas import views

app_name = "community"

urlpatterns = [
    path("<slug:community_slug>/", views.community_page, name="page"),
    path("<slug:community_slug>/raise/", views.raise_idea, name="raise"),
    path("<slug:community_slug>/yours/<str:token>/", views.your_idea, name="yours"),
]
