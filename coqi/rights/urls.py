"""A person's own data, across every organisation they belong to: included at /account/data/."""

from django.urls import path

from coqi.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.my_data, name="mine"),
    path("download/", views.download, name="download"),
]
