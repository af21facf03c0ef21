from django.urls import path

from coqi.people import views

app_name = "people"

urlpatterns = [
    path("involvement/", views.my_involvement, name="involvement"),
    path("profile/", views.my_profile, name="me"),
    path("profile/consents/<id:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("profiles/<id:person_id>/", views.person_profile, name="profile"),
    path("profiles/<id:person_id>/consents/new/", views.consent_new, name="consent-new"),
]
