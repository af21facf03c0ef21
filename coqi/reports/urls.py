"""Pages gathered from several areas, included from coqi/config/urls.py at /o/<slug:org_slug>/: the board report
and a person's "My involvement"."""

from django.urls import path

from coqi.reports.views import board_report, involvement

app_name = "reports"

urlpatterns = [
    path("board-report/", board_report.board_report, name="board-report"),
    path("board-report/board-report.pdf", board_report.board_report_pdf, name="board-report-pdf"),
    path("involvement/", involvement.my_involvement, name="involvement"),
]
