"""Measure pages, under /o/<org_slug>/projects/<project_id>/measures/ (plugged in by coqi.projects.urls)."""

from django.urls import path

from coqi.improvement.views import exports, phases
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
    path("<id:measure_id>/phases/new/", phases.phase_new, name="phase-new"),
    path("<id:measure_id>/phases/<id:phase_id>/remove/", phases.phase_remove, name="phase-remove"),
    path("<id:measure_id>/left-out/new/", phases.exclusion_new, name="exclusion-new"),
    path("<id:measure_id>/left-out/<id:exclusion_id>/remove/", phases.exclusion_remove, name="exclusion-remove"),
    path("<id:measure_id>/notes/new/", phases.note_new, name="note-new"),
    path("<id:measure_id>/notes/<id:note_id>/remove/", phases.note_remove, name="note-remove"),
    path("<id:measure_id>/chart.svg", exports.chart_svg, name="export-svg"),
    path("<id:measure_id>/chart.png", exports.chart_png, name="export-png"),
    path("<id:measure_id>/chart-data.csv", exports.data_csv, name="export-csv"),
    path("<id:measure_id>/chart-data.xlsx", exports.data_xlsx, name="export-xlsx"),
]
