"""qic() against a literal, loop-per-part transcription of qicharts2's R code (tests/spc/qic_reference.py),
on random data that mixes missing values, aggregation, facets, parts, freeze, exclude and fixed centre lines."""

import math
import warnings

import pandas as pd
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from coqi.spc import qic
from tests.spc.qic_reference import qic_reference

FLOATS = ["y", "cl", "lcl", "ucl", "lcl.95", "ucl.95", "y.sum", "n"]
EXACT = ["y.length", "part", "baseline", "include", "n.obs", "n.useful", "longest.run", "longest.run.max",
         "n.crossings", "n.crossings.min", "runs.signal"]  # fmt: skip


def _same_float(a, b) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= max(1e-9 * max(abs(a), abs(b)), 1e-12)


def _value(v):
    return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v


_SERIES = [
    (i, v, k, "a" if i % 3 else "b")
    for i, (v, k) in enumerate(
        [(1, 4), (5, 9), (2, 3), (8, 12), (None, 5), (3, 7), (9, 10), (1, None), (7, 8), (2, 2), (6, 11), (4, 6)] * 2
    )
]


def _case(chart, **options):
    base = dict(rows=_SERIES, chart=chart, use_n=False, faceted=False, text_x=False, part=[], freeze=None,
                exclude=[], fixed_cl=None, multiply=1, agg_fun="mean", screened=True)  # fmt: skip
    return example(**{**base, **options})


@_case("i", freeze=5)
@_case("i", exclude=[3, 6], screened=False)
@_case("mr", part=[7], freeze=4)
@_case("p", use_n=True, exclude=[2], part=[5])
@_case("pp", use_n=True, freeze=8)
@_case("up", use_n=True, text_x=True, faceted=True)
@_case("ip", use_n=True, exclude=[4])
@_case("ip", freeze=6)
@_case("xbar", agg_fun="median", faceted=True)
@_case("s", exclude=[1], part=[3])
@_case("t", freeze=6)
@_case("g", fixed_cl=3.0)
@_case("c", multiply=2.5, part=[2, 6])
@_case("run", agg_fun="sum", freeze=4, exclude=[2])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 9),
            st.one_of(st.none(), st.integers(1, 9)),
            st.one_of(st.none(), st.integers(1, 12)),
            st.sampled_from(["a", "b"]),
        ),
        min_size=1,
        max_size=40,
    ),
    chart=st.sampled_from(["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"]),
    use_n=st.booleans(),
    faceted=st.booleans(),
    text_x=st.booleans(),
    part=st.lists(st.integers(0, 7), max_size=2),
    freeze=st.one_of(st.none(), st.integers(1, 6)),
    exclude=st.lists(st.integers(1, 8), max_size=2),
    fixed_cl=st.one_of(st.none(), st.sampled_from([0.25, 3.0])),
    multiply=st.sampled_from([1, 2.5]),
    agg_fun=st.sampled_from(["mean", "median", "sum"]),
    screened=st.booleans(),
)
def test_qic_matches_the_literal_transcription(rows, chart, use_n, faceted, text_x, part, freeze, exclude, fixed_cl,
                                               multiply, agg_fun, screened):  # fmt: skip
    if chart in ("p", "pp", "u", "up"):
        use_n = True
    assume(not (chart == "t" and agg_fun == "sum" and not use_n))
    data = pd.DataFrame(rows, columns=["x", "y", "n", "f"]).astype({"y": float, "n": float})
    if text_x:
        data["x"] = "k" + data["x"].astype(str)
    kwargs = dict(x="x", y="y", n="n" if use_n else None, chart=chart, part=part or None, freeze=freeze,
                  exclude=exclude, multiply=multiply, agg_fun=agg_fun, cl=fixed_cl, screened_mr=screened)  # fmt: skip
    if chart == "t":
        ys = qic(data, x="x", y="y", n=kwargs["n"], agg_fun=agg_fun).points["y"]
        assume((ys.dropna() > 0).all())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = qic(data, facets=["f"] if faceted else [], x_type="string" if text_x else "auto", **kwargs).points
        want = qic_reference(data, facet="f" if faceted else None, x_is_character=text_x,
                             **{k: v for k, v in kwargs.items() if k not in ("part", "screened_mr")},
                             part=part, screened_mr=screened)  # fmt: skip

    assert len(got) == len(want)
    got = got.set_index(["facet1", "xx"]).sort_index()
    want = want.set_index(["facet1", "xx"]).sort_index()
    assert list(got.index) == list(want.index)
    for col in FLOATS:
        for key, a, b in zip(got.index, got[col], want[col]):
            assert _same_float(float(a), float(b)), (col, key, a, b)
    for col in EXACT:
        for key, a, b in zip(got.index, got[col], want[col]):
            assert _value(a) == _value(b), (col, key, a, b)
    # Strict sigma signals, except where a point sits within rounding of a limit.
    for key, row in got.iterrows():
        ref = want.loc[key]
        near = any(
            not math.isnan(limit) and abs(row["y"] - limit) <= 1e-9 * max(1.0, abs(limit))
            for limit in (float(row["ucl"]), float(row["lcl"]))
        )
        if not near:
            assert bool(row["sigma.signal"]) == bool(ref["sigma.signal"]), key
