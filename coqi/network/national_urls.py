"""The national view, ready to mount outside any system: `path("national/", include("coqi.network.national_urls"))`
in coqi/config/urls.py (not mounted by this area: that file belongs to the lead)."""

from django.urls import path

from coqi.network import views

app_name = "national"

urlpatterns = [path("", views.national_page, name="view")]
