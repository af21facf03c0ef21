"""The chart adapter: every chart type copes with short and flat series; SVGs are CSP-safe with unique ids."""

import re
from datetime import date
from types import SimpleNamespace

import pytest

from coqi.improvement.charts import _chart_annotations, build_charts
from coqi.improvement.models import Measure
from coqi.improvement.svg import inline_svg


def points(values, denominator=10.0, group=""):
    return [
        SimpleNamespace(
            period=date(2020 + i // 12, i % 12 + 1, 1), value=float(v), denominator=denominator, group=group
        )
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize("chart_type", Measure.ChartType.values)
@pytest.mark.parametrize("values", [[3], [3, 4], [5] * 15, [1, 2, 3, 4] * 4])
@pytest.mark.parametrize("direction", Measure.Direction.values)
def test_every_chart_type_copes_with_short_and_flat_series(chart_type, values, direction):
    measure = Measure(
        pk=7, name="Falls", unit="falls", chart_type=chart_type, improvement_direction=direction, target=3, multiply=1
    )
    (chart,) = build_charts(measure=measure, points=points(values), draw=False)
    assert len(chart.rows) == len(values) and chart.words


def test_a_shift_gives_improvement_icons_and_signals_in_words():
    measure = Measure(
        pk=8, name="Falls", unit="falls", chart_type="xmr", improvement_direction="decrease", target=8, multiply=1
    )
    (chart,) = build_charts(
        measure=measure,
        points=points([10, 11, 9, 12] * 4 + [5, 6, 5, 4, 6, 5, 5, 4]),
        annotations=[(date(2021, 5, 20), "PDSA 1")],
        draw=False,
    )
    assert chart.variation.name == "improvement_low" and chart.assurance.name in {"pass", "inconsistent"}
    assert any(row.kind == "improvement" for row in chart.rows)
    assert [row.notes for row in chart.rows if row.notes] == [["PDSA 1"]]
    assert chart.rows[16].period == date(2021, 5, 1) and chart.rows[16].notes == ["PDSA 1"]


def test_annotations_fall_on_their_period_and_not_beyond_the_data():
    periods = [date(2024, m, 1) for m in (1, 2, 3)]
    marks = _chart_annotations(
        periods,
        [
            (date(2023, 12, 31), "too early"),
            (date(2024, 2, 14), "PDSA 1"),
            (date(2024, 3, 20), "Story"),
            (date(2024, 6, 1), "too late"),
        ],
    )
    assert marks == {date(2024, 2, 1): ["PDSA 1"], date(2024, 3, 1): ["Story"]}


def test_inline_svg_has_no_styles_and_prefixed_ids():
    raw = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="576pt" height="324pt" viewBox="0 0 576 324" '
        'role="img" aria-labelledby="coqi-chart-title coqi-chart-desc"><title id="coqi-chart-title">T</title>'
        '<desc id="coqi-chart-desc">D</desc><metadata>m</metadata><defs><style>*{}</style>'
        '<clipPath id="p1"><rect/></clipPath></defs>'
        '<path style="fill: #fff; stroke-width: 0.8" clip-path="url(#p1)"/><use xlink:href="#p1"/></svg>'
    )
    svg = inline_svg(raw, prefix="m1-q1")
    assert "style" not in svg and "<?xml" not in svg and "metadata" not in svg
    assert 'fill="#fff" stroke-width="0.8"' in svg and "url(#m1-q1-p1)" in svg and 'href="#m1-q1-p1"' in svg
    assert 'aria-labelledby="m1-q1-coqi-chart-title m1-q1-coqi-chart-desc"' in svg
    assert 'width="576pt"' not in svg and 'viewBox="0 0 576 324"' in svg


def test_two_groups_give_two_charts_with_different_ids():
    measure = Measure(
        pk=9,
        name="Waits",
        unit="weeks",
        chart_type="xmr",
        improvement_direction="decrease",
        multiply=1,
        population_group="Quintile",
    )
    charts = build_charts(measure=measure, points=points(range(14), group="Q1") + points(range(14), group="Q5"))
    ids = [set(re.findall(r'\bid="([^"]+)"', chart.svg)) for chart in charts]
    assert len(charts) == 2 and ids[0] and not ids[0] & ids[1]
