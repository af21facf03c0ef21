"""Partners' pages, included from coqi/config/urls.py at /o/<org_slug>/partners/: each person's profile and consent
records, and partnership health (who co-production rests on, and partners whose experience fits a project)."""

from django.urls import path

from coqi.partners.views import partnership, profiles

app_name = "partners"

urlpatterns = [
    path("", partnership.concentration, name="concentration"),
    path("projects/<id:project_id>/", partnership.project_concentration, name="project"),
    path("projects/<id:project_id>/suggestions/", partnership.suggestions, name="suggestions"),
    path("profile/", profiles.my_profile, name="me"),
    path("profile/consents/<id:consent_id>/withdraw/", profiles.consent_withdraw, name="consent-withdraw"),
    path("profiles/<id:person_id>/", profiles.person_profile, name="profile"),
    path("profiles/<id:person_id>/consents/new/", profiles.consent_new, name="consent-new"),
]
