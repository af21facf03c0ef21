"""The sentence beside a chart agrees with its variation icon and its flagged points, for every icon and every
rule that can flag a point (issue 15: "Special cause variation: concern … 0 points with a special-cause signal")."""

import re
from datetime import date

import pandas as pd
import pytest

from coqi.improvement import chart_words, phased
from coqi.improvement.charts import Chart, Icon, build_charts
from coqi.improvement.models import DataPoint, Measure
from coqi.improvement.phased import SIGNAL_WORDS, TableRow
from coqi.spc.icons import describe_icon

ICONS = ["common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low"]
ICONS += ["neutral_high", "neutral_low"]
# every rule that can flag the latest point: Making Data Count's four (both sides), qicharts2's limits, none
RULES = [words for words in SIGNAL_WORDS.values() if words] + ["Outside the control limits", ""]


def _chart(icon: str, rule: str, runs: bool, earlier: int) -> Chart:
    measure = Measure(name="Falls", unit="falls", improvement_direction="decrease", target=None)
    rows = [
        TableRow(
            period=date(2024, 1 + i, 1),
            value=10.0,
            numerator=None,
            denominator=None,
            centre=9.0,
            lower=5.0,
            upper=13.0,
            signal="Above the upper process limit (concern)" if i < earlier else "",
            kind="concern" if i < earlier else "",
        )
        for i in range(11)
    ]
    rows.append(TableRow(date(2024, 12, 1), 12.0, None, None, 9.0, 5.0, 13.0, f"{rule} (concern)" if rule else "", ""))
    return Chart(
        measure=measure,
        group="",
        rows=rows,
        variation=Icon(name=icon, description=describe_icon(icon), svg=""),
        assurance=None,
        centre_name="mean",
        limits_name="process limits",
        runs_signal=runs,
    )


def _stated_count(words: str) -> int:
    if "No point" in words:
        return 0
    found = re.findall(r"(\d+) points? (?:in all|outside|with|before)", words)
    assert len(found) == 1, words
    return int(found[0])


# A special-cause icon with no rule on the latest point and no runs signal cannot come from either engine (the
# real-chart test below holds that), so it is not a combination to describe.
COMBINATIONS = [
    (icon, rule, runs, earlier)
    for icon in ICONS
    for rule in RULES
    for runs in (False, True)
    for earlier in (0, 3)
    if icon == "common_cause" or rule or runs
]


@pytest.mark.parametrize(("icon", "rule", "runs", "earlier"), COMBINATIONS)
def test_the_sentence_agrees_with_the_icon_and_the_flagged_points(icon, rule, runs, earlier):
    chart = _chart(icon, rule, runs, earlier)
    words = chart_words.summary(chart)
    assert describe_icon(icon) in words
    assert _stated_count(words) == chart.signal_count
    if icon != "common_cause":
        # a special-cause icon always comes with its reason: the latest point's rule or the runs analysis
        assert (rule and rule[:1].lower() + rule[1:] in words) or (runs and "runs analysis" in words), words
        assert not re.search(r"\b0 points", words), words
    elif not rule:
        assert "The latest point:" not in words


SERIES = {
    "step": [20, 22, 19, 21, 23, 20, 22, 21, 19, 22, 20, 21, 12, 11, 13, 12, 10, 12, 11, 13, 12, 11, 12, 10],
    "stable": [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10, 9, 11, 10, 12, 11, 10],
    "late spike": [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 10, 12, 11, 10, 9, 11, 10, 12, 11, 40],
    "long run": [10, 12, 11, 9, 10, 11, 12, 10, 9, 11, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13],
}


@pytest.mark.parametrize("chart_type", [c for c in Measure.ChartType.values if c not in ("p", "u")])
@pytest.mark.parametrize("direction", ["increase", "decrease", "neutral"])
@pytest.mark.parametrize("series", list(SERIES))
def test_real_charts_say_what_their_icons_show(chart_type, direction, series):
    measure = Measure(pk=1, name="M", unit="u", improvement_direction=direction, chart_type=chart_type, multiply=1)
    points = [
        DataPoint(measure=measure, period=date(2023 + i // 12, i % 12 + 1, 1), value=v, group="")
        for i, v in enumerate(SERIES[series])
    ]
    (chart,) = build_charts(measure=measure, points=points, draw=False)
    assert _stated_count(chart.words) == chart.signal_count
    if chart.variation and chart.variation.name != "common_cause":
        assert chart.rows[-1].signal or chart.runs_signal, chart.words
        assert not re.search(r"\b0 points", chart.words), chart.words


def test_phased_figures_are_used_by_the_sentence():
    measure = Measure(pk=1, name="M", unit="u", improvement_direction="decrease", chart_type="xmr", multiply=1)
    frame = pd.DataFrame(
        {"period": pd.date_range("2023-01-01", periods=24, freq="MS"), "value": SERIES["step"], "denominator": None}
    )
    split = phased.compute(measure, frame, phased.Reading(phases=(phased.PhaseStart(date(2024, 1, 1)),)))
    assert not any(row.signal for row in split.rows) and split.variation == "common_cause"
