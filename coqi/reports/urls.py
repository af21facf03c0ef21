"""Board report: pages included from coqi/config/urls.py at /o/<slug:org_slug>/board-report/."""

from django.urls import path

from coqi.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.board_report, name="board-report"),
    path("board-report.pdf", views.board_report_pdf, name="board-report-pdf"),
]
