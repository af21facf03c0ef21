"""Plan pages, under /o/<org_slug>/projects/<project_id>/improvement/ (plugged in by coqi.projects.urls)."""

from django.urls import path

from coqi.improvement.views import plans as views

app_name = "improvement"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("aim/", views.aim, name="aim"),
    path("drivers/add/", views.driver_add, name="driver-add"),
    path("drivers/<id:node_id>/rename/", views.driver_rename, name="driver-rename"),
    path("drivers/<id:node_id>/move/", views.driver_move, name="driver-move"),
    path("drivers/<id:node_id>/move-under/", views.driver_move_under, name="driver-move-under"),
    path("drivers/<id:node_id>/remove/", views.driver_remove, name="driver-remove"),
    path("pdsa/new/", views.pdsa_new, name="pdsa-new"),
    path("pdsa/<id:cycle_id>/", views.pdsa_detail, name="pdsa-detail"),
    path("pdsa/<id:cycle_id>/edit/", views.pdsa_edit, name="pdsa-edit"),
]
