"""System and national view: pages included from coqi/config/urls.py at /s/<slug:system_slug>/network/."""

from django.urls import path

from coqi.network import views

app_name = "network"

urlpatterns = [
    path("", views.network_page, name="system"),
    # An organisation's own choice, reached through the organisation (the access rule needs `org_slug`).
    path("organisations/<slug:org_slug>/sharing/", views.sharing_page, name="sharing"),
]
