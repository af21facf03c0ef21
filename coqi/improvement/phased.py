"""A measure's SPC figures phase by phase: each phase has its own centre line and limits, a phase may take its
limits from a frozen baseline (its first N points), and excluded periods stay on the chart but out of the
arithmetic.

Each phase is computed by coqi.spc on its own rows, which is what the engine's own `part=` (qicharts2) and
`rebase=` (Making Data Count) do: limits and rules never reach across a phase boundary (a test holds the two
equal). Computing a phase alone is what lets each phase have its own frozen baseline, which neither engine
argument allows. Excluded periods use qicharts2's `exclude=`; Making Data Count has no exclusion, so an excluded
point is left out of the XmR call and drawn hollow at its phase's limits (ADR 0052-phases-as-decisions).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pandas as pd

from coqi.improvement.models import Measure
from coqi.spc import qic, xmr
from coqi.spc.anhoej import longest_run_max
from coqi.spc.mdc import XmrResult

MDC_RUN = 7  # Making Data Count: 7 points on one side of the mean is a shift
XMR_BASELINE_MIN = 12  # NHSRplotthedots refuses a fixed baseline of fewer points

SIGNAL_WORDS = {
    "Common Cause": "",
    "Above UCL": "Above the upper process limit",
    "Below LCL": "Below the lower process limit",
    "7 Point Trend (Increasing)": "Part of 7 points rising",
    "7 Point Trend (Decreasing)": "Part of 7 points falling",
    "2 in 3 Above CL": "2 of 3 points near the upper limit",
    "2 in 3 Below CL": "2 of 3 points near the lower limit",
    "7 Points Above CL": "Part of 7 points above the mean",
    "7 Points Below CL": "Part of 7 points below the mean",
}
POINT_TYPE_WORDS = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "higher",
    "special_cause_neutral_low": "lower",
}


@dataclass(frozen=True)
class PhaseStart:
    starts_on: date
    baseline_points: int | None = None
    decision_id: int | None = None


@dataclass(frozen=True)
class Reading:
    """How the team reads the chart: where phases start, and which periods are left out (period → reason)."""

    phases: tuple[PhaseStart, ...] = ()
    excluded: tuple[tuple[date, str], ...] = ()

    @property
    def excluded_map(self) -> dict[date, str]:
        return dict(self.excluded)


PLAIN = Reading()  # one phase, nothing left out


@dataclass
class TableRow:
    period: date
    value: float | None
    numerator: float | None
    denominator: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    signal: str  # words; empty for common cause
    kind: str  # improvement / concern / neutral / "" (for styling and the test of signals)
    notes: list[str] = field(default_factory=list)
    phase: int = 1
    excluded: str = ""  # the reason it is left out of the limits, or ""


@dataclass
class Phase:
    number: int
    starts_on: date
    ends_on: date
    points: int
    baseline_points: int | None
    decision_id: int | None
    centre: float | None
    lower: float | None
    upper: float | None


@dataclass
class Suggestion:
    """A sustained shift in the current phase: the team may want a new phase from `starts_on`."""

    starts_on: date
    points: int
    side: str  # "above" / "below"
    reason: str


@dataclass
class Computed:
    result: object
    rows: list[TableRow]
    variation: str | None
    assurance: str | None
    centre_name: str
    limits_name: str
    runs_signal: bool = False
    phases: list[Phase] = field(default_factory=list)
    suggestion: Suggestion | None = None


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value) -> bool:
    try:
        return bool(value) and not pd.isna(value)
    except (TypeError, ValueError):
        return False


def segments(frame: pd.DataFrame, reading: Reading) -> list[tuple[pd.DataFrame, PhaseStart]]:
    """The frame cut at each phase start; the first segment is phase 1 (unless a phase starts at or before it)."""
    starts = sorted(reading.phases, key=lambda p: p.starts_on)
    cuts: list[tuple[pd.Timestamp, PhaseStart]] = [(pd.Timestamp.min, PhaseStart(date.min))]
    for start in starts:
        when = pd.Timestamp(start.starts_on)
        if len(frame) and when <= frame["period"].iloc[0]:
            cuts[0] = (pd.Timestamp.min, start)
        else:
            cuts.append((when, start))
    pieces = []
    for i, (when, start) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else pd.Timestamp.max
        piece = frame[(frame["period"] >= when) & (frame["period"] < end)]
        if len(piece):
            pieces.append((piece.reset_index(drop=True), start))
    return pieces


def _xmr_phase(measure: Measure, piece: pd.DataFrame, start: PhaseStart, excluded: dict, number: int):
    left_out = piece["period"].dt.date.isin(excluded)
    kept = piece[~left_out].assign(value=lambda f: f["value"] * measure.multiply)
    baseline = start.baseline_points
    fix = baseline if baseline and XMR_BASELINE_MIN <= baseline < len(kept) else None
    if not len(kept):  # every period of the phase is left out: one point, which has no limits, stands for it
        left_out = pd.Series([False] + [True] * (len(piece) - 1))
        kept = piece.head(1).assign(value=lambda f: f["value"] * measure.multiply)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = xmr(
            kept,
            value="value",
            date="period",
            improvement_direction=measure.improvement_direction,
            target=measure.target,
            fix_after_n_points=fix,
        )
    points = result.points.assign(rebase_group=number - 1, include=True)
    if left_out.any():
        limits = points.iloc[0]
        extra = pd.DataFrame(
            {
                "x": piece.loc[left_out, "period"].to_numpy(),
                "y": (piece.loc[left_out, "value"] * measure.multiply).to_numpy(dtype=float),
                "f": points["f"].iloc[0],
                "mean_col": limits["mean_col"],
                "lpl": limits["lpl"],
                "upl": limits["upl"],
                "special_cause_type": "Common Cause",
                "point_type": "common_cause",
                "rebase_group": number - 1,
                "target": measure.target,
                "include": False,
            }
        )
        points = pd.concat([points.astype({"point_type": str, "special_cause_type": str}), extra], ignore_index=True)
        points = points.sort_values("x", ignore_index=True)
    rows = []
    for record in points.to_dict("records"):
        kind = str(record["point_type"])
        signal = SIGNAL_WORDS.get(str(record["special_cause_type"]), "")
        if signal and kind in POINT_TYPE_WORDS:
            signal = f"{signal} ({POINT_TYPE_WORDS[kind]})"
        period = pd.Timestamp(record["x"]).date()
        rows.append(
            TableRow(
                period=period,
                value=_float(record["y"]),
                numerator=None,
                denominator=None,
                centre=_float(record["mean_col"]),
                lower=_float(record["lpl"]),
                upper=_float(record["upl"]),
                signal=signal,
                kind="neutral" if kind.startswith("special_cause_neutral") else POINT_TYPE_WORDS.get(kind, ""),
                phase=number,
                excluded=excluded.get(period, ""),
            )
        )
    icons = result.icons
    variation = icons.loc[icons["type"] == "variation", "icon"]
    assurance = icons.loc[icons["type"] == "assurance", "icon"]
    return SimpleNamespace(
        points=points,
        result=result,
        rows=rows,
        variation=variation.iloc[-1] if len(variation) else None,
        assurance=assurance.iloc[-1] if len(assurance) else None,
        runs_signal=False,
        run_threshold=MDC_RUN,
        on_line_breaks=True,
    )


def _qic_phase(measure: Measure, piece: pd.DataFrame, start: PhaseStart, excluded: dict, number: int):
    has_n = measure.needs_denominator or (len(piece) and piece["denominator"].notna().all())
    positions = [i + 1 for i, when in enumerate(piece["period"].dt.date) if when in excluded]
    baseline = start.baseline_points
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = qic(
            piece,
            x="period",
            y="value",
            n="denominator" if has_n else None,
            chart=measure.chart_type,
            multiply=measure.multiply,
            target=measure.target,
            freeze=baseline if baseline and 2 <= baseline < len(piece) else None,
            exclude=positions,
        )
    points = result.points.assign(part=number)
    if positions and "include" in points and "sigma.signal" in points:  # drawn hollow and grey, as in the table
        points.loc[~points["include"].fillna(True).astype(bool), "sigma.signal"] = False
    direction = measure.improvement_direction
    runs_signal = bool(points["runs.signal"].fillna(False).astype(bool).any()) if "runs.signal" in points else False
    rows = []
    for record in points.to_dict("records"):
        y, cl = _float(record.get("y")), _float(record.get("cl"))
        signal, kind = "", ""
        period = pd.Timestamp(record["x"]).date()
        # qicharts2 still flags a left-out point beyond the limits; the team has said why it is odd, so it is not
        # counted as a signal here
        if _flag(record.get("sigma.signal")) and period not in excluded:
            higher = y is not None and cl is not None and y > cl
            if direction == "neutral":
                kind, words = "neutral", "higher" if higher else "lower"
            else:
                kind = "improvement" if (direction == "increase") == higher else "concern"
                words = kind
            signal = f"Outside the control limits ({words})"
        rows.append(
            TableRow(
                period=period,
                value=y,
                numerator=_float(record.get("y.sum")) if has_n else None,
                denominator=_float(record.get("n")) if has_n else None,
                centre=cl,
                lower=_float(record.get("lcl")),
                upper=_float(record.get("ucl")),
                signal=signal,
                kind=kind,
                phase=number,
                excluded=excluded.get(period, ""),
            )
        )
    useful = sum(1 for r in rows if not r.excluded and r.value is not None and r.value != r.centre)
    return SimpleNamespace(
        points=points,
        result=result,
        rows=rows,
        variation=qic_variation_icon(rows, runs_signal, direction),
        assurance=qic_assurance_icon(rows[-1] if rows else None, measure.target, direction),
        runs_signal=runs_signal,
        run_threshold=max(MDC_RUN, longest_run_max(useful) + 1) if useful else MDC_RUN,
        on_line_breaks=False,
    )


def qic_variation_icon(rows: list[TableRow], runs_signal: bool, direction: str) -> str | None:
    """MDC's variation icon for a qicharts2 chart: the last point, when it is outside the limits or the runs
    analysis has signalled, on the better or worse side of the centre line."""
    if not rows:
        return None
    last = rows[-1]
    if last.value is None or last.centre is None:
        return "common_cause"
    higher = last.value > last.centre
    if not (last.signal or runs_signal) or last.value == last.centre:
        return "common_cause"
    side = "high" if higher else "low"
    if direction == "neutral":
        return f"neutral_{side}"
    better = (direction == "increase") == higher
    return f"{'improvement' if better else 'concern'}_{side}"


def qic_assurance_icon(last: TableRow | None, target: float | None, direction: str) -> str | None:
    """Making Data Count's assurance rule on the last point's control limits."""
    if last is None or target is None or direction == "neutral" or last.lower is None or last.upper is None:
        return None
    if direction == "increase":
        return "pass" if target <= last.lower else "fail" if target > last.upper else "inconsistent"
    return "pass" if target >= last.upper else "fail" if target < last.lower else "inconsistent"


def _suggestion(phase_rows: list[TableRow], on_line_breaks: bool, threshold: int) -> Suggestion | None:
    """The latest run of `threshold`+ points on one side of the centre line that started after the phase began
    (a point on the line neither breaks nor adds to a qicharts2 run; it breaks a Making Data Count one)."""
    best = None
    run_start, run_side, length = None, 0, 0
    for i, row in enumerate(phase_rows):
        if row.excluded or row.value is None or row.centre is None:
            continue
        side = (row.value > row.centre) - (row.value < row.centre)
        if side == 0 and not on_line_breaks:
            continue
        if side != 0 and side == run_side:
            length += 1
        else:
            run_start, run_side, length = i, side, 1 if side else 0
        if length >= threshold and run_start:
            best = (run_start, run_side, length)
    if best is None:
        return None
    first, side, length = best
    words = "above" if side > 0 else "below"
    return Suggestion(
        starts_on=phase_rows[first].period,
        points=length,
        side=words,
        reason=f"{length} points in a row from {phase_rows[first].period:%B %Y} are {words} the centre line "
        f"(a run of {threshold} or more is a sustained shift, not chance).",
    )


def compute(measure: Measure, frame: pd.DataFrame, reading: Reading = PLAIN) -> Computed:
    """The figures of one series (one group's points, sorted by period) read in phases."""
    excluded = reading.excluded_map
    is_xmr = measure.chart_type == Measure.ChartType.XMR
    one = _xmr_phase if is_xmr else _qic_phase
    pieces = segments(frame, reading)
    done = [one(measure, piece, start, excluded, i + 1) for i, (piece, start) in enumerate(pieces)]
    rows = [row for phase in done for row in phase.rows]
    phases = []
    starts = [start for _, start in pieces]
    for i, (phase, start) in enumerate(zip(done, starts, strict=True)):
        kept = [r for r in phase.rows if not r.excluded] or phase.rows
        last = kept[-1]
        phases.append(
            Phase(
                number=i + 1,
                starts_on=phase.rows[0].period,
                ends_on=phase.rows[-1].period,
                points=len(phase.rows),
                baseline_points=start.baseline_points,
                decision_id=start.decision_id,
                centre=last.centre,
                lower=last.lower,
                upper=last.upper,
            )
        )
    if not done:
        result = None
    elif is_xmr:
        first = done[-1].result
        result = XmrResult(
            points=pd.concat([d.points for d in done], ignore_index=True),
            summary=first.summary,
            icons=first.icons,
            options=first.options,
        )
    else:
        result = SimpleNamespace(
            points=pd.concat([d.points for d in done], ignore_index=True), chart=measure.chart_type
        )
    last = done[-1] if done else None
    run_chart = measure.chart_type == Measure.ChartType.RUN
    return Computed(
        result=result,
        rows=rows,
        variation=last.variation if last else None,
        assurance=last.assurance if last else None,
        centre_name="mean" if is_xmr else "median" if run_chart else "centre line",
        limits_name="process limits" if is_xmr else "limits" if run_chart else "control limits",
        runs_signal=bool(last and last.runs_signal),
        phases=phases,
        suggestion=_suggestion(last.rows, last.on_line_breaks, last.run_threshold) if last else None,
    )


__all__ = ["PLAIN", "Computed", "Phase", "PhaseStart", "Reading", "Suggestion", "TableRow", "compute", "segments"]
