"""qic(): formulas on hand-checked series, invariances (shift, scale, multiply, facets, parts), bad input."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coqi.spc import QicResult, SpcInputError, qic
from coqi.spc._qic_frames import POINT_COLUMNS, SUMMARY_COLUMNS

LINES = ["cl", "lcl", "ucl", "lcl.95", "ucl.95"]
RUNS = ["n.obs", "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min", "runs.signal"]


def frame(y, **columns):
    return pd.DataFrame({"y": y, **columns})


def close(a, b, rel=1e-9, abs_=1e-9):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    return bool(np.all(both_nan | np.isclose(a, b, rtol=rel, atol=abs_)))


# ------------------------------------------------------------------------------------------ formulas


def test_result_has_the_documented_columns():
    result = qic(frame([1.0, 3, 2, 4]), y="y", chart="i")
    assert isinstance(result, QicResult)
    assert list(result.points.columns) == list(POINT_COLUMNS)
    assert list(result.summary.columns) == list(SUMMARY_COLUMNS)
    assert result.points["xx"].tolist() == [1, 2, 3, 4]
    assert result.points["x"].tolist() == [1, 2, 3, 4]


def test_i_chart_limits_by_hand():
    p = qic(frame([1.0, 3, 2, 4]), y="y", chart="i").points
    sigma = (2 + 1 + 2) / 3 / 1.128  # mean moving range / d2
    assert close(p["cl"], 2.5)
    assert close(p["ucl"], 2.5 + 3 * sigma) and close(p["lcl"], 2.5 - 3 * sigma)
    assert close(p["ucl.95"], 2.5 + 2 * sigma) and close(p["lcl.95"], 2.5 - 2 * sigma)


def test_screened_moving_ranges_drop_large_ranges_once():
    y = [10.0, 11, 10, 11, 10, 11, 10, 11, 10, 40]  # one huge moving range
    screened = qic(frame(y), y="y", chart="i").points
    raw = qic(frame(y), y="y", chart="i", screened_mr=False).points
    mean = np.mean(y)
    assert close(raw["ucl"], mean + 3 * (8 * 1 + 30) / 9 / 1.128)
    assert close(screened["ucl"], mean + 3 * 1 / 1.128)  # 30 >= 3.267 * 38/9 is dropped


def test_moving_ranges_next_to_a_missing_value_are_dropped_not_bridged():
    p = qic(frame([1.0, 2, np.nan, 10, 11]), y="y", chart="i", screened_mr=False).points
    assert close(p["cl"], 6.0)
    assert close(p["ucl"], 6 + 3 * 1 / 1.128)  # ranges 1 and 1, not |10 - 2|


def test_mr_chart():
    p = qic(frame([1.0, 3, 2, 6]), y="y", chart="mr").points
    assert np.isnan(p["y"][0]) and p["y"].tolist()[1:] == [2, 1, 4]
    assert close(p["cl"], 7 / 3)
    assert close(p["ucl"], 3.267 * 7 / 3) and (p["lcl"] == 0).all()
    assert not p["runs.signal"].any()


def test_run_chart_centre_is_the_median_and_points_on_it_are_not_useful():
    result = qic(frame([1.0, 2, 3, 4, 5]), y="y")
    p = result.points
    assert (p["cl"] == 3).all()
    assert p[["lcl", "ucl"]].isna().all().all()
    assert p["n.obs"][0] == 5 and p["n.useful"][0] == 4
    assert result.summary["CL"][0] == 3 and math.isnan(result.summary["aUCL"][0])


def test_c_chart_sigma_signal_is_strict():
    # With a centre line of 4 the upper limit is exactly 4 + 3·2 = 10.
    p = qic(frame([10.0, 11, 4, 0]), y="y", chart="c", cl=4).points
    assert (p["ucl"] == 10).all() and (p["lcl"] == 0).all()  # 4 - 6 clipped at 0
    assert p["sigma.signal"].tolist() == [False, True, False, False]


def test_p_chart_limits_are_clipped_to_0_and_1():
    data = frame([1.0, 2, 1, 9], n=[2.0, 3, 2, 10])
    p = qic(data, y="y", n="n", chart="p").points
    assert close(p["y"], [0.5, 2 / 3, 0.5, 0.9])
    cl = 13 / 17
    assert close(p["cl"], cl)
    assert (p["ucl"] <= 1).all() and (p["lcl"] >= 0).all()
    assert close(p["lcl"][3], max(0, cl - 3 * math.sqrt(cl * (1 - cl) / 10)))


def test_u_chart_rate_and_multiply():
    data = frame([2.0, 4, 3], n=[100.0, 200, 100])
    p = qic(data, y="y", n="n", chart="u", multiply=1000).points
    assert close(p["y"], [20, 20, 30])
    cl = 9 / 400
    assert close(p["cl"], cl * 1000)
    assert close(p["ucl"], (cl + 3 * np.sqrt(cl / np.array([100, 200, 100]))) * 1000)


def test_xbar_and_s_charts_of_constant_subgroup_size():
    data = pd.DataFrame({"g": np.repeat([1, 2, 3], 4), "y": [1.0, 2, 3, 4, 2, 3, 4, 5, 1, 1, 2, 2]})
    xbar = qic(data, x="g", y="y", chart="xbar").points
    s = qic(data, x="g", y="y", chart="s").points
    sds = data.groupby("g")["y"].std().to_numpy()
    c4 = math.sqrt(2 / 3) * math.gamma(2) / math.gamma(1.5)
    a3 = 3 / (c4 * 2)
    assert close(xbar["y"], [2.5, 3.5, 1.5]) and close(xbar["cl"], 2.5)
    assert close(xbar["ucl"], 2.5 + a3 * sds.mean())
    assert close(s["y"], sds) and close(s["cl"], sds.mean())
    assert close(s["ucl"], (1 + 3 * math.sqrt(1 - c4**2) / c4) * sds.mean())
    assert (xbar["y.length"] == 4).all() and (s["lcl"] == 0).all()


def test_t_chart_round_trips_values_and_transforms_the_limits():
    y = [23.0, 5, 41, 12, 8, 30]
    p = qic(frame(y), y="y", chart="t").points
    assert close(p["y"], y, rel=1e-12)
    i = qic(frame(np.power(y, 1 / 3.6)), y="y", chart="i").points
    assert close(p["cl"], i["cl"] ** 3.6) and close(p["ucl"], i["ucl"] ** 3.6)


def test_g_chart_centre_is_the_median_limits_from_the_mean():
    y = [1.0, 2, 3, 10]
    p = qic(frame(y), y="y", chart="g").points
    mean = 4.0
    assert (p["cl"] == 2.5).all()
    assert close(p["ucl"], mean + 3 * math.sqrt(mean * (mean + 1)))
    assert (p["lcl"] == 0).all()


def test_aggregation_of_several_rows_per_subgroup():
    data = pd.DataFrame({"x": [1, 1, 2, 2, 2], "y": [1.0, 3, 5, np.nan, 9], "n": [2.0, 2, 4, 4, 4]})
    mean = qic(data, x="x", y="y").points
    assert mean["y"].tolist() == [2, 7] and mean["y.length"].tolist() == [2, 2]
    assert qic(data, x="x", y="y", agg_fun="sum").points["y"].tolist() == [4, 14]
    rate = qic(data, x="x", y="y", n="n", chart="u").points
    assert close(rate["y"], [4 / 4, 14 / 8])  # the incomplete (y, n) pair is dropped


def test_exclude_keeps_a_point_out_of_the_limits_but_still_flags_it():
    y = [5.0, 6, 5, 6, 5, 6, 5, 6, 5, 6]
    base = qic(frame(y), y="y", chart="i", exclude=[5]).points
    wild = y.copy()
    wild[4] = 100.0
    excluded = qic(frame(wild), y="y", chart="i", exclude=[5]).points
    assert close(excluded["cl"], base["cl"]) and close(excluded["ucl"], base["ucl"])
    assert not excluded["include"][4] and excluded["sigma.signal"][4]
    assert excluded["n.obs"][0] == 9


def test_freeze_uses_the_baseline_for_the_lines_and_every_point_for_the_runs():
    y = [5.0, 6, 5, 6, 5, 6, 9, 9, 9, 9, 9, 9]
    frozen = qic(frame(y), y="y", chart="i", freeze=6).points
    baseline = qic(frame(y[:6]), y="y", chart="i").points
    assert close(frozen["cl"], baseline["cl"][0]) and close(frozen["ucl"], baseline["ucl"][0])
    assert frozen["baseline"].tolist() == [True] * 6 + [False] * 6
    # Against the baseline centre line 5.5 the last baseline point (6) and the six 9s form one run of 7,
    # which is exactly the limit for 12 useful points: no signal.
    assert frozen["n.obs"][0] == 12 and frozen["longest.run"][0] == 7 == frozen["longest.run.max"][0]
    assert not frozen["runs.signal"][0]


def test_part_splits_lines_and_runs_analysis():
    y = [5.0, 6, 5, 6, 5, 9, 10, 9, 10, 9]
    split = qic(frame(y), y="y", chart="i", part=[5])
    first = qic(frame(y[:5]), y="y", chart="i").points
    second = qic(frame(y[5:]), y="y", chart="i").points
    p = split.points
    assert p["part"].tolist() == [1] * 5 + [2] * 5
    assert close(p["cl"][:5], first["cl"]) and close(p["ucl"][5:], second["ucl"])
    assert split.summary["part"].tolist() == [1, 2]
    assert split.summary["n.obs"].tolist() == [5, 5]


def test_part_from_a_column_of_phase_labels():
    data = frame([5.0, 6, 5, 9, 10, 9, 3, 4], phase=["a", "a", "a", "b", "b", "b", "c", "c"])
    assert qic(data, y="y", chart="i", part="phase").points["part"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3]
    assert qic(data, y="y", chart="i", part={"column": "phase"}).points["part"].tolist()[-1] == 3


@pytest.mark.filterwarnings("ignore:qic. too few points")
def test_character_x_turns_off_the_runs_signal_and_orders_subgroups():
    data = pd.DataFrame({"unit": ["b", "a", "c", "d"] * 3, "y": [1.0, 1, 1, 1] * 2 + [9.0] * 4})
    p = qic(data, x="unit", y="y", chart="i", agg_fun="sum").points
    assert p["x"].tolist() == ["a", "b", "c", "d"]
    assert not p["runs.signal"].any()


def test_dates_as_text_are_read_as_dates():
    data = frame([3.0, 1, 2], month=["2024-03-01", "2024-01-01", "2024-02-01"])
    p = qic(data, x="month", y="y").points
    assert p["x"].tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))
    assert p["y"].tolist() == [1, 2, 3]
    as_text = qic(data, x="month", y="y", x_type="string").points
    assert as_text["x"].tolist() == ["2024-01-01", "2024-02-01", "2024-03-01"]


def test_two_way_facets():
    data = pd.DataFrame(
        {"a": np.repeat(["p", "q"], 6), "b": np.tile(np.repeat(["r", "s"], 3), 2), "y": np.arange(12.0)}
    )
    result = qic(data, y="y", chart="i", facets=["a", "b"])
    pairs = set(zip(result.summary["facet1"], result.summary["facet2"]))
    assert pairs == {("p", "r"), ("p", "s"), ("q", "r"), ("q", "s")}
    assert (result.points.groupby(["facet1", "facet2"])["xx"].max() == 3).all()


def test_too_few_points_warns_and_leaves_the_limits_missing():
    with pytest.warns(UserWarning, match="too few points"):
        p = qic(frame([4.0]), y="y", chart="i").points
    assert p[["lcl", "ucl"]].isna().all().all()
    assert p["cl"][0] == 4


def test_a_run_chart_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qic(frame([4.0]), y="y")


def test_summary_counts_signals_and_averages_limits():
    data = frame([1.0, 2, 1, 2, 1, 2, 1, 20], n=[10.0] * 8)
    result = qic(data, y="y", n="n", chart="u")
    s = result.summary
    assert s["sigma.signal"][0] == int(result.points["sigma.signal"].sum()) == 1
    assert close(s["aUCL"][0], result.points["ucl"].mean())
    assert s["runs.signal"][0] in (0, 1)


# ------------------------------------------------------------------------------------------ properties

values = st.lists(st.integers(-50, 50).map(float), min_size=3, max_size=40)


@pytest.mark.filterwarnings("ignore:qic. too few points")
@settings(max_examples=60, deadline=None)
@given(y=values, shift=st.integers(-1000, 1000), chart=st.sampled_from(["i", "run", "mr"]))
def test_lines_move_with_a_constant_shift(y, shift, chart):
    a = qic(frame(y), y="y", chart=chart).points
    b = qic(frame([v + shift for v in y]), y="y", chart=chart).points
    moved = 0 if chart == "mr" else shift
    for col in LINES:
        assert close(b[col], a[col] + (moved if col == "cl" or chart != "mr" else 0), abs_=1e-7)
    for col in RUNS:
        assert b[col].tolist() == a[col].tolist()


@pytest.mark.filterwarnings("ignore:qic. too few points")
@settings(max_examples=60, deadline=None)
@given(
    y=values,
    k=st.sampled_from([0.001, 0.5, 3.0, 1024.0, 1e6]),
    chart=st.sampled_from(["i", "run", "mr", "xbar", "s"]),
)
def test_lines_scale_with_a_positive_scaling(y, k, chart):
    x = np.arange(len(y)) // 3  # subgroups of three for xbar and s
    a = qic(frame(y, x=x), x="x", y="y", chart=chart).points
    b = qic(frame([v * k for v in y], x=x), x="x", y="y", chart=chart).points
    for col in LINES + ["y"]:
        assert close(b[col], a[col] * k, rel=1e-9, abs_=1e-9 * k)
    if math.frexp(k)[0] == 0.5:
        # Scaling by a power of two is exact, so even "on the centre line" decisions must not change
        # (with other factors a point may land a rounding error off the line, in R as here).
        for col in RUNS:
            assert b[col].tolist() == a[col].tolist()


@pytest.mark.filterwarnings("ignore:qic. too few points")
@settings(max_examples=60, deadline=None)
@given(
    y=st.lists(st.integers(0, 30).map(float), min_size=4, max_size=30),
    chart=st.sampled_from(["run", "i", "mr", "c", "g", "u", "p", "pp", "up", "ip"]),
    k=st.sampled_from([0.5, 100.0, 10000.0]),
)
def test_multiply_scales_values_and_lines_only(y, chart, k):
    n = [40.0] * len(y)
    kwargs = {"n": "n"} if chart in ("u", "p", "pp", "up", "ip") else {}
    a = qic(frame(y, n=n), y="y", chart=chart, **kwargs).points
    b = qic(frame(y, n=n), y="y", chart=chart, multiply=k, **kwargs).points
    for col in LINES + ["y"]:
        assert close(b[col], a[col] * k, rel=1e-12, abs_=0)
    for col in RUNS + ["sigma.signal"]:
        assert b[col].tolist() == a[col].tolist()


@settings(max_examples=40, deadline=None)
@given(
    series=st.lists(st.lists(st.integers(1, 40).map(float), min_size=2, max_size=25), min_size=1, max_size=5),
    chart=st.sampled_from(["run", "i", "mr", "c", "g", "t", "u", "up", "p", "pp", "ip", "xbar", "s"]),
    part=st.one_of(st.none(), st.integers(1, 12)),
)
def test_a_faceted_call_equals_one_call_per_facet(series, chart, part):
    """The vectorised engine must give each facet exactly what a chart of that facet alone gives."""
    rows = []
    for f, ys in enumerate(series):
        for i, v in enumerate(ys):
            rows.append({"f": f"s{10 - f}", "x": i // 2 if chart in ("xbar", "s") else i, "y": v, "n": 50.0})
    data = pd.DataFrame(rows)
    kwargs = dict(x="x", y="y", chart=chart, part=None if part is None else [part])
    if chart in ("u", "up", "p", "pp", "ip"):
        kwargs["n"] = "n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        together = qic(data, facets=["f"], **kwargs).points
        for name, one in data.groupby("f"):
            alone = qic(one.reset_index(drop=True), **kwargs).points
            mine = together[together["facet1"] == name].sort_values("xx").reset_index(drop=True)
            alone = alone.sort_values("xx").reset_index(drop=True)
            for col in LINES + ["y", "n"]:
                assert close(mine[col], alone[col]), (name, col)
            for col in RUNS + ["sigma.signal", "part", "xx"]:
                assert mine[col].tolist() == alone[col].tolist(), (name, col)


# ------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("kwargs", "column", "row"),
    [
        (dict(y="missing"), "missing", None),
        (dict(y="y", x="nope"), "nope", None),
        (dict(y="y", facets=["nope"]), "nope", None),
        (dict(y="text"), "text", 2),
        (dict(y="y", n="n", chart="p"), "n", 1),
        (dict(y="y", n="n", chart="u"), "n", 1),
        (dict(y="y", x="when"), "when", 3),
        (dict(y="zero", chart="t"), "zero", 0),
    ],
)
def test_bad_input_names_the_column_and_row(kwargs, column, row):
    data = pd.DataFrame(
        {
            "y": [1.0, 2, 3, 4],
            "n": [5.0, 0, 5, 5],
            "text": ["1", "2", "two", "4"],
            "when": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-02-30"],
            "zero": [0.0, 1, 2, 3],
        }
    )
    with pytest.raises(SpcInputError) as raised:
        qic(data, **kwargs)
    assert raised.value.column == column
    assert raised.value.row == row
    assert column in str(raised.value)


def test_unknown_chart_type_is_an_input_error():
    with pytest.raises(SpcInputError, match="unknown chart type"):
        qic(frame([1.0, 2]), y="y", chart="xmr")


def test_negative_denominator_is_an_input_error_but_missing_is_allowed():
    with pytest.raises(SpcInputError):
        qic(frame([1.0, 2], n=[-1.0, 2]), y="y", n="n", chart="pp")
    p = qic(frame([1.0, 2, 3], n=[np.nan, 4.0, 4]), y="y", n="n", chart="p").points
    assert math.isnan(p["y"][0]) and p["n"][0] == 0


def test_spc_has_no_django_dependency():
    import pathlib
    import re

    root = pathlib.Path(__import__("coqi.spc").spc.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+django", text, re.MULTILINE | re.IGNORECASE), path
        assert "django" not in text, path  # the release check greps for it


def test_spc_modules_stay_readable_in_one_sitting():
    import pathlib

    root = pathlib.Path(__import__("coqi.spc").spc.__file__).parent
    # The library was split along its steps so a newcomer can read each module whole; keep it that way.
    lines = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in root.glob("*.py")}
    assert not {name: n for name, n in lines.items() if n > 500}


@pytest.mark.parametrize("chart", ["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"])
def test_no_data_gives_empty_frames(chart):
    empty = pd.DataFrame({"y": pd.Series([], dtype=float), "n": pd.Series([], dtype=float)})
    result = qic(empty, y="y", n="n" if chart in ("p", "pp", "u", "up") else None, chart=chart)
    assert result.points.empty and result.summary.empty


@pytest.mark.filterwarnings("ignore:qic. too few points")
@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 5),  # x
            st.one_of(st.none(), st.integers(1, 6)),  # y (None = missing)
            st.one_of(st.none(), st.integers(1, 9)),  # n
            st.sampled_from(["a", "b", None]),  # facet
        ),
        max_size=25,
    ),
    chart=st.sampled_from(["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"]),
    part=st.one_of(st.none(), st.lists(st.integers(0, 8), max_size=2)),
    exclude=st.lists(st.integers(1, 8), max_size=2),
    freeze=st.one_of(st.none(), st.integers(1, 8)),
    agg_fun=st.sampled_from(["mean", "median", "sum"]),
)
def test_any_mix_of_missing_values_and_options_gives_a_consistent_chart(rows, chart, part, exclude, freeze, agg_fun):
    assume(not (chart == "t" and agg_fun == "sum"))  # a sum of no values is 0: not a time between events
    data = pd.DataFrame(rows, columns=["x", "y", "n", "f"]).astype({"y": float, "n": float})
    needs_n = chart in ("p", "pp", "u", "up")
    result = qic(data, x="x", y="y", n="n" if needs_n else None, chart=chart, facets=["f"], part=part,
                 exclude=exclude, freeze=freeze, agg_fun=agg_fun)  # fmt: skip
    p, s = result.points, result.summary
    kept = data.dropna(subset=["f"])
    assert len(p) == len(kept.drop_duplicates(["x", "f"]))
    assert len(s) == len(p.drop_duplicates(["facet1", "part"]))
    assert (p["n.useful"] <= p["n.obs"]).all()
    assert not (p["sigma.signal"] & p["ucl"].isna() & p["lcl"].isna()).any()
    assert (p["y.length"] >= 0).all()
    if chart in ("p", "pp"):
        assert (p["ucl"].dropna() <= 1).all()
    if chart in ("p", "pp", "c", "u", "up", "g", "t"):
        assert (p["lcl"].dropna() >= 0).all()


def test_numeric_x_groups_like_r_factor_levels():
    # R makes subgroups from as.character(x) (15 significant digits): 0.1 + 0.2 and 0.3 are one subgroup.
    p = qic(pd.DataFrame({"x": [0.1 + 0.2, 0.3, 0.5], "y": [1.0, 3, 5]}), x="x", y="y").points
    assert p["y"].tolist() == [2, 5] and p["y.length"].tolist() == [2, 1]


def test_a_stray_text_among_date_objects_is_reported():
    import datetime as dt

    data = pd.DataFrame({"when": [dt.date(2024, 1, d) for d in (1, 2, 3, 4)], "y": [1.0, 2, 3, 4]}, dtype=object)
    data.loc[2, "when"] = "soon"
    with pytest.raises(SpcInputError) as raised:
        qic(data, x="when", y="y")
    assert (raised.value.column, raised.value.row) == ("when", 2)


def test_uk_dates_are_day_first():
    data = frame([1.0, 2, 3], when=["31/01/2024", "01/02/2024", "29/02/2024"])
    assert qic(data, x="when", y="y").points["x"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-31",
        "2024-02-01",
        "2024-02-29",
    ]


def test_categorical_x_keeps_its_level_order_like_an_r_factor():
    unit = pd.Categorical(["low", "high", "mid", "low"], categories=["low", "mid", "high"])
    p = qic(pd.DataFrame({"unit": unit, "y": [1.0, 3, 2, 5]}), x="unit", y="y").points
    assert p["x"].tolist() == ["low", "mid", "high"]
    assert p["y"].tolist() == [3, 2, 3]
    assert not p["runs.signal"].any()


def test_row_order_of_a_large_faceted_frame_does_not_change_the_chart():
    # Rows stored series by series take a faster path for the facet codes; shuffled rows the general one.
    rng = np.random.default_rng(3)
    names = [f"ward {i}" for i in rng.permutation(60)] + [None]
    data = pd.DataFrame(
        {"ward": np.repeat(np.array(names, dtype=object), 30), "week": np.tile(np.arange(30), 61),
         "y": rng.poisson(10, 61 * 30).astype(float)}
    )  # fmt: skip
    grouped = qic(data, x="week", y="y", chart="i", facets=["ward"]).points
    shuffled = qic(data.sample(frac=1, random_state=1), x="week", y="y", chart="i", facets=["ward"]).points
    assert len(grouped) == 60 * 30  # rows without a ward are dropped, as qicharts2 drops them
    assert sorted(grouped["facet1"].unique()) == sorted(n for n in names if n)
    pd.testing.assert_frame_equal(grouped, shuffled)


def test_notes_of_a_subgroup_are_joined_once_each():
    data = pd.DataFrame(
        {"x": [1, 1, 1, 2, 3], "y": [1.0, 2, 3, 4, 5], "note": ["audit", None, "audit", None, "new form|pilot"]}
    )
    p = qic(data, x="x", y="y", notes="note").points
    notes = p["notes"].tolist()
    assert notes[0] == "audit" and pd.isna(notes[1]) and notes[2] == "new form | pilot"
    assert qic(data, x="x", y="y").points["notes"].isna().all()
