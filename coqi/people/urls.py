from django.urls import path

from coqi.people import views

app_name = "people"

urlpatterns = [
    path("profile/", views.my_profile, name="me"),
    path("profiles/<str:person_id>/", views.person_profile, name="profile"),
]
