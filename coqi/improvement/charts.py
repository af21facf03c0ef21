"""SPC charts of a measure, drawn by coqi.spc, ready for a web page.

A measure's data become one chart per population group (or one chart). Each chart comes with:

* the SPC result's rows as a data table (the accessible alternative to the picture);
* Making Data Count variation and assurance icons, with their meaning in words;
* the SVG, adapted for an HTML page (see `inline_svg`) and cached by measure, data and annotation versions,
  so a page with several charts stays quick and the picture always matches the data.

coqi.spc gives MDC icons for XmR charts. For qicharts2 charts (run, I, P, U, C) this module derives the same
icons from the last point (outside the limits, or inside a runs signal, in the better or worse direction) and
the target against the last limits, so every measure can sit in one MDC summary.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import math
import re
import warnings
from dataclasses import dataclass, field
from datetime import date

import matplotlib
import numpy as np
import pandas as pd
from django.core.cache import cache

from coqi.improvement.models import Measure
from coqi.improvement.svg import inline_svg
from coqi.spc import qic, xmr
from coqi.spc.icons import describe_icon, icon_svg

CACHE_SECONDS = 60 * 60 * 24
SHORT_SERIES = 13  # Making Data Count: fewer points than this give trial limits

_SIGNAL_WORDS = {
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
_POINT_TYPE_WORDS = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "higher",
    "special_cause_neutral_low": "lower",
}


@dataclass
class Icon:
    name: str
    description: str
    svg: str


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


@dataclass
class Chart:
    measure: Measure
    group: str  # "" for a measure that is not split by group
    rows: list[TableRow]
    variation: Icon | None
    assurance: Icon | None
    centre_name: str
    limits_name: str
    words: str = ""  # one-sentence summary of the latest position
    trial_limits: bool = False
    runs_signal: bool = False  # qicharts2 run/crossing rule fired somewhere in the series
    svg: str = ""
    annotations: list[tuple[date, str]] = field(default_factory=list)

    @property
    def signal_count(self) -> int:
        return sum(1 for row in self.rows if row.signal)

    @property
    def title(self) -> str:
        return f"{self.measure.name}{' – ' + self.group if self.group else ''}"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"m{self.measure.pk}-{self.group}".lower()).strip("-")


@dataclass
class _Computed:
    result: object
    rows: list[TableRow]
    variation: Icon | None
    assurance: Icon | None
    centre_name: str
    limits_name: str
    runs_signal: bool = False


def _icon(name: str | None, prefix: str) -> Icon | None:
    if not name:
        return None
    # The icon's meaning is always printed beside it, so the picture is hidden from screen readers rather than
    # announced twice.
    svg = icon_svg(name, size=48)
    svg = svg.replace(f"coqi-icon-{name}-title", f"{prefix}-icon-{name}-title")
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Icon(name=name, description=describe_icon(name), svg=svg)


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _flag(value) -> bool:
    """A qic flag cell as a plain bool (missing counts as not flagged)."""
    try:
        return bool(value) and not pd.isna(value)
    except (TypeError, ValueError):
        return False


def _frame(points) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.to_datetime([p.period for p in points]),
            "value": [p.value for p in points],
            "denominator": [p.denominator if p.denominator is not None else np.nan for p in points],
        }
    )


def _chart_annotations(periods: list[date], annotations: list[tuple[date, str]]) -> dict[date, list[str]]:
    """Each annotation sits on the period it falls in: the last period starting on or before its date."""
    marks: dict[date, list[str]] = {}
    if not periods:
        return marks
    for when, text in sorted(annotations):
        earlier = [p for p in periods if p <= when]
        if not earlier:
            continue
        if when > periods[-1] and len(periods) > 1:
            # beyond the data by more than one period's length: not on this chart yet
            step = periods[-1] - periods[-2]
            if when - periods[-1] >= step:
                continue
        marks.setdefault(earlier[-1], []).append(text)
    return marks


def _xmr_chart(measure: Measure, frame: pd.DataFrame, prefix: str):
    target = measure.target
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = frame.assign(value=frame["value"] * measure.multiply)
        result = xmr(
            values,
            value="value",
            date="period",
            improvement_direction=measure.improvement_direction,
            target=target,
        )
    points = result.points
    rows = []
    for record in points.itertuples(index=False):
        kind = str(record.point_type)
        signal = _SIGNAL_WORDS.get(str(record.special_cause_type), "")
        if signal and kind in _POINT_TYPE_WORDS:
            signal = f"{signal} ({_POINT_TYPE_WORDS[kind]})"
        rows.append(
            TableRow(
                period=pd.Timestamp(record.x).date(),
                value=_float(record.y),
                numerator=None,
                denominator=None,
                centre=_float(record.mean_col),
                lower=_float(record.lpl),
                upper=_float(record.upl),
                signal=signal,
                kind="neutral" if kind.startswith("special_cause_neutral") else _POINT_TYPE_WORDS.get(kind, ""),
            )
        )
    icons = result.icons
    variation = icons.loc[icons["type"] == "variation", "icon"]
    assurance = icons.loc[icons["type"] == "assurance", "icon"]
    return _Computed(
        result=result,
        rows=rows,
        variation=_icon(variation.iloc[-1] if len(variation) else None, prefix),
        assurance=_icon(assurance.iloc[-1] if len(assurance) else None, prefix),
        centre_name="mean",
        limits_name="process limits",
    )


def _qic_chart(measure: Measure, frame: pd.DataFrame, prefix: str):
    has_n = measure.needs_denominator or (len(frame) and frame["denominator"].notna().all())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = qic(
            frame,
            x="period",
            y="value",
            n="denominator" if has_n else None,
            chart=measure.chart_type,
            multiply=measure.multiply,
            target=measure.target,
        )
    points = result.points
    direction = measure.improvement_direction
    rows = []
    runs_signal = bool(points["runs.signal"].fillna(False).astype(bool).any()) if "runs.signal" in points else False
    for record in points.to_dict("records"):
        y, cl = _float(record.get("y")), _float(record.get("cl"))
        signal, kind = "", ""
        if _flag(record.get("sigma.signal")):
            higher = y is not None and cl is not None and y > cl
            if direction == "neutral":
                kind, words = "neutral", "higher" if higher else "lower"
            else:
                kind = "improvement" if (direction == "increase") == higher else "concern"
                words = kind
            signal = f"Outside the control limits ({words})"
        rows.append(
            TableRow(
                period=pd.Timestamp(record["x"]).date(),
                value=y,
                numerator=_float(record.get("y.sum")) if has_n else None,
                denominator=_float(record.get("n")) if has_n else None,
                centre=cl,
                lower=_float(record.get("lcl")),
                upper=_float(record.get("ucl")),
                signal=signal,
                kind=kind,
            )
        )
    variation = _qic_variation_icon(rows, runs_signal, direction)
    assurance = _qic_assurance_icon(rows[-1] if rows else None, measure.target, direction)
    if measure.chart_type == Measure.ChartType.RUN:
        centre_name, limits_name = "median", "limits"
    else:
        centre_name, limits_name = "centre line", "control limits"
    return _Computed(
        result=result,
        rows=rows,
        variation=_icon(variation, prefix),
        assurance=_icon(assurance, prefix),
        centre_name=centre_name,
        limits_name=limits_name,
        runs_signal=runs_signal,
    )


def _qic_variation_icon(rows: list[TableRow], runs_signal: bool, direction: str) -> str | None:
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


def _qic_assurance_icon(last: TableRow | None, target: float | None, direction: str) -> str | None:
    """Making Data Count's assurance rule on the last point's control limits."""
    if last is None or target is None or direction == "neutral" or last.lower is None or last.upper is None:
        return None
    if direction == "increase":
        return "pass" if target <= last.lower else "fail" if target > last.upper else "inconsistent"
    return "pass" if target >= last.upper else "fail" if target < last.lower else "inconsistent"


def _svg_key(measure: Measure, chart: Chart, marks: dict[date, list[str]]) -> str:
    """A key from everything the picture shows, so a stale picture can never be served for changed data."""
    content = repr(
        (
            measure.pk,
            measure.name,
            measure.unit,
            measure.chart_type,
            measure.improvement_direction,
            measure.target,
            measure.multiply,
            chart.group,
            [(row.period, row.value, row.denominator) for row in chart.rows],
            sorted(marks.items()),
        )
    )
    return f"coqi:measure-chart:v1:{hashlib.sha256(content.encode()).hexdigest()}"


def _draw_all(pairs: list[tuple[_Series, Chart]]) -> None:
    """Each chart's SVG, from one cache `get_many`; the pictures drawn now are stored with one `set_many`."""
    from coqi.spc import to_svg

    keyed = []
    for one, chart in pairs:
        marks = _chart_annotations([row.period for row in chart.rows], one.annotations)
        keyed.append((one, chart, marks, _svg_key(one.measure, chart, marks)))
    found = cache.get_many([key for *_, key in keyed]) if keyed else {}
    drawn = {}
    for one, chart, marks, key in keyed:
        svg = found.get(key) or drawn.get(key)
        if svg is None:
            measure = one.measure
            annotations = [(pd.Timestamp(when), " · ".join(texts)) for when, texts in marks.items()]
            # People's words ("£ per $100 spent") must print as typed, not as matplotlib maths between dollars.
            with matplotlib.rc_context({"text.parse_math": False}):
                raw = to_svg(
                    _compute(measure, one.points, one.prefix).result,
                    title=f"{chart.title}: SPC chart",
                    measure=f"{measure.name} ({measure.unit})",
                    annotations=annotations,
                    improvement=measure.improvement_direction,
                    ylabel=measure.unit,
                )
            svg = drawn[key] = inline_svg(raw, prefix=chart.slug)
        chart.svg = svg
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)


def _compute(measure: Measure, points, prefix: str) -> _Computed:
    compute = _xmr_chart if measure.chart_type == Measure.ChartType.XMR else _qic_chart
    return compute(measure, _frame(points), prefix)


def _series_key(measure: Measure, group: str, points) -> str:
    """A key from everything the figures depend on, so changed data or settings can never be served a stale
    result."""
    content = repr(
        (
            measure.pk,
            measure.chart_type,
            measure.improvement_direction,
            measure.target,
            measure.multiply,
            group,
            [(p.period, p.value, p.denominator) for p in points],
        )
    )
    return f"coqi:measure-series:v2:{hashlib.sha256(content.encode()).hexdigest()}"


@dataclass
class _Series:
    measure: Measure
    group: str
    points: list
    prefix: str
    annotations: list[tuple[date, str]]


def _series_of(measure: Measure, points, annotations) -> list[_Series]:
    by_group: dict[str, list] = {}
    for point in points:
        by_group.setdefault(point.group, []).append(point)
    return [
        _Series(
            measure=measure,
            group=group,
            points=sorted(by_group[group], key=lambda p: p.period),
            prefix=re.sub(r"[^a-z0-9]+", "-", f"m{measure.pk}-{group}".lower()).strip("-"),
            annotations=list(annotations),
        )
        for group in sorted(by_group)
    ]


def build_charts(
    *, measure: Measure, points, annotations: list[tuple[date, str]] = (), draw: bool = True
) -> list[Chart]:
    """One chart per group (or one), with table rows, icons and — when `draw` — the SVG picture."""
    return build_many(series=[(measure, points, annotations)], draw=draw)[0]


def build_many(*, series, draw: bool = True) -> list[list[Chart]]:
    """The charts of many measures at once: `series` holds (measure, points, annotations), the answer one list
    of charts for each, in order.

    The SPC figures (and pictures, when `draw`) come from the cache in one `get_many` for the whole page, and
    whatever was missing is stored with one `set_many`: a page with 90 measures makes two cache round trips,
    not 90 or 180 (ADR 0043).
    """
    per_measure = [_series_of(measure, points, annotations) for measure, points, annotations in series]
    everything = [one for many in per_measure for one in many]
    keys = [_series_key(one.measure, one.group, one.points) for one in everything]
    found = cache.get_many(keys) if keys else {}
    missing = {}
    computed_of = {}
    for one, key in zip(everything, keys, strict=True):
        cached = found.get(key) or missing.get(key)
        if cached is None:
            cached = dataclasses.replace(_compute(one.measure, one.points, one.prefix), result=None)
            missing[key] = cached  # the result frame is only needed to draw
        computed_of[id(one)] = copy.deepcopy(cached)  # callers add notes to the rows
    if missing:
        cache.set_many(missing, CACHE_SECONDS)

    charts_of: dict[int, Chart] = {}
    for one in everything:
        computed = computed_of[id(one)]
        rows = computed.rows
        marks = _chart_annotations([row.period for row in rows], one.annotations)
        for row in rows:
            row.notes = marks.get(row.period, [])
        chart = Chart(
            measure=one.measure,
            group=one.group,
            rows=rows,
            variation=computed.variation,
            assurance=computed.assurance,
            centre_name=computed.centre_name,
            limits_name=computed.limits_name,
            trial_limits=len(rows) < SHORT_SERIES and one.measure.chart_type != Measure.ChartType.RUN,
            runs_signal=computed.runs_signal,
            annotations=sorted((when, " · ".join(texts)) for when, texts in marks.items()),
        )
        chart.words = _words(chart)
        charts_of[id(one)] = chart
    if draw:
        _draw_all([(one, charts_of[id(one)]) for one in everything])
    return [[charts_of[id(one)] for one in many] for many in per_measure]


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


def _words(chart: Chart) -> str:
    if not chart.rows:
        return "No data yet."
    last = chart.rows[-1]
    parts = [f"Latest {last.period:%B %Y}: {_number(last.value)} {chart.measure.unit}."]
    if chart.variation:
        parts.append(chart.variation.description + ".")
    if chart.assurance:
        parts.append(chart.assurance.description + ".")
    elif chart.measure.target is None:
        parts.append("No target set.")
    if chart.runs_signal:
        parts.append(
            f"The runs analysis shows a non-random pattern (a shift or too few crossings of the {chart.centre_name})."
        )
    count = chart.signal_count
    parts.append(f"{count} point{'s' if count != 1 else ''} with a special-cause signal.")
    return " ".join(parts)
