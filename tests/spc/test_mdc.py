"""coqi.spc.mdc: the Making Data Count XmR method as NHSRplotthedots 0.2.2 computes it.

Most examples use ``fix_after_n_points=12`` with a baseline of [1, -1] × 6: the mean is exactly 0 and MR̄ exactly
2, so the process limits are exactly ±5.32 and the near-limit zone starts at ±(2·2.66/3)·2 ≈ ±3.547, whatever
follows. That lets each rule be probed exactly at its threshold.
"""

from __future__ import annotations

import json
import math
import pathlib
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coqi.spc import SpcInputError
from coqi.spc.mdc import ShortGroupWarning, xmr

BASELINE = [1.0, -1.0] * 6
UPPER = 5.32  # 0 + 2.66 · 2
NEAR = 2 * (2.66 / 3) * 2


def series(values, *, start="2024-01-01", facet=None) -> pd.DataFrame:
    frame = pd.DataFrame({"date": pd.date_range(start, periods=len(values), freq="D"), "value": values})
    if facet is not None:
        frame.insert(0, "series", facet)
    return frame


def chart(values, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        return xmr(series(values), value="value", date="date", **kwargs)


def fixed(tail, **kwargs):
    """Chart of BASELINE + tail with the limits fixed by the baseline; returns the tail's points."""
    result = chart(BASELINE + list(tail), fix_after_n_points=12, **kwargs)
    return result.points.iloc[len(BASELINE) :].reset_index(drop=True)


def types(points) -> list[str]:
    return points["special_cause_type"].astype(str).tolist()


# ----------------------------------------------------------------------------------------------- limits


def test_baseline_gives_exact_limits():
    points = chart(BASELINE, fix_after_n_points=12).points
    assert points["mean_col"].eq(0).all()
    assert points["upl"].eq(UPPER).all()
    assert points["lpl"].eq(-UPPER).all()


def test_limits_use_2_66_times_mean_moving_range():
    points = chart([10, 12, 11, 15, 9, 10, 13, 12, 11, 10, 14, 12, 11]).points
    y = points["y"].to_numpy()
    mr_bar = np.mean(np.abs(np.diff(y)))  # no moving range is ≥ 3.267·MR̄ here
    assert points["mean_col"].iloc[0] == pytest.approx(y.mean(), rel=1e-12)
    assert points["upl"].iloc[0] == pytest.approx(y.mean() + 2.66 * mr_bar, rel=1e-12)
    assert points["lpl"].iloc[0] == pytest.approx(y.mean() - 2.66 * mr_bar, rel=1e-12)


def test_outlier_moving_ranges_are_screened_once_unless_switched_off():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 60, 11, 10]
    screened = chart(values).points
    unscreened = chart(values, screen_outliers=False).points
    mr = np.abs(np.diff(values))
    kept = mr[mr < 3.267 * mr.mean()]
    assert screened["upl"].iloc[0] == pytest.approx(np.mean(values) + 2.66 * kept.mean(), rel=1e-12)
    assert unscreened["upl"].iloc[0] == pytest.approx(np.mean(values) + 2.66 * mr.mean(), rel=1e-12)


def test_fix_after_n_points_uses_only_the_first_points():
    points = chart(BASELINE + [100, -100, 50], fix_after_n_points=12).points
    assert points["fix_y"].iloc[:12].tolist() == BASELINE
    assert points["fix_y"].iloc[12:].isna().all()
    assert points["upl"].eq(UPPER).all()


def test_rebase_starts_new_groups_with_their_own_limits():
    values = [10, 12] * 8 + [50, 54] * 8
    result = chart(values, rebase=["2024-01-17"])
    points = result.points
    assert points["rebase_group"].tolist() == [0] * 16 + [1] * 16
    assert points.loc[points.rebase_group == 0, "mean_col"].eq(11).all()
    assert points.loc[points.rebase_group == 1, "mean_col"].eq(52).all()
    assert result.summary["rebase_group"].tolist() == [0, 1]


def test_rebase_per_facet():
    data = pd.concat([series([10, 12] * 8, facet="A"), series([10, 12] * 8, facet="B")])
    result = xmr(data, value="value", date="date", facet="series", rebase={"B": ["2024-01-09"]})
    groups = result.points.groupby("f")["rebase_group"].max().to_dict()
    assert groups == {"A": 0, "B": 1}


# ----------------------------------------------------------------------------------------------- outside limits


def test_a_point_exactly_on_a_limit_is_not_outside():
    points = fixed([UPPER, -UPPER, 0.5, -0.5])
    assert not points["outside_limits"].iloc[:2].any()
    assert types(points)[:2] == ["Common Cause", "Common Cause"]


def test_a_point_just_beyond_a_limit_is_outside():
    points = fixed([np.nextafter(UPPER, np.inf), np.nextafter(-UPPER, -np.inf), 0.5])
    assert points["outside_limits"].iloc[:2].tolist() == [True, True]
    assert types(points)[:2] == ["Above UCL", "Below LCL"]


# ----------------------------------------------------------------------------------------------- trend


def trend_tail(k: int, *, tie_at: int | None = None) -> list[float]:
    run = list(np.linspace(-1.5, 1.5, k))
    if tie_at is not None:
        run[tie_at] = run[tie_at - 1]
    # -1 (end of baseline) > -1.5 starts the run; -2 ends it; then alternate without patterns
    return run + [-2.0, 2.0, -2.0, 2.0]


@settings(deadline=None)  # the machine is shared: time is not what is tested
@given(k=st.integers(min_value=2, max_value=12))
def test_trend_signals_from_seven_points_exactly(k):
    points = fixed(trend_tail(k))
    trend = points["special_cause_type"].astype(str).str.startswith("7 Point Trend")
    assert trend.iloc[:k].all() == (k >= 7)
    assert not trend.iloc[k:].any()


def test_six_point_trend_does_not_signal_and_seven_does():
    assert set(types(fixed(trend_tail(6)))) == {"Common Cause"}
    assert types(fixed(trend_tail(7)))[:7] == ["7 Point Trend (Increasing)"] * 7


def test_a_tie_breaks_a_trend():
    assert set(types(fixed(trend_tail(7, tie_at=3)))) == {"Common Cause"}


def test_decreasing_trend():
    points = fixed(list(np.linspace(1.5, -1.5, 7))[::1] + [2.0, -2.0])
    # baseline ends at -1, so 1.5 is a rise; the next 7 points fall
    assert types(points)[:7] == ["7 Point Trend (Decreasing)"] * 7


# ----------------------------------------------------------------------------------------------- shift


def shift_tail(k: int, *, on_mean_at: int | None = None) -> list[float]:
    run = [0.5] * k
    if on_mean_at is not None:
        run[on_mean_at] = 0.0
    return run + [-1.0, 1.0, -1.0]  # baseline ends at -1 (below), so the run starts with the first 0.5


@settings(deadline=None)
@given(k=st.integers(min_value=1, max_value=12))
def test_shift_signals_from_seven_points_on_one_side(k):
    points = fixed(shift_tail(k))
    shift = points["special_cause_type"].astype(str) == "7 Points Above CL"
    assert shift.iloc[:k].all() == (k >= 7)
    assert not shift.iloc[k:].any()


def test_a_point_exactly_on_the_mean_breaks_a_run():
    points = fixed(shift_tail(9, on_mean_at=4))
    assert points["relative_to_mean"].iloc[4] == 0
    assert set(types(points)) == {"Common Cause"}


def test_seven_points_below_the_mean():
    points = fixed([-0.5] * 7 + [1.0, -1.0])
    assert types(points)[:7] == ["7 Points Below CL"] * 7


# ----------------------------------------------------------------------------------------------- 2 of 3


def test_two_of_three_near_the_limit_flags_only_the_near_points():
    points = fixed([1.0, 4.0, 0.5, 4.0, -1.0, 1.0])
    assert points["close_to_limits"].iloc[[1, 3]].tolist() == [True, True]
    assert types(points) == [
        "Common Cause",
        "2 in 3 Above CL",
        "Common Cause",
        "2 in 3 Above CL",
        "Common Cause",
        "Common Cause",
    ]


def test_two_of_three_needs_all_three_on_the_same_side():
    points = fixed([1.0, 4.0, -0.5, 4.0, -1.0, 1.0])
    assert set(types(points)) == {"Common Cause"}


def test_two_of_three_below():
    points = fixed([-1.0, -4.0, -4.0, -0.5, 1.0, -1.0])
    assert types(points)[1:3] == ["2 in 3 Below CL"] * 2


def test_one_near_point_in_three_does_not_signal():
    points = fixed([1.0, 4.0, 0.5, 0.5, 4.0, -1.0, 1.0])
    assert set(types(points)) == {"Common Cause"}


def test_near_zone_boundary_is_strict():
    points = fixed([1.0, NEAR, 0.5, NEAR, -1.0])
    assert not points["close_to_limits"].any()
    points = fixed([1.0, np.nextafter(NEAR, np.inf), 0.5, np.nextafter(NEAR, np.inf), -1.0])
    assert points["close_to_limits"].iloc[[1, 3]].all()


# ----------------------------------------------------------------------------------------------- precedence


def test_outside_limits_takes_precedence_over_a_shift():
    points = fixed([0.5, 0.5, 0.5, 6.0, 0.5, 0.5, 0.5, -1.0])
    assert types(points)[:7] == ["7 Points Above CL"] * 3 + ["Above UCL"] + ["7 Points Above CL"] * 3


def test_trend_takes_precedence_over_two_of_three_and_shift():
    points = fixed([0.5, 1.0, 1.5, 2.0, 2.5, 3.8, 4.2, 0.2, -1.0])
    assert types(points)[:7] == ["7 Point Trend (Increasing)"] * 7


def test_two_of_three_takes_precedence_over_shift():
    points = fixed([0.5, 0.5, 4.0, 0.5, 4.0, 0.5, 0.5, -1.0])
    assert (
        types(points)[:7]
        == ["7 Points Above CL"] * 2
        + ["2 in 3 Above CL", "7 Points Above CL", "2 in 3 Above CL"]
        + ["7 Points Above CL"] * 2
    )


# ----------------------------------------------------------------------------------------------- direction


@pytest.mark.parametrize(
    ("direction", "high", "low"),
    [
        ("increase", "special_cause_improvement", "special_cause_concern"),
        ("decrease", "special_cause_concern", "special_cause_improvement"),
        ("neutral", "special_cause_neutral_high", "special_cause_neutral_low"),
    ],
)
def test_improvement_direction_sets_point_types(direction, high, low):
    points = fixed([6.0, -6.0, 0.5], improvement_direction=direction)
    assert points["point_type"].astype(str).tolist()[:2] == [high, low]
    assert points["point_type"].iloc[2] == "common_cause"


@pytest.mark.parametrize(
    ("direction", "last", "icon"),
    [
        ("increase", 6.0, "improvement_high"),
        ("increase", -6.0, "concern_low"),
        ("decrease", 6.0, "concern_high"),
        ("decrease", -6.0, "improvement_low"),
        ("neutral", 6.0, "neutral_high"),
        ("neutral", -6.0, "neutral_low"),
        ("increase", 0.5, "common_cause"),
    ],
)
def test_variation_icon_is_the_last_points_type(direction, last, icon):
    result = chart(BASELINE + [last], fix_after_n_points=12, improvement_direction=direction)
    assert result.icons.to_dict("records") == [{"f": "no facet", "type": "variation", "icon": icon}]


@pytest.mark.parametrize(
    ("direction", "target", "assurance", "icon"),
    [
        ("increase", 10.0, "consistent_fail", "fail"),
        ("increase", -10.0, "consistent_pass", "pass"),
        ("decrease", 10.0, "consistent_pass", "pass"),
        ("decrease", -10.0, "consistent_fail", "fail"),
        ("increase", 1.0, "inconsistent", "inconsistent"),
        ("increase", UPPER, "inconsistent", "inconsistent"),  # on the limit: not beyond it
    ],
)
def test_assurance_compares_the_target_with_the_last_limits(direction, target, assurance, icon):
    result = chart(BASELINE + [0.5], fix_after_n_points=12, improvement_direction=direction, target=target)
    assert result.summary["assurance_type"].tolist() == [assurance]
    assert result.icons.loc[result.icons.type == "assurance", "icon"].tolist() == [icon]
    assert result.points["target"].eq(target).all()


def test_no_assurance_for_a_neutral_measure():
    result = chart(BASELINE, improvement_direction="neutral", target=3.0)
    assert result.summary["assurance_type"].isna().all()
    assert result.icons["type"].tolist() == ["variation"]


def test_per_facet_targets_and_assurance_only_on_the_last_rebase_group():
    data = pd.concat([series([10, 12] * 8, facet="A"), series([10, 12] * 8, facet="B")])
    result = xmr(data, value="value", date="date", facet="series", target={"A": 100}, rebase={"A": ["2024-01-09"]})
    summary = result.summary.set_index(["f", "rebase_group"])["assurance_type"]
    assert pd.isna(summary[("A", 0)])
    assert summary[("A", 1)] == "consistent_fail"
    assert summary[("B", 0)] == "inconsistent"  # no target for B: NHSRplotthedots says inconsistent
    assert result.points.loc[result.points.f == "B", "target"].isna().all()


# ----------------------------------------------------------------------------------------------- summary


def test_summary_counts():
    result = fixed_result = chart(BASELINE + [6.0, -6.0, 0.5], fix_after_n_points=12)
    row = result.summary.iloc[0]
    assert (row["n"], row["common_cause"], row["special_cause_improvement"], row["special_cause_concern"]) == (
        15,
        13,
        1,
        1,
    )
    assert row["variation_type"] == "common_cause"
    assert "f" not in fixed_result.summary.columns and "rebase_group" not in fixed_result.summary.columns


# ----------------------------------------------------------------------------------------------- short groups


def test_short_group_warning_below_13_points():
    with pytest.warns(ShortGroupWarning):
        short = xmr(series([1.0, 2.0] * 6), value="value", date="date")
    assert short.points["short_group_warning"].all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ShortGroupWarning)
        enough = xmr(series([1.0, 2.0] * 6 + [1.0]), value="value", date="date")
    assert not enough.points["short_group_warning"].any()


def test_a_single_point_has_no_limits():
    with pytest.warns(ShortGroupWarning):
        result = xmr(series([5.0]), value="value", date="date")
    point = result.points.iloc[0]
    assert point["mean_col"] == 5
    assert math.isnan(point["upl"]) and math.isnan(point["lpl"])
    assert point["special_cause_type"] == "Common Cause"


# ----------------------------------------------------------------------------------------------- invariance


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=40),
    shift=st.integers(min_value=-(10**6), max_value=10**6),
    scale_power=st.integers(min_value=-4, max_value=6),
)
def test_limits_move_with_a_shift_and_scale_with_a_positive_scaling(values, shift, scale_power):
    scale = 2.0**scale_power
    base = chart([float(v) for v in values]).points
    moved = chart([shift + scale * v for v in values]).points
    for column in ("mean_col", "lpl", "upl"):
        expected = shift + scale * base[column].to_numpy()
        np.testing.assert_allclose(moved[column].to_numpy(), expected, rtol=1e-9, atol=1e-6 * max(1, abs(shift)))
    # the rules compare values with thresholds; keep examples where no value sits on a threshold
    mr_bar = (base["upl"] - base["mean_col"]).iloc[0] / 2.66
    if not math.isnan(mr_bar) and mr_bar > 0:
        y, mean = base["y"].to_numpy(), base["mean_col"].to_numpy()
        distances = np.abs(np.abs(y - mean)[:, None] - np.array([2.66, 2 * 2.66 / 3]) * mr_bar)
        assume(distances.min() > 1e-6 * mr_bar)
    assert types(moved) == types(base)


# ----------------------------------------------------------------------------------------------- reference


def _reference(values, *, fix=None, screen=True):
    """A literal, loop-per-point transcription of NHSRplotthedots 0.2.2's per-group calculation."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    fix_y = np.array([y[i] if i < (fix or math.inf) else np.nan for i in range(n)])
    mean = np.nanmean(fix_y) if np.isfinite(fix_y).any() else np.nan
    mr = np.array([np.nan] + [abs(fix_y[i] - fix_y[i - 1]) for i in range(1, n)])
    amr = np.nanmean(mr) if np.isfinite(mr).any() else np.nan
    if screen:
        mr = np.array([m if m < 3.267 * amr else np.nan for m in mr])
        amr = np.nanmean(mr) if np.isfinite(mr).any() else np.nan
    lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
    close_limit = 2 * (2.66 / 3)
    outside = [(v > upl) or (v < lpl) for v in y]
    rel = [float(np.sign(v - mean)) for v in y]
    close = [(not o) and (v < mean - close_limit * amr or v > mean + close_limit * amr) for v, o in zip(y, outside)]

    def part_of(flags):
        return [any(flags[j] for j in range(i, min(n, i + 7))) for i in range(n)]

    one_side = part_of([i >= 6 and rel[i] != 0 and all(rel[i - k] == rel[i] for k in range(1, 7)) for i in range(n)])
    trend_end = []
    for i in range(n):
        if i < 6:
            trend_end.append(0)
            continue
        d = [np.sign(y[i - k] - y[i - k - 1]) for k in range(6)]
        trend_end.append(1 if all(x == 1 for x in d) else (-1 if all(x == -1 for x in d) else 0))
    trend = part_of([t != 0 for t in trend_end])
    cp, rp = [0, 0, *close, 0, 0], [0, 0, *rel, 0, 0]
    two3 = [
        close[i] and any(sum(cp[i + s : i + s + 3]) >= 2 and abs(sum(rp[i + s : i + s + 3])) == 3 for s in range(3))
        for i in range(n)
    ]
    sdy = [np.sign(y[i + 1] - y[i]) for i in range(n - 1)]
    labels = []
    for i in range(n):
        nxt = trend[i + 1] if i + 1 < n else False
        step = (sdy + sdy[-1:])[i] if (nxt and trend[i]) else ([0.0] + sdy)[i]
        side = "Above" if rel[i] > 0 else "Below"
        if outside[i]:
            labels.append("Above UCL" if rel[i] == 1 else "Below LCL")
        elif trend[i]:
            labels.append(f"7 Point Trend ({'In' if step == 1 else 'De'}creasing)")
        elif two3[i]:
            labels.append(f"2 in 3 {side} CL")
        elif one_side[i]:
            labels.append(f"7 Points {side} CL")
        else:
            labels.append("Common Cause")
    return mean, lpl, upl, labels


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=40), min_size=1, max_size=4),
    fix=st.sampled_from([None, 12, 15]),
    screen=st.booleans(),
)
def test_agrees_with_a_literal_transcription_of_the_r_code(groups, fix, screen):
    """Small integers make ties, points on the mean and equal steps common — the cases the rules hinge on."""
    frames = [series([float(v) for v in g], facet=f"s{i}") for i, g in enumerate(groups)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        result = xmr(
            pd.concat(frames),
            value="value",
            date="date",
            facet="series",
            fix_after_n_points=fix,
            screen_outliers=screen,
        )
    for i, g in enumerate(groups):
        mean, lpl, upl, labels = _reference(g, fix=fix, screen=screen)
        rows = result.points[result.points.f == f"s{i}"]
        assert rows["special_cause_type"].astype(str).tolist() == labels
        np.testing.assert_allclose(rows["mean_col"].iloc[0], mean, rtol=1e-12)
        np.testing.assert_allclose([rows["lpl"].iloc[0], rows["upl"].iloc[0]], [lpl, upl], rtol=1e-12, atol=1e-12)


@st.composite
def patterned_series(draw):
    """Series built from blocks that rise, fall, stay flat or jump: long trends, runs, ties and trends that
    meet head to tail appear often, which plain random integers rarely give."""
    values = [draw(st.integers(min_value=-5, max_value=5))]
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        kind = draw(st.sampled_from(["up", "down", "flat", "jump"]))
        length = draw(st.integers(min_value=1, max_value=9))
        for _ in range(length):
            step = {"up": 1, "down": -1, "flat": 0}.get(kind)
            if step is None:
                step = draw(st.integers(min_value=-8, max_value=8))
            values.append(values[-1] + step)
    return [float(v) for v in values]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups=st.lists(patterned_series(), min_size=1, max_size=3), screen=st.booleans())
def test_trends_and_runs_agree_with_the_literal_transcription(groups, screen):
    frames = [series(g, facet=f"s{i}") for i, g in enumerate(groups)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        result = xmr(pd.concat(frames), value="value", date="date", facet="series", screen_outliers=screen)
    for i, g in enumerate(groups):
        labels = _reference(g, screen=screen)[3]
        assert result.points.loc[result.points.f == f"s{i}", "special_cause_type"].astype(str).tolist() == labels


def test_many_facets_in_one_call_match_one_call_per_facet():
    rng = np.random.default_rng(7)
    frames = [series(rng.integers(0, 20, 30).astype(float), facet=f"f{i:02d}") for i in range(25)]
    together = xmr(pd.concat(frames), value="value", date="date", facet="series").points
    for frame in frames:
        alone = xmr(frame, value="value", date="date").points
        mine = together[together.f == frame["series"].iloc[0]].reset_index(drop=True)
        assert types(mine) == types(alone)
        np.testing.assert_array_equal(mine["upl"].to_numpy(), alone["upl"].to_numpy())


def test_unsorted_input_is_sorted_by_facet_then_date():
    data = series([3.0, 1.0, 2.0] * 5, facet="B")
    data = pd.concat([data, series([1.0] * 15, facet="A")]).sample(frac=1, random_state=1)
    points = xmr(data, value="value", date="date", facet="series").points
    assert points["f"].tolist() == ["A"] * 15 + ["B"] * 15
    assert points.groupby("f")["x"].apply(lambda s: s.is_monotonic_increasing).all()


# ----------------------------------------------------------------------------------------------- bad input


def test_non_numeric_value_names_column_and_row():
    data = series([1.0, 2.0, 3.0]).astype({"value": object})
    data.loc[1, "value"] = "n/a?"
    with pytest.raises(SpcInputError) as caught:
        xmr(data, value="value", date="date")
    assert caught.value.column == "value" and caught.value.row == 1
    assert "'value'" in str(caught.value) and "row 2" in str(caught.value)


def test_unparseable_date_names_column_and_row():
    data = pd.DataFrame({"date": ["2024-01-01", "2024-01-02", "not a date"], "value": [1, 2, 3]})
    with pytest.raises(SpcInputError) as caught:
        xmr(data, value="value", date="date")
    assert caught.value.column == "date" and caught.value.row == 2


def test_uk_dates_are_read_day_first():
    data = pd.DataFrame({"date": ["31/01/2024", "01/02/2024", "29/02/2024"], "value": [1, 2, 3]})
    points = xmr(data, value="value", date="date").points
    assert points["x"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-31", "2024-02-01", "2024-02-29"]


def test_unknown_column_is_named():
    with pytest.raises(SpcInputError) as caught:
        xmr(series([1.0, 2.0]), value="values", date="date")
    assert caught.value.column == "values"
    assert "'values'" in str(caught.value)


def test_unknown_improvement_direction():
    with pytest.raises(SpcInputError, match="improvement_direction"):
        xmr(series([1.0, 2.0]), value="value", date="date", improvement_direction="up")


def test_duplicate_date_in_a_facet():
    data = pd.DataFrame({"date": ["2024-01-01", "2024-01-02", "2024-01-02"], "value": [1, 2, 3]})
    with pytest.raises(SpcInputError) as caught:
        xmr(data, value="value", date="date")
    assert caught.value.column == "date" and caught.value.row == 2


def test_fix_after_fewer_than_12_points_is_refused():
    with pytest.raises(SpcInputError, match="fix_after_n_points"):
        xmr(series([1.0] * 20), value="value", date="date", fix_after_n_points=11)


def test_rebase_or_target_for_an_unknown_facet_is_refused():
    data = series([1.0, 2.0] * 7, facet="A")
    with pytest.raises(SpcInputError, match="'Z'"):
        xmr(data, value="value", date="date", facet="series", target={"Z": 1})
    with pytest.raises(SpcInputError, match="'Z'"):
        xmr(data, value="value", date="date", facet="series", rebase={"Z": ["2024-01-03"]})


# ----------------------------------------------------------------------------------------------- oracle

ORACLE = pathlib.Path(__file__).resolve().parent / "oracle"  # committed: every clone runs every case


def _oracle_cases():
    cases = json.loads((ORACLE / "cases.json").read_text())["cases"]
    return [c for c in cases if c.get("engine") == "nhsrplotthedots"]


def test_the_oracle_holds_the_13_nhsrplotthedots_cases():
    assert len(_oracle_cases()) == 13


@pytest.mark.parametrize("case", _oracle_cases(), ids=lambda c: c["id"])
def test_public_nhsrplotthedots_case(case):
    from coqi.spc._conformance_mdc import check_case

    assert check_case(case, ORACLE) == []


# ----------------------------------------------------------------------------------------------- README


def test_readme_worked_example_prints_what_the_readme_says():
    import contextlib
    import io
    import re

    readme = (pathlib.Path(__file__).resolve().parents[2] / "coqi" / "spc" / "README.md").read_text()
    section = readme[readme.index("## Making Data Count XmR charts") :]
    match = re.search(r"### Worked example\s+```python\n(.*?)```\s+prints\s+```\n(.*?)```", section, re.S)
    assert match, "README section lost its worked example"
    code, expected = match.groups()
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortGroupWarning)
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == expected
