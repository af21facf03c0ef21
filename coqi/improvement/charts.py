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
import io
import re
from dataclasses import dataclass, field
from datetime import date

import matplotlib
import numpy as np
import pandas as pd
from django.core.cache import cache

from coqi.improvement import chart_words, phased
from coqi.improvement.models import Measure
from coqi.improvement.phased import PLAIN, Phase, Reading, Suggestion, TableRow
from coqi.improvement.svg import inline_svg
from coqi.spc.icons import describe_icon, icon_svg

CACHE_SECONDS = 60 * 60 * 24
SHORT_SERIES = 13  # Making Data Count: fewer points than this give trial limits
MIN_FONT_SIZE = 12  # points, which are CSS px once the picture is shown at least at its own width


@dataclass
class Icon:
    name: str
    description: str
    svg: str


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
    phases: list[Phase] = field(default_factory=list)
    suggestion: Suggestion | None = None

    @property
    def signal_count(self) -> int:
        return sum(1 for row in self.rows if row.signal)

    @property
    def title(self) -> str:
        return f"{self.measure.name}{' – ' + self.group if self.group else ''}"

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"m{self.measure.pk}-{self.group}".lower()).strip("-")


def _icon(name: str | None, prefix: str) -> Icon | None:
    if not name:
        return None
    # The icon's meaning is always printed beside it, so the picture is hidden from screen readers rather than
    # announced twice.
    svg = icon_svg(name, size=48)
    svg = svg.replace(f"coqi-icon-{name}-title", f"{prefix}-icon-{name}-title")
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Icon(name=name, description=describe_icon(name), svg=svg)


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


def _svg_key(measure: Measure, chart: Chart, marks: dict[date, list[str]], reading: Reading) -> str:
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
            reading,
        )
    )
    return f"coqi:measure-chart:v3:{hashlib.sha256(content.encode()).hexdigest()}"


def _picture_options(one: _Series, chart: Chart, marks: dict[date, list[str]]) -> dict:
    """How the site draws a chart. Marks are numbered on the picture and listed in words beside it, since a
    sentence at a readable size would not fit over a point; text is never under 12 pt (ADR
    0053-readable-charts)."""
    return {
        "annotations": [(pd.Timestamp(when), str(i + 1)) for i, (when, _) in enumerate(sorted(marks.items()))],
        "improvement": one.measure.improvement_direction,
        "ylabel": one.measure.unit,
        "group_names": [f"Phase {phase.number}" for phase in chart.phases] if len(chart.phases) > 1 else None,
        "min_font_size": MIN_FONT_SIZE,
    }


def chart_png(*, measure: Measure, points, annotations=(), reading: Reading = PLAIN, group: str = "") -> bytes:
    """One group's chart (or the chart) as a PNG for a board paper, drawn as on the page."""
    from coqi.spc import plot

    for one in _series_of(measure, points, annotations, reading):
        if one.group != group:
            continue
        chart = build_charts(measure=measure, points=one.points, annotations=annotations, reading=reading, draw=False)[
            0
        ]
        chart.group = group
        marks = _chart_annotations([row.period for row in chart.rows], one.annotations)
        with matplotlib.rc_context({"text.parse_math": False}):
            figure = plot(
                _compute(one).result, title=f"{chart.title}: SPC chart", **_picture_options(one, chart, marks)
            )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": "Co-QI"})
        return buffer.getvalue()
    raise LookupError(group)


def _draw_all(pairs: list[tuple[_Series, Chart]]) -> None:
    """Each chart's SVG, from one cache `get_many`; the pictures drawn now are stored with one `set_many`."""

    keyed = []
    for one, chart in pairs:
        marks = _chart_annotations([row.period for row in chart.rows], one.annotations)
        keyed.append((one, chart, marks, _svg_key(one.measure, chart, marks, one.reading)))
    found = cache.get_many([key for *_, key in keyed]) if keyed else {}
    drawn = {}
    for one, chart, marks, key in keyed:
        svg = found.get(key) or drawn.get(key)
        if svg is None:
            from coqi.spc import to_svg

            measure = one.measure
            # People's words ("£ per $100 spent") must print as typed, not as matplotlib maths between dollars.
            with matplotlib.rc_context({"text.parse_math": False}):
                raw = to_svg(
                    _compute(one).result,
                    title=f"{chart.title}: SPC chart",
                    measure=f"{measure.name} ({measure.unit})",
                    **_picture_options(one, chart, marks),
                )
            svg = drawn[key] = inline_svg(raw, prefix=chart.slug)
        chart.svg = svg
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)


def _compute(one: _Series) -> phased.Computed:
    return phased.compute(one.measure, _frame(one.points), one.reading)


def _series_key(measure: Measure, group: str, points, reading: Reading) -> str:
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
            reading,
        )
    )
    return f"coqi:measure-series:v3:{hashlib.sha256(content.encode()).hexdigest()}"


@dataclass
class _Series:
    measure: Measure
    group: str
    points: list
    prefix: str
    annotations: list[tuple[date, str]]
    reading: Reading = PLAIN


def _series_of(measure: Measure, points, annotations, reading: Reading = PLAIN) -> list[_Series]:
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
            reading=reading,
        )
        for group in sorted(by_group)
    ]


def build_charts(
    *,
    measure: Measure,
    points,
    annotations: list[tuple[date, str]] = (),
    reading: Reading = PLAIN,
    draw: bool = True,
) -> list[Chart]:
    """One chart per group (or one), read in the team's phases, with table rows, icons and — when `draw` — the
    SVG picture."""
    return build_many(series=[(measure, points, annotations, reading)], draw=draw)[0]


def build_many(*, series, draw: bool = True) -> list[list[Chart]]:
    """The charts of many measures at once: `series` holds (measure, points, annotations[, reading]), the answer
    one list of charts for each, in order.

    The SPC figures (and pictures, when `draw`) come from the cache in one `get_many` for the whole page, and
    whatever was missing is stored with one `set_many`: a page with 90 measures makes two cache round trips,
    not 90 or 180 (ADR 0043).
    """
    per_measure = [_series_of(*one) for one in series]
    everything = [one for many in per_measure for one in many]
    keys = [_series_key(one.measure, one.group, one.points, one.reading) for one in everything]
    found = cache.get_many(keys) if keys else {}
    missing = {}
    computed_of = {}
    for one, key in zip(everything, keys, strict=True):
        cached = found.get(key) or missing.get(key)
        if cached is None:
            cached = dataclasses.replace(_compute(one), result=None)
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
            variation=_icon(computed.variation, one.prefix),
            assurance=_icon(computed.assurance, one.prefix),
            centre_name=computed.centre_name,
            limits_name=computed.limits_name,
            trial_limits=len(rows) < SHORT_SERIES and one.measure.chart_type != Measure.ChartType.RUN,
            runs_signal=computed.runs_signal,
            annotations=sorted((when, " · ".join(texts)) for when, texts in marks.items()),
            phases=computed.phases,
            suggestion=computed.suggestion,
        )
        chart.words = chart_words.summary(chart)
        charts_of[id(one)] = chart
    if draw:
        _draw_all([(one, charts_of[id(one)]) for one in everything])
    return [[charts_of[id(one)] for one in many] for many in per_measure]
