"""Measures in the JSON API: list, create, read with chart figures, and bulk upsert of data points."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import (
    Body,
    FieldErrorOut,
    FilledLine,
    FilledText,
    InvalidOut,
    Line,
    Number,
    Whole,
    errors,
)
from coqi.core.concurrency import EditConflict
from coqi.core.tabular import DataRejected, Row
from coqi.improvement.models import Measure
from coqi.improvement.selectors import measures as selectors
from coqi.improvement.services import measures as services
from coqi.projects.api.projects import project_in_request

router = Router(tags=["measures"])


class MeasureIn(Body):
    name: FilledLine = Field(..., max_length=200)
    kind: Measure.Kind
    definition: FilledText
    unit: FilledLine = Field(..., max_length=60)
    improvement_direction: Measure.Direction
    chart_type: Measure.ChartType = Measure.ChartType.XMR
    multiply: Number = Field(1, gt=0, description="For example 100 for a percentage")
    target: Number | None = None
    population_group: Line = ""


class MeasureOut(Schema):
    id: int
    project_id: int
    name: str
    kind: str
    definition: str
    unit: str
    improvement_direction: str
    chart_type: str
    multiply: float
    target: float | None
    population_group: str
    version: int


class PointIn(Body):
    period: date = Field(..., description="First day of the period, YYYY-MM-DD")
    value: Number
    denominator: Number | None = Field(None, gt=0, description="Needed for P and U charts")
    group: Line = Field("", description="Population group, for a measure split by group")


class DataIn(Body):
    points: list[PointIn] = Field(..., min_length=1, max_length=20_000)


class ChartRowOut(Schema):
    period: date
    value: float | None
    denominator: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    signal: str
    marked: list[str]
    phase: int = Field(1, description="1, 2, …: each phase has its own centre line and limits")
    left_out: str = Field("", description="Why the period is left out of the limits, or empty")


class ChartOut(Schema):
    group: str
    variation: str | None = Field(None, description="Making Data Count variation icon, e.g. improvement_low")
    assurance: str | None = Field(None, description="Making Data Count assurance icon: pass, fail or inconsistent")
    summary: str
    rows: list[ChartRowOut]


class MeasureDetailOut(MeasureOut):
    charts: list[ChartOut]


class DataResultOut(Schema):
    added: int
    replaced: int
    data_version: int


class RowErrorOut(FieldErrorOut):
    row: int | None = Field(None, description="1-based position in `points`")


class RejectedOut(InvalidOut):
    """The one 422 shape (InvalidOut), each problem also naming its row."""

    errors: list[RowErrorOut]


def _project(request, slug: str, project_id: int, *, edit: bool = False):
    return project_in_request(request, slug, project_id, edit=edit)[1]


def _measure_out(measure: Measure) -> dict:
    return {name: getattr(measure, name) for name in MeasureOut.model_fields if name not in ("id", "project_id")} | {
        "id": measure.pk,
        "project_id": measure.project_id,
    }


def _field_errors(error: ValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [{"row": None, "field": f, "message": " ".join(m)} for f, m in error.message_dict.items()]
    return [{"row": None, "field": None, "message": m} for m in error.messages]


@router.get(
    "/{slug}/projects/{project_id}/measures",
    response={200: list[MeasureOut], **errors(401, 404, 422)},
    summary="A project's measures",
)
@api_rule(see="projects.view")
def list_measures(request, slug: str, project_id: int):
    project = _project(request, slug, project_id)
    return [_measure_out(m) for m in selectors.measures_of(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/measures",
    response={201: MeasureOut, 422: RejectedOut, **errors(400, 401, 403, 404)},
    summary="Add a measure to a project",
)
@api_rule(do="projects.change")
def create_measure(request, slug: str, project_id: int, payload: MeasureIn):
    project = _project(request, slug, project_id, edit=True)
    try:
        measure = services.create_measure(actor=request.auth, project=project, **payload.dict())
    except ValidationError as error:
        return Status(422, {"detail": "Invalid measure", "errors": _field_errors(error)})
    return Status(201, _measure_out(measure))


class MeasureUpdateIn(Body):
    version: Whole = Field(..., description="The version you last read; a newer one on the server gives 409")
    name: FilledLine = Field(None, max_length=200)
    kind: Measure.Kind = None
    definition: FilledText = None
    unit: FilledLine = Field(None, max_length=60)
    improvement_direction: Measure.Direction = None
    chart_type: Measure.ChartType = None
    multiply: Number = Field(None, gt=0)
    target: Number | None = None
    population_group: Line = None


@router.patch(
    "/{slug}/projects/{project_id}/measures/{measure_id}",
    response={200: MeasureOut, 422: RejectedOut, **errors(400, 401, 403, 404, 409)},
    summary="Change a measure (only the fields sent change; send the version you read)",
)
@api_rule(do="projects.change")
def update_measure(request, slug: str, project_id: int, measure_id: int, payload: MeasureUpdateIn):
    project = _project(request, slug, project_id, edit=True)
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    try:
        services.update_measure(actor=request.auth, measure=measure, expected_version=version, **fields)
    except EditConflict as conflict:
        return Status(409, {"detail": conflict.messages[0]})
    except ValidationError as error:
        return Status(422, {"detail": "Invalid measure", "errors": _field_errors(error)})
    return _measure_out(selectors.measure_in(project=project, measure_id=measure_id))


@router.get(
    "/{slug}/projects/{project_id}/measures/{measure_id}",
    response={200: MeasureDetailOut, **errors(401, 404, 422)},
    summary="One measure with its SPC figures per group (centre line, limits, signals, MDC icons)",
)
@api_rule(see="projects.view")
def get_measure(request, slug: str, project_id: int, measure_id: int):
    project = _project(request, slug, project_id)
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    charts = selectors.measure_charts(measure=measure, draw=False)
    return _measure_out(measure) | {
        "charts": [
            {
                "group": chart.group,
                "variation": chart.variation.name if chart.variation else None,
                "assurance": chart.assurance.name if chart.assurance else None,
                "summary": chart.words,
                "rows": [
                    {
                        "period": r.period,
                        "value": r.value,
                        "denominator": r.denominator,
                        "centre": r.centre,
                        "lower": r.lower,
                        "upper": r.upper,
                        "signal": r.signal,
                        "marked": r.notes,
                        "phase": r.phase,
                        "left_out": r.excluded,
                    }
                    for r in chart.rows
                ],
            }
            for chart in charts
        ]
    }


@router.put(
    "/{slug}/projects/{project_id}/measures/{measure_id}/data",
    response={200: DataResultOut, 422: RejectedOut, **errors(400, 401, 403, 404)},
    summary="Add or replace data points in bulk (all saved, or none if any point has a problem)",
    description=(
        "Points for periods (and groups) already saved replace them; new ones are added. Every point is checked "
        "first: duplicate periods, a missing or non-positive denominator where the chart type needs one, a group "
        "on a measure not split by group (or none on one that is). Any problem rejects the whole list with 422, "
        "naming each `row` (1-based position in `points`) and `field`."
    ),
)
@api_rule(do="projects.change")
def upsert_data(request, slug: str, project_id: int, measure_id: int, payload: DataIn):
    project = _project(request, slug, project_id, edit=True)
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    rows = [Row(i, point.dict()) for i, point in enumerate(payload.points, start=1)]
    try:
        added, replaced = services.import_data(
            actor=request.auth, measure=measure, rows=rows, header=None, source="API"
        )
    except DataRejected as rejected:
        return Status(
            422,
            {
                "detail": "No data was saved: fix these points and send the list again.",
                "errors": [{"row": p.row, "field": p.column, "message": p.message} for p in rejected.problems],
            },
        )
    measure.refresh_from_db(fields=["data_version"])
    return {"added": added, "replaced": replaced, "data_version": measure.data_version}
