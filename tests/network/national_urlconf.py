"""The site's URLs plus the national view, mounted as coqi/network/national_urls.py says the lead will mount it."""

from django.urls import include, path

from coqi.config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("national/", include("coqi.network.national_urls"))]
