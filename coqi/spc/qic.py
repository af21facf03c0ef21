"""qicharts2-compatible run and control charts: ``qic()``.

Agrees with ``qicharts2::qic(..., return.data = TRUE)`` 0.8.1 and ``summary()`` of it, for all 13 chart types,
to a relative 1e-9 on centre lines and limits and exactly on every flag and count (see the conformance suite).

The engine is vectorised across facets and parts: data are sorted once into subgroups (facet, x), each facet
is cut into parts, and every centre line, limit and runs analysis is computed with grouped numpy reductions
over the (facet, part) segments, never with a Python loop per series.

This module is the public entry: the arguments are checked here, then the work runs in four steps, each in
its own module: ``_qic_input`` (columns to arrays, naming the row of any bad value), ``_qic_subgroups``
(aggregation and parts), ``_qic_charts`` (the 13 chart types' formulas) and ``_qic_frames`` (runs analysis
and the ``points`` and ``summary`` frames).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._qic_frames import analyse
from ._qic_input import (
    X_TYPES,
    SubgroupVariable,
    as_numbers,
    facet_codes,
    input_column,
    part_breaks_from_labels,
    subgroup_variable,
)
from ._qic_subgroups import aggregate
from .errors import SpcInputError

__all__ = ["CHARTS", "QicResult", "qic"]

CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip")
AGG_FUNS = ("mean", "median", "sum", "sd")
_DENOMINATOR_CHARTS = ("p", "pp", "u", "up", "ip")


@dataclass
class QicResult:
    """The result of ``qic()``.

    ``points`` -- one row per aggregated subgroup (as qicharts2's ``return.data = TRUE``), ordered as qicharts2
    orders them (part, then facet2, facet1, then x):

    ============== ===========================================================================================
    x              subgroup (dates as datetime64, numbers, or strings); 1..N when ``x`` was not given
    facet1, facet2 facet values (``1`` when unused); ``facets=[a]`` fills facet1, ``facets=[a, b]`` both
    part           part number within the facet (1, 2, ...)
    xx             position of the subgroup within its facet (1-based, in sorted x order)
    y              plotted value, already multiplied: aggregated y (agg_fun), Σy/Σn with a denominator,
                   the subgroup mean (xbar), SD (s), count (c) or moving range (mr)
    y.sum          sum of y in the subgroup (missing for a single missing value)
    y.length       number of non-missing y values in the subgroup
    y.mean, y.sd   mean and standard deviation of y in the subgroup
    n              Σn in the subgroup (missing without a denominator)
    cl             centre line (× multiply)
    lcl, ucl       3-sigma control limits (× multiply); missing for run charts and where incomputable
    lcl.95, ucl.95 2-sigma limits (× multiply)
    target         the ``target`` argument (missing when not given)
    notes          the subgroup's notes joined with " | ", or missing
    baseline       xx <= freeze (subgroup used for centre line and limits)
    include        subgroup not in ``exclude``
    runs.signal    Anhøj signal (long run or few crossings) of the whole part, repeated on every row; always
                   False for MR charts and for non-numeric, non-date x
    sigma.signal   y strictly outside the 3-sigma limits (evaluated for excluded points too)
    n.obs          included subgroups in the part
    n.useful       included subgroups with a value not on the centre line
    longest.run    longest run on one side of the centre line (missing when n.useful is 0)
    longest.run.max  round(log2(n.useful)) + 3
    n.crossings    number of times the line crosses the centre line
    n.crossings.min  qbinom(0.05, n.useful - 1, 0.5)
    ============== ===========================================================================================

    ``summary`` -- one row per facet1 × facet2 × part, as ``summary(qic(...))``: the runs columns of the part,
    ``runs.signal`` (0/1), ``aLCL``, ``aLCL.95``, ``CL``, ``aUCL.95``, ``aUCL`` (means over the part's rows,
    missing values ignored) and ``sigma.signal`` (number of points outside the limits).

    ``chart`` is the chart type.
    """

    points: pd.DataFrame
    summary: pd.DataFrame
    chart: str


def _check_args(chart, agg_fun, method, facets, multiply, cl, target):
    if chart not in CHARTS:
        raise SpcInputError(f"unknown chart type {chart!r}; choose one of {', '.join(CHARTS)}", column=None)
    if agg_fun not in AGG_FUNS:
        raise SpcInputError(f"unknown agg_fun {agg_fun!r}; choose one of {', '.join(AGG_FUNS)}", column=None)
    if method != "anhoej":
        raise SpcInputError(f"unsupported runs analysis method {method!r}; only 'anhoej'", column=None)
    if len(facets) > 2:
        raise SpcInputError("at most two facets (facet1, facet2)", column=None)
    for name, value in (("multiply", multiply), ("cl", cl), ("target", target)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, np.number))):
            raise SpcInputError(f"{name} must be a number, not {value!r}", column=None)


def _position(value, name: str) -> int:
    """A 1-based subgroup position (part, freeze, exclude): an integer, or a float with no fraction."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    raise SpcInputError(f"{name}: subgroup positions must be whole numbers, not {value!r}", column=None)


def _check_denominator(n: np.ndarray, name: str):
    bad = np.flatnonzero(n <= 0)
    if len(bad):
        row = int(bad[0])
        raise SpcInputError(
            f"column {name!r}, row {row}: denominator {float(n[row]):g} must be positive", column=name, row=row
        )


def _check_t_values(subgroup_y: np.ndarray, raw_y: np.ndarray, name: str):
    """qicharts2 stops when a (aggregated) time between events is not positive; name the first such raw row."""
    if not np.any(subgroup_y <= 0):
        return
    bad = np.flatnonzero(raw_y <= 0)
    row = int(bad[0]) if len(bad) else None
    where = f"row {row}: {float(raw_y[row]):g}" if row is not None else "a subgroup"
    raise SpcInputError(
        f"column {name!r}, {where}: times between events must be greater than zero", column=name, row=row
    )


def qic(
    data: pd.DataFrame,
    *,
    x: str | None = None,
    y: str,
    n: str | None = None,
    chart: str = "run",
    facets: Sequence[str] = (),
    part: Sequence[int] | str | None = None,
    freeze: int | None = None,
    exclude: Sequence[int] = (),
    multiply: float = 1,
    agg_fun: str = "mean",
    cl: float | None = None,
    target: float | None = None,
    notes: str | None = None,
    screened_mr: bool = True,
    method: str = "anhoej",
    x_type: str = "auto",
) -> QicResult:
    """Run or control chart of ``data`` as ``qicharts2::qic()`` 0.8.1 computes it.

    Arguments name columns of ``data``: ``y`` (values or numerators), ``x`` (subgroups; default 1..N, one
    subgroup per row), ``n`` (denominators), ``facets`` (zero, one or two columns: one chart per facet),
    ``notes`` (annotations). Several rows with the same x and facet form one subgroup: with ``n`` its value
    is Σy/Σn, otherwise ``agg_fun`` ("mean", "median", "sum", "sd") of y.

    ``chart``: one of run i mr xbar s t p pp c u up g ip. ``part``: 1-based subgroup positions after which a
    new part (with its own centre line, limits and runs analysis) starts, or the name of a column of phase
    labels. ``freeze``: centre line and limits from subgroups 1..freeze only (ignored with ``part``).
    ``exclude``: 1-based positions left out of centre line, limits and runs analysis. Positions count
    subgroups within each facet. ``multiply`` scales y, centre line and limits; ``cl`` fixes the centre line;
    ``target`` is carried into the output; ``screened_mr`` drops moving ranges >= 3.267·MRbar once before
    estimating sigma (qicharts2's ``qic.screenedmr`` option, on when the package is attached).
    ``x_type``: "auto" (default) takes dates, numbers and text from the column's dtype and reads text that
    mostly looks like dates (YYYY-MM-DD or DD/MM/YYYY) as dates; "string" treats x as categories, as R
    does with a character x (no runs analysis; Laney charts use the SD of z-scores); "date"/"number" insist.

    Returns a :class:`QicResult` (``points`` and ``summary`` frames; see its docstring for every column).
    Raises :class:`~coqi.spc.SpcInputError` for unknown columns or chart types, non-numeric values, dates
    that do not parse, non-positive denominators on P/U charts and non-positive times on T charts. Warns
    (``UserWarning``) and leaves limits missing when a part has too few points to estimate them.
    """
    facets = [facets] if isinstance(facets, str) else list(facets or ())
    if isinstance(part, dict):  # {"column": name}, as cases.json writes a column of phase labels
        part = part.get("column")
    exclude = [_position(v, "exclude") for v in (exclude or ())]
    if part is not None and not isinstance(part, str):
        part = [_position(v, "part") for v in part]
    if freeze is not None:
        freeze = _position(freeze, "freeze")
    if x_type not in X_TYPES:
        raise SpcInputError(f"unknown x_type {x_type!r}; choose one of {', '.join(X_TYPES)}", column=None)
    _check_args(chart, agg_fun, method, facets, multiply, cl, target)
    if not isinstance(data, pd.DataFrame):
        raise SpcInputError("data must be a pandas DataFrame", column=None)

    yv = as_numbers(input_column(data, y, "y"), y)
    got_n = n is not None
    nv = as_numbers(input_column(data, n, "n"), n) if got_n else np.full(len(data), np.nan)
    xv = subgroup_variable(data, x, x_type)
    f_codes, f_values, f_missing = facet_codes(data, facets)
    notes_v = None
    if notes is not None:
        raw_notes = input_column(data, notes, "notes").to_numpy(dtype=object)
        notes_v = np.array(
            ["" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v) for v in raw_notes],
            dtype=object,
        )
    breaks: list[int] = []
    if isinstance(part, str):
        breaks = part_breaks_from_labels(data, part, xv)
    elif part is not None:
        breaks = [int(p) for p in part]
    if got_n and chart in _DENOMINATOR_CHARTS:
        _check_denominator(nv, n)

    if got_n:  # qicharts2 keeps only complete (y, n) pairs
        incomplete = np.isnan(yv) | np.isnan(nv)
        if incomplete.any():
            yv, nv = np.where(incomplete, np.nan, yv), np.where(incomplete, np.nan, nv)

    keep = ~(xv.missing | f_missing)
    if not keep.all():
        xv = SubgroupVariable(xv.values[keep], xv.sort_key[keep], xv.missing[keep], xv.kind)
        yv, nv = yv[keep], nv[keep]
        f_codes = [c[keep] for c in f_codes]
        notes_v = notes_v[keep] if notes_v is not None else None

    sub = aggregate(xv, yv, nv, got_n, f_codes, notes_v, agg_fun)
    if chart == "t":
        _check_t_values(sub.y, yv, y)
    points, summary = analyse(sub, xv, f_values, chart, breaks, None if part is not None else freeze, exclude,
                              multiply, cl, target, screened_mr)  # fmt: skip
    return QicResult(points=points, summary=summary, chart=chart)
