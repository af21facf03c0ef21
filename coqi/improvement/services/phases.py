"""Writes for how a measure's chart is read: phases (each one a team decision in the project's decision log),
periods left out of the limits, and notes on periods. Keyword-only, one transaction and one audit event each;
bad input is a `ValidationError` naming the field, and nothing is half-saved.

Making Data Count: limits are never redrawn without understanding why. So a phase cannot be started without a
reason, and the reason, who was in the room and the evidence go into the decision log (ADR
0052-phases-as-decisions).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from coqi.core import audit
from coqi.improvement.models import ExcludedPeriod, Measure, MeasureNote, MeasurePhase
from coqi.improvement.phased import XMR_BASELINE_MIN
from coqi.projects.models import ProjectMember
from coqi.projects.services.decisions import log_decision

# Shown through measures.AUDIT_LABELS, the improvement area's entry in coqi.config.extensions.
PHASE_ACTIONS = {
    "measure.phase_started": "New phase of a measure's chart",
    "measure.phase_removed": "Phase of a measure's chart removed",
    "measure.period_excluded": "Period left out of a measure's limits",
    "measure.period_included": "Period put back into a measure's limits",
    "measure.note_added": "Note added to a measure's chart",
    "measure.note_removed": "Note removed from a measure's chart",
}


def _retire_cached_charts(measure: Measure) -> None:
    Measure.objects.filter(pk=measure.pk).update(data_version=F("data_version") + 1)
    measure.refresh_from_db(fields=["data_version"])


def _period_with_data(measure: Measure, period, field: str) -> date:
    if not isinstance(period, date):
        raise ValidationError({field: "Choose a period"})
    if not measure.data_points.filter(period=period).exists():
        raise ValidationError({field: "Choose a period that has data on this chart"})
    return period


def _month(period: date) -> str:
    return f"{period:%B %Y}"


@transaction.atomic
def start_phase(
    *,
    actor,
    measure: Measure,
    starts_on: date,
    baseline_points: int | None,
    reason: str,
    evidence: str,
    method: str,
    rung: str,
    decided_on: date,
    present: Iterable[ProjectMember] = (),
    others_present: str = "",
    dissents: Iterable[tuple[str, str]] = (),
) -> MeasurePhase:
    """A new phase from `starts_on` (own centre line and limits), logged as the team's decision.

    `baseline_points`: the phase's limits come from its first N points and stay frozen there.
    """
    errors = {}
    try:
        _period_with_data(measure, starts_on, "starts_on")
    except ValidationError as error:
        errors.update(error.message_dict)
    if not errors and measure.phases.filter(starts_on=starts_on).exists():
        errors["starts_on"] = f"A phase already starts in {_month(starts_on)}: choose another period"
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Say why the limits should be redrawn, for example the change that was adopted"
    if baseline_points is not None:
        least = XMR_BASELINE_MIN if measure.chart_type == Measure.ChartType.XMR else 2
        if baseline_points < least:
            errors["baseline_points"] = f"A baseline needs at least {least} points for this chart"
        elif not errors.get("starts_on"):
            later = measure.data_points.filter(period__gte=starts_on).values("period").distinct().count()
            if baseline_points > later:
                errors["baseline_points"] = (
                    f"There are only {later} periods from {_month(starts_on)}: choose {later} or fewer"
                )
    if errors:
        raise ValidationError(errors)
    month = _month(starts_on)
    frozen = f", limits frozen on its first {baseline_points} points" if baseline_points else ""
    evidence = (evidence or "").strip()
    decision = log_decision(
        actor=actor,
        project=measure.project,
        question=f"Start a new phase of “{measure.name}” from {month}?"[:300],
        options=f"Start a new phase from {month}, with its own limits\nKeep the limits as they are",
        method=method,
        rung=rung,
        decided_on=decided_on,
        present=present,
        others_present=others_present,
        outcome=f"New phase from {month}{frozen}.\nWhy: {reason}" + (f"\nEvidence: {evidence}" if evidence else ""),
        dissents=dissents,
    )
    phase = MeasurePhase.objects.create(
        measure=measure, starts_on=starts_on, baseline_points=baseline_points, decision=decision
    )
    _retire_cached_charts(measure)
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.phase_started",
        target=measure,
        changes={"starts_on": starts_on, "baseline_points": baseline_points, "decision": decision.pk},
    )
    return phase


@transaction.atomic
def remove_phase(*, actor, phase: MeasurePhase) -> None:
    """The phase goes; its decision stays in the log, since the team did decide it at the time."""
    measure = phase.measure
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.phase_removed",
        target=measure,
        changes={"starts_on": phase.starts_on, "decision": phase.decision_id},
    )
    phase.delete()
    _retire_cached_charts(measure)


@transaction.atomic
def exclude_period(*, actor, measure: Measure, period: date, reason: str) -> ExcludedPeriod:
    """Leave a period out of the centre line, limits and rules (it stays on the chart, hollow), with the reason."""
    _period_with_data(measure, period, "period")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this period is left out, for example a known data error"})
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason to 300 characters or fewer"})
    if measure.excluded_periods.filter(period=period).exists():
        raise ValidationError({"period": f"{_month(period)} is already left out"})
    exclusion = ExcludedPeriod.objects.create(measure=measure, period=period, reason=reason, created_by=actor)
    _retire_cached_charts(measure)
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.period_excluded",
        target=measure,
        changes={"period": period, "reason": reason},
    )
    return exclusion


@transaction.atomic
def include_period(*, actor, exclusion: ExcludedPeriod) -> None:
    measure = exclusion.measure
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.period_included",
        target=measure,
        changes={"period": exclusion.period},
    )
    exclusion.delete()
    _retire_cached_charts(measure)


@transaction.atomic
def add_note(*, actor, measure: Measure, period: date, text: str) -> MeasureNote:
    """A note on a period, e.g. "new triage nurse started", shown on the chart and in its table."""
    _period_with_data(measure, period, "period")
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": "Enter the note"})
    if len(text) > 120:
        raise ValidationError({"text": "Keep the note to 120 characters or fewer"})
    note = MeasureNote.objects.create(measure=measure, period=period, text=text, created_by=actor)
    _retire_cached_charts(measure)
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.note_added",
        target=measure,
        changes={"period": period, "text": text},
    )
    return note


@transaction.atomic
def remove_note(*, actor, note: MeasureNote) -> None:
    measure = note.measure
    audit.record(
        actor=actor,
        organisation=measure.project.organisation,
        action="measure.note_removed",
        target=measure,
        changes={"period": note.period, "text": note.text},
    )
    note.delete()
    _retire_cached_charts(measure)


__all__ = ["add_note", "exclude_period", "include_period", "remove_note", "remove_phase", "start_phase"]
