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
from coqi.improvement.phased import PhaseStart, Reading

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


def reading_of(*, measure: Measure) -> Reading:
    """How the team reads the chart: its phases and the periods it leaves out (from the prefetch when there is one)."""
    return Reading(
        phases=tuple(
            PhaseStart(starts_on=p.starts_on, baseline_points=p.baseline_points, decision_id=p.decision_id)
            for p in sorted(measure.phases.all(), key=lambda p: p.starts_on)
        ),
        excluded=tuple(sorted((e.period, e.reason) for e in measure.excluded_periods.all())),
    )


def phases_of(*, measure: Measure) -> list:
    return list(measure.phases.select_related("decision").order_by("starts_on"))


def phase_in(*, measure: Measure, phase_id):
    phase = measure.phases.filter(pk=id_or_404(phase_id)).first()
    if phase is None:
        raise Http404
    return phase


def notes_of(*, measure: Measure) -> list:
    return list(measure.notes.order_by("period", "id"))


def note_in(*, measure: Measure, note_id):
    note = measure.notes.filter(pk=id_or_404(note_id)).first()
    if note is None:
        raise Http404
    return note


def exclusions_of(*, measure: Measure) -> list:
    return list(measure.excluded_periods.order_by("period"))


def exclusion_in(*, measure: Measure, exclusion_id):
    exclusion = measure.excluded_periods.filter(pk=id_or_404(exclusion_id)).first()
    if exclusion is None:
        raise Http404
    return exclusion


def periods_of(*, measure: Measure) -> list[date]:
    return sorted(set(measure.data_points.values_list("period", flat=True)))


def measure_charts(*, measure: Measure, draw: bool = True) -> list[charts.Chart]:
    """The measure's charts (one per group), read in the team's phases, with PDSA cycles, stories and the team's
    notes marked."""
    notes = [(note.period, note.text) for note in measure.notes.all()]
    return charts.build_charts(
        measure=measure,
        points=data_points(measure=measure),
        annotations=sorted(chart_annotations(project=measure.project) + notes),
        reading=reading_of(measure=measure),
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
        Prefetch("data_points", queryset=DataPoint.objects.order_by("group", "period")), "phases", "excluded_periods"
    )
    return _summaries(list(measures))


def _summaries(measures: list[Measure]) -> list[MeasureSummary]:
    # One cache get_many (and one set_many when cold) for all of them: no round trip per measure (ADR 0043).
    built = charts.build_many(
        series=[(m, m.data_points.all(), (), reading_of(measure=m)) for m in measures], draw=False
    )
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
        .prefetch_related(Prefetch("data_points", queryset=points), "phases", "excluded_periods")
    )
    return _summaries(list(measures))


def chart_of(*, measure: Measure, group: str = "", draw: bool = True) -> charts.Chart:
    """One group's chart of the measure (or its one chart); Http404 for a group it does not have."""
    for chart in measure_charts(measure=measure, draw=draw):
        if chart.group == group:
            return chart
    raise Http404


def chart_png(*, measure: Measure, group: str = "") -> bytes:
    chart_of(measure=measure, group=group, draw=False)  # Http404 for an unknown group
    notes = [(note.period, note.text) for note in measure.notes.all()]
    return charts.chart_png(
        measure=measure,
        points=data_points(measure=measure),
        annotations=sorted(chart_annotations(project=measure.project) + notes),
        reading=reading_of(measure=measure),
        group=group,
    )


EXPORT_HEADER = [
    "Period",
    "Phase",
    "Value",
    "Numerator",
    "Denominator",
    "Centre line",
    "Lower limit",
    "Upper limit",
    "Signal",
    "Left out of the limits because",
    "Marked on the chart",
    "Phase started by the decision",
]


def export_rows(*, measure: Measure, group: str = "") -> list[list]:
    """The chart's data table for a spreadsheet: values, limits, signals, phases and marks, one row a period."""
    chart = chart_of(measure=measure, group=group, draw=False)
    decisions = {phase.number: phase.decision_id for phase in chart.phases}
    questions = dict(
        measure.project.decisions.filter(pk__in=[d for d in decisions.values() if d]).values_list("pk", "question")
    )
    rows = [EXPORT_HEADER]
    for row in chart.rows:
        rows.append(
            [
                row.period,
                row.phase,
                row.value,
                row.numerator,
                row.denominator,
                row.centre,
                row.lower,
                row.upper,
                row.signal or "",
                row.excluded,
                "; ".join(row.notes),
                questions.get(decisions.get(row.phase), ""),
            ]
        )
    return rows
