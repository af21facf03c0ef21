"""Reads for measures. Everything is reached through a project the caller may already see."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.files.writing import write_csv
from coqi.improvement import charts
from coqi.improvement.models import DataPoint, Measure

# The order a QI team reads measures in: is the aim met, are we doing what we planned, is anything worse, and
# how does it feel to the people receiving care.
_KIND_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Measure.Kind.values)),
    output_field=IntegerField(),
)


def measures_of(*, project) -> QuerySet[Measure]:
    """The project's measures in use: archived ones are left out of lists, charts and summaries."""
    return project.measures.filter(archived_at__isnull=True).order_by(_KIND_ORDER, "name", "id")


def archived_measures_of(*, project) -> QuerySet[Measure]:
    return project.measures.filter(archived_at__isnull=False).order_by("-archived_at", "id")


def measure_in(*, project, measure_id) -> Measure:
    measure = project.measures.filter(pk=id_or_404(measure_id)).first()
    if measure is None:
        raise Http404
    return measure


def data_points(*, measure: Measure) -> list[DataPoint]:
    return list(measure.data_points.order_by("group", "period"))


def data_point_in(*, measure: Measure, point_id) -> DataPoint:
    point = measure.data_points.filter(pk=id_or_404(point_id)).first()
    if point is None:
        raise Http404
    return point


def chart_annotations(*, project) -> list[tuple[date, str]]:
    """What to mark on the project's charts: each PDSA cycle where it started, each story where it was told.

    Numbers and stories have equal value, so a story sits on the chart beside the change it may explain.
    """
    marks = [(cycle.started_on, f"PDSA {cycle.number}") for cycle in project.pdsa_cycles.only("started_on", "number")]
    stories = getattr(project, "stories", None)
    if stories is not None:
        marks += [(story.consent_given_on, "Story") for story in stories.only("consent_given_on")]
    return sorted(marks)


@dataclass
class Evidence:
    """The narrative beside a chart: PDSA cycles and stories, in date order."""

    pdsa_cycles: list
    stories: list


def evidence_for(*, project) -> Evidence:
    cycles = list(project.pdsa_cycles.select_related("change_idea").order_by("started_on", "number"))
    stories = getattr(project, "stories", None)
    story_list = list(stories.order_by("-consent_given_on", "-id")[:10]) if stories is not None else []
    return Evidence(pdsa_cycles=cycles, stories=story_list)


def measure_charts(*, measure: Measure, draw: bool = True) -> list[charts.Chart]:
    """The measure's charts (one per group) with PDSA cycles and stories marked."""
    return charts.build_charts(
        measure=measure,
        points=data_points(measure=measure),
        annotations=chart_annotations(project=measure.project),
        draw=draw,
    )


@dataclass
class MeasureSummary:
    measure: Measure
    charts: list[charts.Chart]

    @property
    def point_count(self) -> int:
        return sum(len(chart.rows) for chart in self.charts)


def project_summary(*, project) -> list[MeasureSummary]:
    """Every measure of the project with its MDC icons, from two queries however many measures there are."""
    measures = measures_of(project=project).prefetch_related(
        Prefetch("data_points", queryset=DataPoint.objects.order_by("group", "period"))
    )
    return _summaries(list(measures))


def _summaries(measures: list[Measure]) -> list[MeasureSummary]:
    # One cache get_many (and one set_many when cold) for all of them: no round trip per measure (ADR 0043).
    built = charts.build_many(series=[(m, m.data_points.all(), ()) for m in measures], draw=False)
    return [MeasureSummary(measure=m, charts=found) for m, found in zip(measures, built, strict=True)]


def upload_template(*, measure: Measure) -> str:
    """The columns an upload for this measure needs, with two example rows."""
    columns = ["period", "value"]
    if measure.needs_denominator:
        columns.append("denominator")
    if measure.is_stratified:
        columns.append("group")
    rows = [columns]
    for period, value, denominator in (("2025-04-01", 12, 80), ("2025-05-01", 9, 75)):
        row = {"period": period, "value": value, "denominator": denominator, "group": "Group A"}
        rows.append([row[c] for c in columns])
    out = io.StringIO()
    write_csv(rows, out)  # the one way out for CSV (ADR 0038)
    return out.getvalue()


def organisation_summary(*, organisation, until: date | None = None) -> list[MeasureSummary]:
    """Every measure of the organisation's projects with its MDC icons (data up to `until`), in two queries
    however many projects and measures — for the board report."""
    points = DataPoint.objects.order_by("group", "period")
    if until is not None:
        points = points.filter(period__lte=until)
    measures = (
        Measure.objects.filter(project__organisation=organisation, archived_at__isnull=True)
        .select_related("project")
        .order_by("project__title", "project_id", _KIND_ORDER, "name", "id")
        .prefetch_related(Prefetch("data_points", queryset=points))
    )
    return _summaries(list(measures))
