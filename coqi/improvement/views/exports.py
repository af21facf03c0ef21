"""A measure's chart for a board paper: the picture as SVG or PNG, its data (with limits, signals, phases and
marks) as CSV or Excel. Anyone who may see the measure may download it."""

from __future__ import annotations

import io
import re

from django.http import HttpResponse

from coqi.files.writing import write_csv, write_xlsx
from coqi.improvement.selectors import measures as selectors
from coqi.projects.access import project_access_required


def _file_name(measure, group: str, suffix: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", f"{measure.name} {group}".lower()).strip("-") or f"measure-{measure.pk}"
    return f"{stem[:80]}.{suffix}"


def _download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@project_access_required()
def chart_svg(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    group = request.GET.get("group", "")
    chart = selectors.chart_of(measure=measure, group=group)
    svg = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg
    return _download(svg, "image/svg+xml; charset=utf-8", _file_name(measure, group, "svg"))


@project_access_required()
def chart_png(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    group = request.GET.get("group", "")
    return _download(selectors.chart_png(measure=measure, group=group), "image/png", _file_name(measure, group, "png"))


@project_access_required()
def data_csv(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    group = request.GET.get("group", "")
    out = io.StringIO()
    write_csv(selectors.export_rows(measure=measure, group=group), out)
    return _download(out.getvalue(), "text/csv; charset=utf-8", _file_name(measure, group, "csv"))


@project_access_required()
def data_xlsx(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    group = request.GET.get("group", "")
    out = io.BytesIO()
    write_xlsx(selectors.export_rows(measure=measure, group=group), out, sheet="Chart data")
    return _download(
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _file_name(measure, group, "xlsx"),
    )
