"""From subgroups to ``qic()``'s two frames: the chart's lines, the runs analysis, ``points`` and ``summary``.

Separate from the entry point so that :func:`~coqi.spc.qic.qic` reads as argument checking followed by one
call, and from the chart formulas because the output contract (column names, order and dtypes, matching
``qicharts2::qic(return.data = TRUE)`` and ``summary()``) is a concern of its own.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ._qic_charts import CHART_FUNCTIONS, Lines, Segments
from ._qic_input import SubgroupVariable
from ._qic_subgroups import Layout, Subgroups, layout
from ._segments import r_mean
from .anhoej import segment_runs

# Column order of the two frames, as qicharts2 returns them (QicResult's docstring says what each holds).
POINT_COLUMNS = (
    "x", "facet1", "facet2", "part", "xx", "y", "y.sum", "y.length", "y.mean", "y.sd", "n",
    "cl", "lcl", "ucl", "lcl.95", "ucl.95", "target", "notes", "baseline", "include",
    "runs.signal", "sigma.signal", "n.obs", "n.useful", "longest.run", "longest.run.max",
    "n.crossings", "n.crossings.min",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "facet1", "facet2", "part", "n.obs", "n.useful", "longest.run", "longest.run.max", "n.crossings",
    "n.crossings.min", "runs.signal", "aLCL", "aLCL.95", "CL", "aUCL.95", "aUCL", "sigma.signal",
)  # fmt: skip


def _scaled_lines(lines: Lines, multiply: float) -> dict:
    """y, centre line and limits × multiply; infinite limits become missing, as qicharts2 does.

    The chart functions return fresh arrays for the lines, so they are scaled in place; y may be a view of
    the caller's data and is always copied."""
    mult = float(multiply)
    out = {"y": lines.y * mult}
    seen: set[int] = set()
    for name, v in (("cl", lines.cl), ("lcl", lines.lcl), ("ucl", lines.ucl), ("lcl.95", lines.lcl95),
                    ("ucl.95", lines.ucl95)):  # fmt: skip
        if id(v) in seen:  # never scale one array twice
            v = v.copy()
        seen.add(id(v))
        if mult != 1:
            with np.errstate(invalid="ignore", over="ignore"):
                v *= mult
        if name != "cl":
            np.copyto(v, np.nan, where=np.isinf(v))
        out[name] = v
    return out


def analyse(sub: Subgroups, xv: SubgroupVariable, f_values, chart, breaks, freeze, exclude, multiply, cl, target,
             screened_mr) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """The ``points`` and ``summary`` frames of the aggregated subgroups ``sub``."""
    lay = layout(sub, breaks, freeze, exclude)
    s = Segments(
        y=sub.y, y_sum=sub.y_sum, y_length=sub.y_length, y_mean=sub.y_mean, y_sd=sub.y_sd, n=sub.n,
        base=lay.baseline & lay.include, include=lay.include, seg=lay.seg, nseg=lay.nseg,
        cl_fixed=None if cl is None else float(cl), screened_mr=bool(screened_mr),
        x_is_character=xv.kind == "string", counts=lay.counts,
    )  # fmt: skip
    lines = CHART_FUNCTIONS[chart](s)
    # The runs analysis compares y with the centre line before multiply, as qicharts2 does.
    runs = segment_runs(lines.y, lines.cl, lay.include, lay.seg, lay.nseg)
    if xv.dots_only or chart == "mr":
        runs["runs.signal"] = np.zeros(lay.nseg, dtype=bool)
    scaled = _scaled_lines(lines, multiply)
    with np.errstate(invalid="ignore"):
        # Strict, and a comparison with a missing limit is no signal.
        sigma_signal = (scaled["y"] > scaled["ucl"]) | (scaled["y"] < scaled["lcl"])
    if chart != "run" and len(sub.y):
        _warn_missing_limits(lines.y, scaled["ucl"], lay)

    m = len(sub.y)
    points = pd.DataFrame(
        copy=False,  # one block per column: consolidating 28 columns of a million rows costs more than the chart
        data={
            "x": sub.x,
            "facet1": f_values[0][sub.f1_code],
            "facet2": f_values[1][sub.f2_code],
            "part": lay.part,
            "xx": lay.xx,
            "y": scaled["y"],
            "y.sum": sub.y_sum,
            "y.length": sub.y_length,
            "y.mean": sub.y_mean,
            "y.sd": sub.y_sd,
            "n": lines.n if lines.n is not None else sub.n,
            "cl": scaled["cl"],
            "lcl": scaled["lcl"],
            "ucl": scaled["ucl"],
            "lcl.95": scaled["lcl.95"],
            "ucl.95": scaled["ucl.95"],
            "target": np.full(m, np.nan if target is None else float(target)),
            "notes": sub.notes if sub.notes is not None else np.full(m, None, dtype=object),
            "baseline": lay.baseline,
            "include": lay.include,
            "runs.signal": s.rows(runs["runs.signal"]),
            "sigma.signal": sigma_signal,
            "n.obs": s.rows(runs["n.obs"]),
            "n.useful": s.rows(runs["n.useful"]),
            **{name: _nullable_int(runs[name], lay.counts) for name in _RUNS_COUNTS},
        },
    )
    summary = _summary(points, lay, sub, runs, lines.constant_limits)
    if m and lay.part.max() > 1:
        # qicharts2 returns the rows part by part (then facet2, facet1, x).
        points = points.iloc[np.argsort(lay.part, kind="stable")].reset_index(drop=True)
    return points, summary


_RUNS_COUNTS = ("longest.run", "longest.run.max", "n.crossings", "n.crossings.min")


def _nullable_int(values: np.ndarray, repeat: np.ndarray | None = None) -> pd.arrays.IntegerArray:
    """Float counts (NaN = missing) as a nullable integer array, optionally repeated ``repeat[i]`` times."""
    missing = np.isnan(values)
    ints = np.where(missing, 0, values).astype(np.int64)
    if repeat is not None:
        ints, missing = np.repeat(ints, repeat), np.repeat(missing, repeat)
    return pd.arrays.IntegerArray(ints, missing)


def _warn_missing_limits(y, ucl, lay: Layout):
    starts = np.concatenate(([0], np.cumsum(lay.counts)[:-1]))
    has_value = np.logical_or.reduceat(~np.isnan(y), starts)
    has_limit = np.logical_or.reduceat(~np.isnan(ucl), starts)
    short = int(np.count_nonzero(has_value & ~has_limit))
    if short:
        warnings.warn(
            f"qic: too few points to compute control limits in {short} facet/part segment(s); "
            "their limits are left missing",
            UserWarning,
            stacklevel=3,
        )


def _summary(points: pd.DataFrame, lay: Layout, sub: Subgroups, runs: dict, constant_limits: bool) -> pd.DataFrame:
    """summary(qic(...)): one row per facet1 × facet2 × part, ordered by facet1, facet2, part."""
    if not lay.nseg:
        return pd.DataFrame({c: [] for c in SUMMARY_COLUMNS})
    first = np.concatenate(([0], np.cumsum(lay.counts)[:-1]))

    def part_mean(col):
        values = points[col].to_numpy(dtype=float)
        # The centre line, and for most charts the limits, are constant within a part; their mean is that
        # constant (R's long-double mean agrees exactly), which saves a pass over every row.
        if col == "cl" or constant_limits:
            return values[first]
        return r_mean(values, lay.seg, lay.nseg)

    flagged = np.bincount(lay.seg, weights=points["sigma.signal"].to_numpy(), minlength=lay.nseg)
    summary = pd.DataFrame(
        {
            "facet1": points["facet1"].to_numpy()[first],
            "facet2": points["facet2"].to_numpy()[first],
            "part": lay.part[first],
            "n.obs": runs["n.obs"],
            "n.useful": runs["n.useful"],
            **{name: _nullable_int(runs[name]) for name in _RUNS_COUNTS},
            "runs.signal": runs["runs.signal"].astype(np.int64),
            "aLCL": part_mean("lcl"),
            "aLCL.95": part_mean("lcl.95"),
            "CL": part_mean("cl"),
            "aUCL.95": part_mean("ucl.95"),
            "aUCL": part_mean("ucl"),
            "sigma.signal": flagged.astype(np.int64),
        }
    )
    order = np.lexsort((lay.part[first], sub.f2_code[first], sub.f1_code[first]))
    return summary.iloc[order].reset_index(drop=True)
