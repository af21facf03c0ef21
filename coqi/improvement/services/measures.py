"""Writes for measures and their data: keyword-only, one transaction and one audit event each.

Data arrives by form, file upload or API; all three go through `coqi.improvement.measure_data.check_rows`, so the same
rules and messages apply, and a batch with any problem is rejected whole before anything is written.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import save_versioned
from coqi.core.tabular import DataRejected, Row
from coqi.improvement import measure_data
from coqi.improvement.measure_data import CleanPoint
from coqi.improvement.models import DataPoint, Measure
from coqi.improvement.services.phases import PHASE_ACTIONS

MEASURE_FIELDS = (
    "name",
    "kind",
    "definition",
    "unit",
    "improvement_direction",
    "chart_type",
    "multiply",
    "target",
    "population_group",
)


def _clean_measure_fields(fields: dict) -> dict:
    errors = {}
    for name, label, limit in (("name", "a name", 200), ("definition", "a definition", 5000), ("unit", "a unit", 60)):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
            if not fields[name]:
                errors[name] = f"Enter {label}"
            elif len(fields[name]) > limit:
                errors[name] = f"Keep {label[2:] if label.startswith('a ') else label} to {limit} characters or fewer"
    choices = {
        "kind": (Measure.Kind, "Choose the kind of measure"),
        "improvement_direction": (Measure.Direction, "Choose which direction is better"),
        "chart_type": (Measure.ChartType, "Choose a chart type"),
    }
    for name, (choice, message) in choices.items():
        if name in fields and fields[name] not in choice.values:
            errors[name] = message
    if "population_group" in fields:
        fields["population_group"] = (fields["population_group"] or "").strip()[:100]
    if "multiply" in fields:
        if fields["multiply"] in (None, ""):
            fields["multiply"] = 1
        try:
            fields["multiply"] = float(fields["multiply"])
            if fields["multiply"] <= 0:
                raise ValueError
        except (TypeError, ValueError):
            errors["multiply"] = "The multiplier must be a number more than 0, like 100 for a percentage"
    if "target" in fields and fields["target"] not in (None, ""):
        try:
            fields["target"] = float(fields["target"])
        except (TypeError, ValueError):
            errors["target"] = "The target must be a number"
    elif "target" in fields:
        fields["target"] = None
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def create_measure(
    *,
    actor,
    project,
    name: str,
    kind: str,
    definition: str,
    unit: str,
    improvement_direction: str,
    chart_type: str = Measure.ChartType.XMR,
    multiply: float = 1,
    target: float | None = None,
    population_group: str = "",
) -> Measure:
    fields = _clean_measure_fields(
        {
            "name": name,
            "kind": kind,
            "definition": definition,
            "unit": unit,
            "improvement_direction": improvement_direction,
            "chart_type": chart_type,
            "multiply": multiply,
            "target": target,
            "population_group": population_group,
        }
    )
    measure = Measure.objects.create(project=project, **fields)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="measure.created",
        target=measure,
        changes={name: value for name, value in fields.items() if value not in ("", None)},
    )
    return measure


@transaction.atomic
def update_measure(*, actor, measure: Measure, expected_version, **fields) -> Measure:
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {', '.join(sorted(unknown))}")
    fields = _clean_measure_fields(dict(fields))
    points = measure.data_points
    new_chart = fields.get("chart_type", measure.chart_type)
    if new_chart in Measure.DENOMINATOR_CHARTS and points.filter(denominator__isnull=True).exists():
        raise ValidationError(
            {
                "chart_type": "Some of this measure's data has no denominator, which this chart type needs. "
                "Upload the denominators first, or choose another chart type."
            }
        )
    if "population_group" in fields:
        split = points.exclude(group="").exists()
        whole = points.filter(group="").exists()
        if fields["population_group"] and whole:
            raise ValidationError(
                {
                    "population_group": "This measure already has data for the whole population. "
                    "Remove it before splitting the measure by group."
                }
            )
        if not fields["population_group"] and split:
            raise ValidationError(
                {"population_group": "This measure has data by group, so it needs the name of the population group."}
            )
    changes = {}
    for name, value in fields.items():
        before = getattr(measure, name)
        if before != value:
            changes[name] = [before, value]
        setattr(measure, name, value)
    save_versioned(measure, expected_version=expected_version, fields=list(fields), what="measure")
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.changed",
        target=measure,
        changes=changes,
    )
    return measure


def _check(measure: Measure, rows: list[Row], header: list[str] | None, header_row: int = 1) -> list[CleanPoint]:
    return measure_data.check_rows(
        rows,
        header=header,
        header_row=header_row,
        needs_denominator=measure.needs_denominator,
        proportion=measure.chart_type == Measure.ChartType.P,
        stratified=measure.is_stratified,
        group_label=measure.population_group,
    )


def _upsert(measure: Measure, points: list[CleanPoint]) -> tuple[int, int]:
    """Insert new periods and overwrite existing ones; returns (added, replaced)."""
    # Lock the measure so two writes to its data at once are applied one after the other, not interleaved
    # (two inserts of the same period would otherwise collide on the unique constraint).
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    existing = {(p.group, p.period): p for p in measure.data_points.all()}
    to_create, to_update = [], []
    for point in points:
        current = existing.get((point.group, point.period))
        if current is None:
            to_create.append(
                DataPoint(
                    measure=measure,
                    period=point.period,
                    group=point.group,
                    value=point.value,
                    denominator=point.denominator,
                )
            )
        elif current.value != point.value or current.denominator != point.denominator:
            current.value, current.denominator = point.value, point.denominator
            to_update.append(current)
    DataPoint.objects.bulk_create(to_create, batch_size=1000)
    DataPoint.objects.bulk_update(to_update, ["value", "denominator"], batch_size=1000)
    # Every change to the data moves data_version on, which retires cached charts of the old data.
    Measure.objects.filter(pk=measure.pk).update(data_version=F("data_version") + 1)
    measure.refresh_from_db(fields=["data_version"])
    return len(to_create), len(to_update)


@transaction.atomic
def record_data_point(
    *, actor, measure: Measure, period: date, value: float, denominator: float | None = None, group: str = ""
) -> DataPoint:
    """One period entered by form: checked by the same rules as an upload, and replacing that period if present."""
    cells = {"period": period, "value": value, "denominator": denominator, "group": group}
    try:
        (point,) = _check(measure, [Row(0, cells)], header=None)
    except DataRejected as rejected:
        raise ValidationError(
            {p.column or "__all__": p.message[:1].upper() + p.message[1:] for p in rejected.problems}
        ) from None
    added, _ = _upsert(measure, [point])
    saved = measure.data_points.get(group=point.group, period=point.period)
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.data_entered",
        target=measure,
        changes={
            "period": point.period,
            "value": point.value,
            "denominator": point.denominator,
            "group": point.group,
            "new": bool(added),
        },
    )
    return saved


@transaction.atomic
def import_data(
    *, actor, measure: Measure, rows: list[Row], header: list[str] | None, source: str, header_row: int = 1
) -> tuple[int, int]:
    """Save a whole batch (an uploaded file or an API list) or, if any row has a problem, none of it.

    Raises DataRejected listing every problem by row and column. Returns (added, replaced).
    """
    points = _check(measure, rows, header, header_row)
    added, replaced = _upsert(measure, points)
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.data_uploaded",
        target=measure,
        changes={
            "source": source,
            "rows": len(points),
            "added": added,
            "replaced": replaced,
            "from": min(p.period for p in points),
            "to": max(p.period for p in points),
        },
    )
    return added, replaced


def import_upload(*, actor, measure: Measure, file_name: str, content: bytes) -> tuple[int, int]:
    """Read an uploaded CSV or Excel file and import it whole (see import_data)."""
    table = measure_data.read_upload(name=file_name, content=content)
    return import_data(
        actor=actor,
        measure=measure,
        rows=table.rows,
        header=table.header,
        header_row=table.header_row,
        source=f"file {file_name}",
    )


@transaction.atomic
def remove_data_point(*, actor, point: DataPoint) -> None:
    measure = point.measure
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.data_removed",
        target=measure,
        changes={"period": point.period, "value": point.value, "group": point.group},
    )
    point.delete()
    Measure.objects.filter(pk=measure.pk).update(data_version=F("data_version") + 1)


__all__ = [
    "create_measure",
    "import_data",
    "import_upload",
    "record_data_point",
    "remove_data_point",
    "update_measure",
]


AUDIT_LABELS = {
    "measure.created": "Measure added",
    "measure.changed": "Measure changed",
    "measure.data_entered": "Measure data entered",
    "measure.data_uploaded": "Measure data uploaded",
    "measure.data_removed": "Measure data point removed",
    "measure.archived": "Measure archived",
    "measure.restored": "Measure brought back from the archive",
    **PHASE_ACTIONS,
}


@transaction.atomic
def set_archived(*, actor, measure: Measure, archived: bool, expected_version) -> Measure:
    """Archive a measure (hidden from charts, the summary and the board report; data kept) or bring it back."""
    if archived == measure.is_archived:
        raise ValidationError(f"“{measure.name}” is {'already' if archived else 'not'} archived.")
    measure.archived_at = timezone.now() if archived else None
    save_versioned(measure, expected_version=expected_version, fields=["archived_at"], what="measure")
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.archived" if archived else "measure.restored",
        target=measure,
    )
    return measure
