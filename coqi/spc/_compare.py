"""Shared helpers for the conformance runners: read a case's input and expected CSVs, compare frames by key.

The oracle CSVs are written by R's ``write.csv``: ``NA`` marks a missing value, ``NaN`` also occurs and is
treated like ``NA``; logicals are ``TRUE``/``FALSE``; dates are ISO ``YYYY-MM-DD``. Real numbers are compared with
a relative tolerance of 1e-9 (absolute 1e-12 near zero); flags, counts and labels exactly; a missing value on one
side only is always a mismatch.

Public API (kept stable; the NHSRplotthedots runner imports it):

* ``read_input(case, root) -> DataFrame`` -- the case's input with the types given by ``input_columns``
  (number → float64, string → object with None for NA, date/datetime → datetime64, logical → object bool/None).
* ``read_expected(path) -> DataFrame`` -- an expected CSV with inferred types; NA and NaN become missing.
* ``compare_frames(expected, got, *, keys, float_cols=(), exact_cols=(), label="", max_report=None) -> list[str]``
  -- mismatch descriptions (empty list = agreement).
* ``values_close(a, b)`` / ``is_missing(v)`` / ``canonical(v)`` -- the scalar rules ``compare_frames`` applies.
"""

from __future__ import annotations

import datetime as _dt
import math
import pathlib
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

REL_TOL = 1e-9
ABS_TOL = 1e-12
MISSING_MARKERS = ("NA", "NaN")

__all__ = [
    "ABS_TOL",
    "REL_TOL",
    "canonical",
    "compare_frames",
    "is_missing",
    "read_expected",
    "read_input",
    "values_close",
]


# --------------------------------------------------------------------------------------------- reading


def _raw_csv(path: pathlib.Path | str) -> pd.DataFrame:
    # Everything as text first, so that typing is ours (pandas would otherwise turn "NA" strings, "1" labels, …
    # into whatever it guesses).
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def _as_number(col: pd.Series) -> pd.Series:
    text = col.astype(object)
    missing = text.isin(MISSING_MARKERS) | (text == "")
    values = np.full(len(text), np.nan)
    if (~missing).any():
        # float() understands R's "Inf"/"-Inf" and the %.17g round-trip representation.
        values[~missing.to_numpy()] = [float(v) for v in text[~missing]]
    return pd.Series(values, index=col.index, name=col.name)


def _as_string(col: pd.Series) -> pd.Series:
    values = [None if v == "NA" else v for v in col.astype(object)]
    return pd.Series(values, index=col.index, name=col.name, dtype=object)


def _as_date(col: pd.Series) -> pd.Series:
    text = col.astype(object).where(~col.isin(MISSING_MARKERS) & (col != ""), None)
    return pd.to_datetime(text, format="ISO8601")


def _as_logical(col: pd.Series) -> pd.Series:
    mapping = {"TRUE": True, "FALSE": False, "T": True, "F": False}
    values = [mapping.get(v) for v in col.astype(object)]
    return pd.Series(values, index=col.index, name=col.name, dtype=object)


_READERS = {
    "number": _as_number,
    "string": _as_string,
    "date": _as_date,
    "datetime": _as_date,
    "logical": _as_logical,
}


def read_input(case: dict, root: pathlib.Path | str) -> pd.DataFrame:
    """The input data frame of ``case`` (a cases.json entry), typed by its ``input_columns``."""
    raw = _raw_csv(pathlib.Path(root) / case["input"])
    types = case.get("input_columns") or {}
    out = {}
    for name in raw.columns:
        reader = _READERS.get(types.get(name, "string"))
        if reader is None:
            raise ValueError(f"{case.get('id')}: unknown input column type {types[name]!r} for {name!r}")
        out[name] = reader(raw[name])
    return pd.DataFrame(out, columns=list(raw.columns))


def _infer(col: pd.Series) -> pd.Series:
    present = col[~col.isin(MISSING_MARKERS)]
    if len(present) and present.isin(("TRUE", "FALSE")).all():
        return _as_logical(col)
    try:
        return _as_number(col)
    except ValueError:
        return _as_string(col.where(~col.isin(MISSING_MARKERS), "NA"))


def read_expected(path: pathlib.Path | str) -> pd.DataFrame:
    """An expected-output CSV: logical columns → True/False/None, numeric → float64 (NA/NaN → NaN),
    anything else → str/None (dates stay ISO strings)."""
    raw = _raw_csv(path)
    return pd.DataFrame({name: _infer(raw[name]) for name in raw.columns}, columns=list(raw.columns))


# --------------------------------------------------------------------------------------------- scalars


def is_missing(v) -> bool:
    """NA in any of its Python/pandas/numpy spellings."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def canonical(v):
    """A value normalised for exact comparison: None for NA, bool for logicals, int for whole numbers,
    ISO text for dates (date only at midnight), str otherwise."""
    if is_missing(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return int(f) if f.is_integer() and abs(f) < 2**63 else f
    if isinstance(v, (pd.Timestamp, _dt.datetime, np.datetime64)):
        ts = pd.Timestamp(v)
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, str):
        if v == "TRUE":
            return True
        if v == "FALSE":
            return False
        try:
            f = float(v)
        except ValueError:
            return v
        return canonical(f)
    return str(v)


def values_close(expected, got, *, rel: float = REL_TOL, abs_: float = ABS_TOL) -> bool:
    """Real numbers within tolerance; both missing counts as equal, one missing never does."""
    e_na, g_na = is_missing(expected), is_missing(got)
    if e_na or g_na:
        return e_na and g_na
    try:
        e, g = float(expected), float(got)
    except (TypeError, ValueError):
        return canonical(expected) == canonical(got)
    if math.isinf(e) or math.isinf(g):
        return e == g
    return abs(e - g) <= max(rel * max(abs(e), abs(g)), abs_)


def _fmt(v) -> str:
    if is_missing(v):
        return "NA"
    if isinstance(v, (float, np.floating)) and not float(v).is_integer():
        return repr(float(v))
    return repr(canonical(v))


# --------------------------------------------------------------------------------------------- frames


def _key_tuples(frame: pd.DataFrame, keys: Sequence[str]) -> list[tuple]:
    cols = [frame[k].tolist() for k in keys]
    return [tuple(canonical(v) for v in row) for row in zip(*cols)] if keys else [()] * len(frame)


def compare_frames(
    expected: pd.DataFrame,
    got: pd.DataFrame,
    *,
    keys: Sequence[str],
    float_cols: Iterable[str] = (),
    exact_cols: Iterable[str] = (),
    label: str = "",
    max_report: int | None = None,
) -> list[str]:
    """Compare ``got`` with ``expected`` row by row, matching rows on ``keys``.

    Columns in ``float_cols`` use ``values_close``; those in ``exact_cols`` compare ``canonical`` values.
    Columns listed but absent from ``expected`` are skipped (so a caller may list a superset); listed columns
    present in ``expected`` but absent from ``got`` are a mismatch. Returns human-readable mismatch lines
    ``"<label> <column> @ <key>: expected <e>, got <g>"``; ``max_report`` caps their number.
    """
    prefix = f"{label} " if label else ""
    problems: list[str] = []

    missing_keys = [k for k in keys if k not in got.columns or k not in expected.columns]
    if missing_keys:
        return [f"{prefix}key column(s) missing: {missing_keys}"]

    float_cols = [c for c in float_cols if c in expected.columns]
    exact_cols = [c for c in exact_cols if c in expected.columns]
    for col in (*float_cols, *exact_cols):
        if col not in got.columns:
            problems.append(f"{prefix}column {col!r} missing from result")
    float_cols = [c for c in float_cols if c in got.columns]
    exact_cols = [c for c in exact_cols if c in got.columns]

    e_keys, g_keys = _key_tuples(expected, keys), _key_tuples(got, keys)
    g_index: dict[tuple, int] = {}
    for i, k in enumerate(g_keys):
        if k in g_index:
            problems.append(f"{prefix}duplicate key {k} in result")
        g_index.setdefault(k, i)
    if len(expected) != len(got):
        problems.append(f"{prefix}row count: expected {len(expected)}, got {len(got)}")
    e_set = set(e_keys)
    for k in g_keys:
        if k not in e_set:
            problems.append(f"{prefix}unexpected row {dict(zip(keys, k))}")

    e_cols = {c: expected[c].tolist() for c in (*float_cols, *exact_cols)}
    g_cols = {c: got[c].tolist() for c in (*float_cols, *exact_cols)}
    for i, k in enumerate(e_keys):
        j = g_index.get(k)
        where = dict(zip(keys, k))
        if j is None:
            problems.append(f"{prefix}missing row {where}")
            continue
        for c in float_cols:
            e, g = e_cols[c][i], g_cols[c][j]
            if not values_close(e, g):
                problems.append(f"{prefix}{c} @ {where}: expected {_fmt(e)}, got {_fmt(g)}")
        for c in exact_cols:
            e, g = e_cols[c][i], g_cols[c][j]
            if canonical(e) != canonical(g):
                problems.append(f"{prefix}{c} @ {where}: expected {_fmt(e)}, got {_fmt(g)}")
        if max_report is not None and len(problems) >= max_report:
            break
    return problems[:max_report] if max_report is not None else problems
