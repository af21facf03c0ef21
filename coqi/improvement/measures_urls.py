"""Measure pages, under /o/<org_slug>/projects/<project_id>/measures/ (plugged in by coqi.projects.urls)."""

from django.urls import path

from coqi.improvement.views import measures as views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_new, name="new"),
    path("<id:measure_id>/", views.measure_detail, name="detail"),
    path("<id:measure_id>/edit/", views.measure_edit, name="edit"),
    path("<id:measure_id>/archive/", views.measure_archive, name="archive"),
    path("<id:measure_id>/data/", views.data_entry, name="data"),
    path("<id:measure_id>/upload/", views.data_upload, name="upload"),
    path("<id:measure_id>/upload/template.csv", views.upload_template, name="upload-template"),
    path("<id:measure_id>/data/<id:point_id>/remove/", views.data_remove, name="data-remove"),
]
