"""qicharts2-compatible run and control charts: ``qic()``.

Agrees with ``qicharts2::qic(..., return.data = TRUE)`` 0.8.1 and ``summary()`` of it, for all 13 chart types,
to a relative 1e-9 on centre lines and limits and exactly on every flag and count (see the conformance suite).

The engine is vectorised across facets and parts: data are sorted once into subgroups (facet, x), each facet
is cut into parts, and every centre line, limit and runs analysis is computed with grouped numpy reductions
over the (facet, part) segments, never with a Python loop per series.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _constants as K
from ._segments import lagged, r_mean, r_median, r_sd, r_sd_strict, r_sum
from .anhoej import segment_runs
from .errors import SpcInputError

__all__ = ["CHARTS", "QicResult", "qic"]

CHARTS = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip")
AGG_FUNS = ("mean", "median", "sum", "sd")
_DENOMINATOR_CHARTS = ("p", "pp", "u", "up", "ip")

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


# ------------------------------------------------------------------------------------------------ input


_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")
_MISSING_TEXT = {"", "NA", "NaN", "nan", "NULL", "null", "None"}


def _column(data: pd.DataFrame, name, role: str) -> pd.Series:
    if not isinstance(name, str) or name not in data.columns:
        raise SpcInputError(f"{role}: unknown column {name!r}", column=str(name))
    return data[name]


def _numeric(col: pd.Series, name: str) -> np.ndarray:
    """A column as float64 with NaN for missing; text that is not a number raises SpcInputError."""
    if pd.api.types.is_bool_dtype(col):
        return col.astype(float).to_numpy()
    if pd.api.types.is_numeric_dtype(col):
        return col.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_datetime64_any_dtype(col):
        raise SpcInputError(f"column {name!r} holds dates, not numbers", column=name, row=0)
    quick = pd.to_numeric(col, errors="coerce")
    if not (quick.isna() & col.notna()).any():  # every text value was a number
        return quick.to_numpy(dtype=float, na_value=np.nan)
    values = col.to_numpy(dtype=object)
    out = np.empty(len(values))
    for row, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            out[row] = np.nan
        elif isinstance(v, (bool, np.bool_)):
            out[row] = float(v)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            out[row] = float(v)
        elif isinstance(v, str) and v.strip() in _MISSING_TEXT:
            out[row] = np.nan
        else:
            try:
                out[row] = float(str(v).strip())
            except ValueError:
                raise SpcInputError(
                    f"column {name!r}, row {row}: {v!r} is not a number", column=name, row=row
                ) from None
    return out


@dataclass
class _X:
    """Subgroup variable: ``sort_key`` orders it, ``values`` are what the output shows."""

    values: np.ndarray
    sort_key: np.ndarray  # float64 or int64; NaN/sentinel handled through ``missing``
    missing: np.ndarray
    kind: str  # "number", "date", "string" or "logical"

    @property
    def dots_only(self) -> bool:
        # qicharts2 connects points and runs the runs analysis only when x is numeric (dates are numeric).
        return self.kind in ("string", "logical")


_UK_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*$")
X_TYPES = ("auto", "number", "date", "string")


def _sample(values: np.ndarray, size: int = 2000) -> np.ndarray:
    """An evenly spaced sample: enough to tell which date format a column uses without scanning it all."""
    if len(values) <= size:
        return values
    return values[np.linspace(0, len(values) - 1, size).astype(np.int64)]


def _date_format(text: pd.Series) -> str:
    present = text[~text.isin(_MISSING_TEXT)]
    iso_share = present.str.match(_ISO_DATE).mean() if len(present) else 1.0
    return "ISO8601" if iso_share >= 0.5 else "%d/%m/%Y"


def _text_dates(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parse distinct date texts, ISO (YYYY-MM-DD[ HH:MM[:SS]]) or UK (DD/MM/YYYY), whichever most of them
    are. Returns the dates (NaT where missing or unparsable) and which texts did not parse."""
    series = pd.Series(text, dtype=object)
    fmt = _date_format(pd.Series(_sample(text), dtype=object).str.strip())

    def parse(values: pd.Series):
        missing = values.isin(_MISSING_TEXT).to_numpy()
        parsed = pd.to_datetime(values.where(~missing, None), format=fmt, errors="coerce", utc=True)
        return parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]"), missing

    dates, missing = parse(series)
    bad = ~missing & np.isnat(dates)
    if bad.any():  # second chance for text with surrounding spaces
        retried, retried_missing = parse(series[bad].str.strip())
        dates[bad] = retried
        bad[bad] = ~retried_missing & np.isnat(retried)
    return dates, bad


def _object_dates(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates from distinct Python objects (date, datetime, Timestamp, date text); (dates, unparsable)."""
    out = np.empty(len(values), dtype="datetime64[ns]")
    bad = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        out[i] = np.datetime64("NaT")
        if isinstance(v, str):
            if v.strip() in _MISSING_TEXT:
                continue
            dates, unparsable = _text_dates(np.array([v], dtype=object))
            out[i], bad[i] = dates[0], unparsable[0]
            continue
        try:
            ts = pd.Timestamp(v)
        except (ValueError, TypeError):
            bad[i] = True
            continue
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        out[i] = ts.to_datetime64()
    return out, bad


def _dates_by_code(codes: np.ndarray, uniques: np.ndarray, name: str) -> np.ndarray:
    """Dates for factorized values: parse each distinct value once, then spread to the rows."""
    if pd.api.types.infer_dtype(uniques, skipna=True) == "string":
        parsed, bad = _text_dates(uniques)
    else:
        parsed, bad = _object_dates(uniques)
    if bad.any():
        row = int(np.flatnonzero((codes >= 0) & bad[np.maximum(codes, 0)])[0])
        _raise_not_date(name, row, uniques[codes[row]])
    dates = parsed[np.maximum(codes, 0)] if len(parsed) else np.full(len(codes), np.datetime64("NaT"), "M8[ns]")
    dates[codes < 0] = np.datetime64("NaT")
    return dates


def _categories(codes: np.ndarray, uniques: np.ndarray) -> _X:
    """Text subgroups (R's character x), ordered by code point as R sorts in the C locale."""
    text = np.array([v if isinstance(v, str) else str(v) for v in uniques], dtype=object)
    rank = np.empty(len(text), dtype=np.int64)
    rank[np.argsort(text, kind="stable")] = np.arange(len(text))
    missing = codes < 0
    values = text[np.maximum(codes, 0)] if len(text) else np.full(len(codes), None, dtype=object)
    values[missing] = None
    key = np.where(missing, -1, rank[np.maximum(codes, 0)] if len(text) else -1)
    return _X(values, key.astype(np.int64), missing, "string")


def _looks_like_dates(uniques: np.ndarray) -> bool:
    kind = pd.api.types.infer_dtype(uniques, skipna=True)
    if kind in ("date", "datetime", "datetime64"):
        return True
    if kind == "mixed":  # dates with the odd stray text: still a date column, whose bad rows must be reported
        return any(isinstance(v, (_dt.date, pd.Timestamp, np.datetime64)) for v in _sample(uniques))
    if kind != "string":
        return False
    text = pd.Series(_sample(uniques), dtype=object).str.strip()
    text = text[~text.isin(_MISSING_TEXT)]
    return bool(len(text)) and (text.str.match(_ISO_DATE) | text.str.match(_UK_DATE)).mean() >= 0.5


def _raise_not_date(name: str, row: int, value):
    raise SpcInputError(f"column {name!r}, row {row}: {value!r} is not a date", column=name, row=row)


def _date_x(values: np.ndarray) -> _X:
    return _X(values, values.view(np.int64), np.isnat(values), "date")


def _r_factor_key(values: np.ndarray) -> np.ndarray:
    """Grouping key of a numeric x as R forms subgroups: factor levels are as.character(x), 15 significant
    digits, so values that differ only beyond that (0.1 + 0.2 and 0.3) fall in one subgroup."""
    finite = np.isfinite(values)
    if np.array_equal(values[finite], np.round(values[finite])):
        return values  # whole numbers print exactly (up to 1e15)
    uniq, inverse = np.unique(values, return_inverse=True)
    rounded = np.array([float(f"{v:.15g}") for v in uniq])
    return rounded[inverse].reshape(values.shape)


def _subgroup_variable(data: pd.DataFrame, name: str | None, x_type: str = "auto") -> _X:
    """The subgroup variable. ``x_type`` "auto" follows the column's dtype, and reads text columns whose
    values mostly look like dates (ISO or DD/MM/YYYY) as dates; "string" keeps text as categories (R's
    character x, as qicharts2 would see it), "date" and "number" insist on that type."""
    nrow = len(data)
    if name is None:
        seq = np.arange(1, nrow + 1, dtype=np.int64)
        return _X(seq, seq, np.zeros(nrow, dtype=bool), "number")
    col = _column(data, name, "x")
    if x_type == "number":
        values = _numeric(col, name)
        return _X(values, values, np.isnan(values), "number")
    if pd.api.types.is_datetime64_any_dtype(col) and x_type != "string":
        if getattr(col.dtype, "tz", None) is not None:
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        return _date_x(col.to_numpy(dtype="datetime64[ns]"))
    if pd.api.types.is_bool_dtype(col) and x_type == "auto":
        values = col.to_numpy()
        return _X(values, values.astype(np.int64), np.zeros(nrow, dtype=bool), "logical")
    if pd.api.types.is_numeric_dtype(col) and x_type == "auto":
        values = col.to_numpy(dtype=float, na_value=np.nan) if col.hasnans else col.to_numpy()
        key = _r_factor_key(values.astype(float))
        return _X(values, key, np.isnan(key), "number")

    if isinstance(col.dtype, pd.CategoricalDtype) and x_type in ("auto", "string"):
        # An R factor: subgroups in level order, and no runs analysis (qicharts2's dots.only).
        codes = col.cat.codes.to_numpy().astype(np.int64)
        missing = codes < 0
        labels = np.array([str(c) for c in col.cat.categories], dtype=object)
        values = labels[np.maximum(codes, 0)] if len(labels) else np.full(nrow, None, dtype=object)
        values[missing] = None
        return _X(values, codes, missing, "string")
    # Text or Python objects: work on the distinct values, then spread to the rows.
    codes, uniques = pd.factorize(col.astype(object), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if x_type == "date" or (x_type == "auto" and _looks_like_dates(uniques)):
        return _date_x(_dates_by_code(codes, uniques, name))
    return _categories(codes, uniques)


def _factorize_sorted(col: pd.Series):
    """``pd.factorize(col, sort=True)``, faster for text facets stored series by series: hashing one value per
    run of equal values instead of every row (hashing half a million strings costs more than a chart)."""
    if pd.api.types.is_numeric_dtype(col) or isinstance(col.dtype, pd.CategoricalDtype) or len(col) < 1000:
        return pd.factorize(col, sort=True)
    values = col.to_numpy(dtype=object)
    change = np.ones(len(values), dtype=bool)
    change[1:] = values[1:] != values[:-1]
    heads = np.flatnonzero(change)
    if len(heads) > len(values) // 4:
        return pd.factorize(col, sort=True)
    codes, uniques = pd.factorize(pd.Series(values[heads], dtype=col.dtype), sort=True)
    return np.repeat(codes, np.diff(np.append(heads, len(values)))), uniques


def _facet_codes(data: pd.DataFrame, facets: Sequence[str]):
    """Sorted codes and values of up to two facet columns (constant 1 when unused)."""
    nrow = len(data)
    codes, uniques, missing = [], [], np.zeros(nrow, dtype=bool)
    for name in facets:
        col = _column(data, name, "facets")
        try:
            c, u = _factorize_sorted(col)
        except TypeError:  # mixed types: order as text
            c, u = pd.factorize(col.astype(str).where(col.notna(), None), sort=True)
        codes.append(c.astype(np.int64))
        uniques.append(np.asarray(u, dtype=object) if not pd.api.types.is_numeric_dtype(col) else np.asarray(u))
        missing |= c < 0
    while len(codes) < 2:
        codes.append(np.zeros(nrow, dtype=np.int64))
        uniques.append(np.array([1], dtype=np.int64))
    return codes, uniques, missing


def _part_breaks_from_labels(data: pd.DataFrame, name: str, x: _X) -> list[int]:
    """qicharts2: labels of the first row of each distinct x (input order); a part starts at each new label."""
    labels = _column(data, name, "part").to_numpy(dtype=object)
    x_first = ~pd.Series(x.sort_key).where(~x.missing, None).duplicated().to_numpy()
    firsts = pd.Series(labels[x_first], dtype=object)
    codes, _ = pd.factorize(firsts, use_na_sentinel=False)
    _, first_pos = np.unique(codes, return_index=True)
    return sorted(int(p) for p in first_pos[1:])


# ------------------------------------------------------------------------------------------------ subgroups


@dataclass
class _Subgroups:
    """Aggregated subgroups, sorted by facet (facet2 major, facet1 minor), then x."""

    x: np.ndarray
    f1_code: np.ndarray
    f2_code: np.ndarray
    facet_new: np.ndarray  # first subgroup of a facet
    y: np.ndarray
    y_sum: np.ndarray
    y_length: np.ndarray
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray
    notes: np.ndarray | None


def _fix_notes(text: str | None):
    if not text:
        return None
    text = re.sub(r"\|{2,}", "|", text)
    text = re.sub(r"^\||\|$", "", text)
    text = text.replace("|", " | ")
    return text or None


def _strictly_ordered(fcode: np.ndarray, key: np.ndarray) -> bool:
    """Rows already sorted by facet then x, with no two rows in one subgroup (nothing to sort or aggregate)."""
    if len(key) < 2:
        return True
    later_x = key[1:] > key[:-1]
    if fcode[0] == fcode[-1] and not fcode.any():  # no facets: one comparison pass
        return bool(later_x.all())
    later_facet = fcode[1:] > fcode[:-1]
    same_facet = fcode[1:] == fcode[:-1]
    return bool(np.all(later_facet | (same_facet & later_x)))


def _subgroup_order(fcode: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Row order by facet, then x (stable, so duplicate subgroups keep their input order)."""
    # Common case: each facet's rows are already in x order but the facets are not in sorted order
    # (e.g. series "s2" before "s10"); a stable sort of the facet codes alone then suffices and is fast.
    order = np.argsort(fcode, kind="stable")
    f, k = fcode[order], key[order]
    if np.all((f[1:] != f[:-1]) | (k[1:] >= k[:-1])):
        return order
    by_x = np.argsort(key, kind="stable")
    return by_x[np.argsort(fcode[by_x], kind="stable")]


def _aggregate(x: _X, y, n, got_n, f_codes, notes, agg_fun) -> _Subgroups:
    """One row per (facet, x) subgroup, sorted by facet (facet2 major, facet1 minor) then x."""
    fcode = f_codes[1] * (int(f_codes[0].max(initial=0)) + 1) + f_codes[0]
    key = x.sort_key
    nrow = len(key)
    already_sorted = _strictly_ordered(fcode, key)
    order = None if already_sorted else _subgroup_order(fcode, key)

    def take(a):
        return a if order is None else a[order]

    fcode_s, key_s = take(fcode), take(key)
    new_group = np.ones(nrow, dtype=bool)
    if not already_sorted:
        new_group[1:] = (fcode_s[1:] != fcode_s[:-1]) | (key_s[1:] != key_s[:-1])
    first = np.flatnonzero(new_group)
    facet_new = np.ones(len(first), dtype=bool)
    facet_new[1:] = fcode_s[first][1:] != fcode_s[first][:-1]
    ys, ns = take(y), take(n)
    notes_s = take(notes) if notes is not None else None
    if len(first) == nrow:
        stats = _single_row_stats(ys, ns, got_n, agg_fun)
        agg_notes = None if notes_s is None else np.array([_fix_notes(v) for v in notes_s], dtype=object)
    else:
        gid = np.cumsum(new_group) - 1
        stats = _grouped_stats(ys, ns, gid, first, got_n, agg_fun)
        agg_notes = None
        if notes_s is not None:
            joined = pd.Series(notes_s).groupby(gid, sort=True).agg(lambda s: "|".join(pd.unique(s)))
            agg_notes = np.array([_fix_notes(v) for v in joined.to_numpy()], dtype=object)
    pick = slice(None) if len(first) == nrow else first  # every row its own subgroup: no gather needed
    return _Subgroups(
        x=take(x.values)[pick], f1_code=take(f_codes[0])[pick], f2_code=take(f_codes[1])[pick],
        facet_new=facet_new, notes=agg_notes, **stats,
    )  # fmt: skip


def _single_row_stats(ys, ns, got_n, agg_fun) -> dict:
    """Subgroup statistics when every subgroup is one row (the usual case): R's rules for one value."""
    present = ~np.isnan(ys)
    if got_n:
        n_out = np.where(np.isnan(ns), 0.0, ns)  # sum(NA, na.rm = TRUE) is 0, so y = 0/0
        with np.errstate(invalid="ignore", divide="ignore"):
            y_out = np.where(present, ys, 0.0) / n_out
    else:
        n_out = ns
        y_out = {"sum": lambda: np.where(present, ys, 0.0), "sd": lambda: np.full(len(ys), np.nan)}.get(
            agg_fun, lambda: ys
        )()
    return dict(
        y=y_out, y_sum=ys.copy(), y_length=present.astype(np.int64), y_mean=ys.copy(),
        y_sd=np.full(len(ys), np.nan), n=n_out,
    )  # fmt: skip


def _grouped_stats(ys, ns, gid, first, got_n, agg_fun) -> dict:
    """Subgroup statistics of several rows per subgroup (``gid`` numbers the subgroups of the sorted rows)."""
    ng = len(first)
    size = np.diff(np.append(first, len(ys)))
    y_total, y_length = r_sum(ys, gid, ng)
    y_mean = r_mean(ys, gid, ng)
    y_sd = r_sd(ys, gid, ng)
    if got_n:
        n_out, _ = r_sum(ns, gid, ng)
        with np.errstate(invalid="ignore", divide="ignore"):
            y_out = y_total / n_out
    else:
        n_out = np.full(ng, np.nan)
        y_out = {
            "mean": lambda: y_mean,
            "median": lambda: r_median(ys, gid, ng),
            "sum": lambda: y_total,
            "sd": lambda: y_sd,
        }[agg_fun]()
    # R: sum(y, na.rm = length(y) > 1) -- a lone missing value stays missing.
    y_sum = np.where(size == 1, ys[first], y_total)
    return dict(y=y_out, y_sum=y_sum, y_length=y_length.astype(np.int64), y_mean=y_mean, y_sd=y_sd, n=n_out)


# ------------------------------------------------------------------------------------------------ charts


@dataclass
class _Segments:
    """Subgroups cut into (facet, part) segments, with the per-row inputs of the chart functions."""

    y: np.ndarray
    y_sum: np.ndarray
    y_length: np.ndarray
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray
    base: np.ndarray
    include: np.ndarray
    seg: np.ndarray
    nseg: int
    cl_fixed: float | None
    screened_mr: bool
    x_is_character: bool
    counts: np.ndarray  # rows per segment

    def per_segment(self, values, mask=None, how=r_mean):
        """``how`` (r_mean, r_median, ...) of ``values`` over the rows selected by ``mask``, per segment."""
        if mask is None or mask.all():
            return how(values, self.seg, self.nseg)
        return how(values[mask], self.seg[mask], self.nseg)

    def computed_cl(self, compute) -> np.ndarray:
        """Centre line per row: the fixed one if given, else ``compute()`` per segment spread to rows."""
        if self.cl_fixed is not None:
            return np.full(len(self.y), float(self.cl_fixed))
        return self.rows(compute())

    def rows(self, per_segment: np.ndarray) -> np.ndarray:
        """Per-segment values spread over the rows of each segment."""
        return np.repeat(per_segment, self.counts)


@dataclass
class _Lines:
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl95: np.ndarray
    ucl95: np.ndarray
    n: np.ndarray | None = None  # only when the chart changes n (I' without a denominator)
    constant_limits: bool = True  # limits are the same on every row of a segment


def _sigma_lines(y, cl, sd) -> _Lines:
    return _Lines(y, cl, cl - 3 * sd, cl + 3 * sd, cl - 2 * sd, cl + 2 * sd)


def _clip_lower(lines: _Lines, *, finite_only: bool = True) -> _Lines:
    for name in ("lcl", "lcl95"):
        v = getattr(lines, name)
        hit = (v < 0) & np.isfinite(v) if finite_only else v < 0
        v[hit] = 0.0
    return lines


def _clip_upper_at_one(lines: _Lines) -> _Lines:
    for name in ("ucl", "ucl95"):
        v = getattr(lines, name)
        v[(v > 1) & np.isfinite(v)] = 1.0
    return lines


def _average_moving_range(values, mask, s: _Segments, *, screen_factor: float | None) -> np.ndarray:
    """Mean |Δ| of consecutive ``mask``-selected values within each segment; a moving range next to a
    missing value is missing and dropped. With ``screen_factor`` the ranges >= factor·mean are dropped once
    and the mean recomputed (qicharts2's ``qic.screenedmr``)."""
    g, [(earlier, later)] = lagged(mask, s.seg, values)
    mr = np.abs(later - earlier)
    amr = r_mean(mr, g, s.nseg)
    if screen_factor is not None:
        with np.errstate(invalid="ignore"):
            keep = mr < screen_factor * amr[g]
        amr = r_mean(mr[keep], g[keep], s.nseg)
    return amr


def _chart_run(s: _Segments) -> _Lines:
    cl = s.computed_cl(lambda: s.per_segment(s.y, s.base, r_median))
    nan = np.full(len(s.y), np.nan)
    return _Lines(s.y, cl, nan, nan.copy(), nan.copy(), nan.copy())


def _chart_i(s: _Segments, y=None) -> _Lines:
    y = s.y if y is None else y
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    amr = _average_moving_range(y - cl, s.base, s, screen_factor=K.D4 if s.screened_mr else None)
    return _sigma_lines(y, cl, s.rows(amr / K.D2))


def _chart_mr(s: _Segments) -> _Lines:
    # Moving ranges within each part; the first point of a part has none.
    y = np.full(len(s.y), np.nan)
    if len(y):
        y[1:] = np.abs(np.diff(s.y))
        y[np.concatenate(([0], np.cumsum(s.counts)[:-1]))] = np.nan
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    zero = np.zeros(len(y))
    return _Lines(y, cl, zero, K.D4 * cl, zero.copy(), (K.D4 / 3) * 2 * cl)


def _chart_t(s: _Segments) -> _Lines:
    with np.errstate(invalid="ignore"):
        lines = _chart_i(s, np.power(s.y, 1 / 3.6))
        back = _Lines(*(np.power(v, 3.6) for v in (lines.y, lines.cl, lines.lcl, lines.ucl, lines.lcl95, lines.ucl95)))
    back.lcl[(back.lcl < 0) | np.isnan(back.lcl)] = 0.0
    return back


def _pooled_sd(s: _Segments) -> np.ndarray:
    """sqrt(Σ(n_i - 1)·s_i² / Σ(n_i - 1)) over baseline subgroups (Montgomery 6.31), per segment; like
    qicharts2 the denominator counts every baseline subgroup, including those with no or one value."""
    num, _ = s.per_segment((s.y_length - 1) * s.y_sd**2, s.base, r_sum)
    den, _ = s.per_segment((s.y_length - 1).astype(float), s.base, r_sum)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(num / den)


def _variable_subgroup_size(s: _Segments) -> np.ndarray:
    """Per segment: do the subgroup sizes (all rows, not only the baseline) vary?"""
    lo = np.full(s.nseg, np.iinfo(np.int64).max)
    hi = np.full(s.nseg, np.iinfo(np.int64).min)
    np.minimum.at(lo, s.seg, s.y_length)
    np.maximum.at(hi, s.seg, s.y_length)
    return lo != hi


def _within_sd(s: _Segments) -> np.ndarray:
    return np.where(_variable_subgroup_size(s), _pooled_sd(s), s.per_segment(s.y_sd, s.base))


def _chart_xbar(s: _Segments) -> _Lines:
    def weighted_mean():
        num, _ = s.per_segment(s.y_length * s.y_mean, s.base, r_sum)
        den, _ = s.per_segment(s.y_length.astype(float), s.base, r_sum)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / den

    cl = s.computed_cl(weighted_mean)
    sd = s.rows(_within_sd(s))
    f3, f2 = K.a3(s.y_length) * sd, K.a3(s.y_length, sigma=2) * sd
    return _Lines(s.y, cl, cl - f3, cl + f3, cl - f2, cl + f2, constant_limits=False)


def _chart_s(s: _Segments) -> _Lines:
    cl = s.computed_cl(lambda: _within_sd(s))
    return _Lines(
        s.y_sd, cl, K.b3(s.y_length) * cl, K.b4(s.y_length) * cl,
        K.b3(s.y_length, sigma=2) * cl, K.b4(s.y_length, sigma=2) * cl, constant_limits=False,
    )  # fmt: skip


def _ratio_cl(s: _Segments) -> np.ndarray:
    num, _ = s.per_segment(s.y_sum, s.base, r_sum)
    den, _ = s.per_segment(s.n, s.base, r_sum)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _laney_sigma_z(s: _Segments, cl, sd) -> np.ndarray:
    """Laney's between-subgroup factor: the spread of z-scores of the baseline subgroups, per segment."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (s.y - cl) / sd
    if s.x_is_character:
        # No order among subgroups, so qicharts2 takes the plain SD (a missing z makes it missing).
        return s.per_segment(z, s.base, r_sd_strict)
    amr = _average_moving_range(z, s.base, s, screen_factor=K.D4 if s.screened_mr else None)
    return amr / K.D2


def _chart_p(s: _Segments, *, laney: bool = False) -> _Lines:
    cl = s.computed_cl(lambda: _ratio_cl(s))
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl * (1 - cl) / s.n)
    if laney:
        sd = sd * s.rows(_laney_sigma_z(s, cl, sd))
    lines = _clip_upper_at_one(_clip_lower(_sigma_lines(s.y, cl, sd)))
    lines.constant_limits = False
    return lines


def _chart_u(s: _Segments, *, laney: bool = False) -> _Lines:
    cl = s.computed_cl(lambda: _ratio_cl(s))
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl / s.n)
    if laney:
        sd = sd * s.rows(_laney_sigma_z(s, cl, sd))
    lines = _clip_lower(_sigma_lines(s.y, cl, sd))
    lines.constant_limits = False
    return lines


def _chart_c(s: _Segments) -> _Lines:
    y = s.y_sum
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(cl)
    return _clip_lower(_sigma_lines(y, cl, sd))


def _chart_g(s: _Segments) -> _Lines:
    mean = s.computed_cl(lambda: s.per_segment(s.y, s.base))
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(mean * (mean + 1))
    lines = _clip_lower(_sigma_lines(s.y, mean, sd), finite_only=False)
    # Limits come from the mean; the centre line shown is the median (or 0.693 × a supplied centre line).
    if s.cl_fixed is None:
        lines.cl = s.rows(s.per_segment(s.y, s.base, r_median))
    else:
        lines.cl = K.G_MEDIAN_FACTOR * mean
    return lines


def _chart_ip(s: _Segments) -> _Lines:
    n = s.n
    no_n = s.per_segment(np.isnan(n).astype(float), None, r_mean) == 1
    if no_n.any():
        n = np.where(s.rows(no_n), s.y_length.astype(float), n)

    def weighted_mean():
        num, _ = s.per_segment(s.y * n, s.base, r_sum)
        den, _ = s.per_segment(n, s.base, r_sum)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / den

    cl = s.computed_cl(weighted_mean)
    g, [(y1, y2), (n1, n2)] = lagged(None, s.seg, s.y, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = math.sqrt(math.pi / 2) * np.abs(y2 - y1) / np.sqrt(1 / n1 + 1 / n2)
        if s.screened_mr:
            mean = r_mean(scaled, g, s.nseg)
            keep = scaled < mean[g] * K.D4_IPRIME
            scaled, g = scaled[keep], g[keep]
        sd = s.rows(r_mean(scaled, g, s.nseg)) * np.sqrt(1 / n)
    lines = _sigma_lines(s.y, cl, sd)
    lines.n = n
    lines.constant_limits = False
    return lines


_CHART_FUNCTIONS = {
    "run": _chart_run,
    "i": _chart_i,
    "mr": _chart_mr,
    "xbar": _chart_xbar,
    "s": _chart_s,
    "t": _chart_t,
    "p": _chart_p,
    "pp": lambda s: _chart_p(s, laney=True),
    "c": _chart_c,
    "u": _chart_u,
    "up": lambda s: _chart_u(s, laney=True),
    "g": _chart_g,
    "ip": _chart_ip,
}


# ------------------------------------------------------------------------------------------------ qic()


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

    yv = _numeric(_column(data, y, "y"), y)
    got_n = n is not None
    nv = _numeric(_column(data, n, "n"), n) if got_n else np.full(len(data), np.nan)
    xv = _subgroup_variable(data, x, x_type)
    f_codes, f_values, f_missing = _facet_codes(data, facets)
    notes_v = None
    if notes is not None:
        raw_notes = _column(data, notes, "notes").to_numpy(dtype=object)
        notes_v = np.array(
            ["" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v) for v in raw_notes],
            dtype=object,
        )
    breaks: list[int] = []
    if isinstance(part, str):
        breaks = _part_breaks_from_labels(data, part, xv)
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
        xv = _X(xv.values[keep], xv.sort_key[keep], xv.missing[keep], xv.kind)
        yv, nv = yv[keep], nv[keep]
        f_codes = [c[keep] for c in f_codes]
        notes_v = notes_v[keep] if notes_v is not None else None

    sub = _aggregate(xv, yv, nv, got_n, f_codes, notes_v, agg_fun)
    if chart == "t":
        _check_t_values(sub.y, yv, y)
    return _analyse(sub, xv, f_values, chart, breaks, None if part is not None else freeze, exclude,
                    multiply, cl, target, screened_mr)  # fmt: skip


@dataclass
class _Layout:
    """Where each subgroup sits: position in its facet, part, baseline/include flags, segment."""

    xx: np.ndarray
    part: np.ndarray
    baseline: np.ndarray
    include: np.ndarray
    seg: np.ndarray
    nseg: int
    counts: np.ndarray  # subgroups per segment


def _layout(sub: _Subgroups, breaks, freeze, exclude) -> _Layout:
    m = len(sub.y)
    idx = np.arange(m)
    facet_start = np.maximum.accumulate(np.where(sub.facet_new, idx, 0)) if m else idx
    xx = idx - facet_start + 1
    # qicharts2's makeparts(): a part starts after each break position b with 0 <= b < facet length.
    bounds = np.unique(np.array([0] + [b for b in breaks if b >= 0], dtype=np.int64))
    part = np.searchsorted(bounds, xx, side="left").astype(np.int64)
    baseline = xx <= freeze if freeze is not None else np.ones(m, dtype=bool)
    include = ~np.isin(xx, np.asarray(exclude, dtype=np.int64)) if exclude else np.ones(m, dtype=bool)
    seg_new = sub.facet_new.copy()
    seg_new[1:] |= part[1:] != part[:-1]
    seg = np.cumsum(seg_new) - 1
    nseg = int(seg[-1]) + 1 if m else 0
    counts = np.diff(np.append(np.flatnonzero(seg_new), m))
    return _Layout(xx, part, baseline, include, seg, nseg, counts)


def _scaled_lines(lines: _Lines, multiply: float) -> dict:
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


def _analyse(sub: _Subgroups, xv: _X, f_values, chart, breaks, freeze, exclude, multiply, cl, target,
             screened_mr) -> QicResult:  # fmt: skip
    lay = _layout(sub, breaks, freeze, exclude)
    s = _Segments(
        y=sub.y, y_sum=sub.y_sum, y_length=sub.y_length, y_mean=sub.y_mean, y_sd=sub.y_sd, n=sub.n,
        base=lay.baseline & lay.include, include=lay.include, seg=lay.seg, nseg=lay.nseg,
        cl_fixed=None if cl is None else float(cl), screened_mr=bool(screened_mr),
        x_is_character=xv.kind == "string", counts=lay.counts,
    )  # fmt: skip
    lines = _CHART_FUNCTIONS[chart](s)
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
    return QicResult(points=points, summary=summary, chart=chart)


_RUNS_COUNTS = ("longest.run", "longest.run.max", "n.crossings", "n.crossings.min")


def _nullable_int(values: np.ndarray, repeat: np.ndarray | None = None) -> pd.arrays.IntegerArray:
    """Float counts (NaN = missing) as a nullable integer array, optionally repeated ``repeat[i]`` times."""
    missing = np.isnan(values)
    ints = np.where(missing, 0, values).astype(np.int64)
    if repeat is not None:
        ints, missing = np.repeat(ints, repeat), np.repeat(missing, repeat)
    return pd.arrays.IntegerArray(ints, missing)


def _warn_missing_limits(y, ucl, lay: _Layout):
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


def _summary(points: pd.DataFrame, lay: _Layout, sub: _Subgroups, runs: dict, constant_limits: bool) -> pd.DataFrame:
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
