"""Reading ``qic()``'s input columns: values as numbers, the subgroup variable, facets and part labels.

Separate from the engine because it is the only part that deals with what people actually put in a
spreadsheet (text numbers, ISO and UK dates, R's NA spellings, categoricals, mixed types), and because every
input error names its column and row here, before any statistics run. Everything returns plain numpy arrays.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import SpcInputError

_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*$")
_MISSING_TEXT = {"", "NA", "NaN", "nan", "NULL", "null", "None"}


def input_column(data: pd.DataFrame, name, role: str) -> pd.Series:
    if not isinstance(name, str) or name not in data.columns:
        raise SpcInputError(f"{role}: unknown column {name!r}", column=str(name))
    return data[name]


def as_numbers(col: pd.Series, name: str) -> np.ndarray:
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
class SubgroupVariable:
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


def _categories(codes: np.ndarray, uniques: np.ndarray) -> SubgroupVariable:
    """Text subgroups (R's character x), ordered by code point as R sorts in the C locale."""
    text = np.array([v if isinstance(v, str) else str(v) for v in uniques], dtype=object)
    rank = np.empty(len(text), dtype=np.int64)
    rank[np.argsort(text, kind="stable")] = np.arange(len(text))
    missing = codes < 0
    values = text[np.maximum(codes, 0)] if len(text) else np.full(len(codes), None, dtype=object)
    values[missing] = None
    key = np.where(missing, -1, rank[np.maximum(codes, 0)] if len(text) else -1)
    return SubgroupVariable(values, key.astype(np.int64), missing, "string")


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


def _date_x(values: np.ndarray) -> SubgroupVariable:
    return SubgroupVariable(values, values.view(np.int64), np.isnat(values), "date")


def _r_factor_key(values: np.ndarray) -> np.ndarray:
    """Grouping key of a numeric x as R forms subgroups: factor levels are as.character(x), 15 significant
    digits, so values that differ only beyond that (0.1 + 0.2 and 0.3) fall in one subgroup."""
    finite = np.isfinite(values)
    if np.array_equal(values[finite], np.round(values[finite])):
        return values  # whole numbers print exactly (up to 1e15)
    uniq, inverse = np.unique(values, return_inverse=True)
    rounded = np.array([float(f"{v:.15g}") for v in uniq])
    return rounded[inverse].reshape(values.shape)


def subgroup_variable(data: pd.DataFrame, name: str | None, x_type: str = "auto") -> SubgroupVariable:
    """The subgroup variable. ``x_type`` "auto" follows the column's dtype, and reads text columns whose
    values mostly look like dates (ISO or DD/MM/YYYY) as dates; "string" keeps text as categories (R's
    character x, as qicharts2 would see it), "date" and "number" insist on that type."""
    nrow = len(data)
    if name is None:
        seq = np.arange(1, nrow + 1, dtype=np.int64)
        return SubgroupVariable(seq, seq, np.zeros(nrow, dtype=bool), "number")
    col = input_column(data, name, "x")
    if x_type == "number":
        values = as_numbers(col, name)
        return SubgroupVariable(values, values, np.isnan(values), "number")
    if pd.api.types.is_datetime64_any_dtype(col) and x_type != "string":
        if getattr(col.dtype, "tz", None) is not None:
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        return _date_x(col.to_numpy(dtype="datetime64[ns]"))
    if pd.api.types.is_bool_dtype(col) and x_type == "auto":
        values = col.to_numpy()
        return SubgroupVariable(values, values.astype(np.int64), np.zeros(nrow, dtype=bool), "logical")
    if pd.api.types.is_numeric_dtype(col) and x_type == "auto":
        values = col.to_numpy(dtype=float, na_value=np.nan) if col.hasnans else col.to_numpy()
        key = _r_factor_key(values.astype(float))
        return SubgroupVariable(values, key, np.isnan(key), "number")

    if isinstance(col.dtype, pd.CategoricalDtype) and x_type in ("auto", "string"):
        # An R factor: subgroups in level order, and no runs analysis (qicharts2's dots.only).
        codes = col.cat.codes.to_numpy().astype(np.int64)
        missing = codes < 0
        labels = np.array([str(c) for c in col.cat.categories], dtype=object)
        values = labels[np.maximum(codes, 0)] if len(labels) else np.full(nrow, None, dtype=object)
        values[missing] = None
        return SubgroupVariable(values, codes, missing, "string")
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


def facet_codes(data: pd.DataFrame, facets: Sequence[str]):
    """Sorted codes and values of up to two facet columns (constant 1 when unused)."""
    nrow = len(data)
    codes, uniques, missing = [], [], np.zeros(nrow, dtype=bool)
    for name in facets:
        col = input_column(data, name, "facets")
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


def part_breaks_from_labels(data: pd.DataFrame, name: str, x: SubgroupVariable) -> list[int]:
    """qicharts2: labels of the first row of each distinct x (input order); a part starts at each new label."""
    labels = input_column(data, name, "part").to_numpy(dtype=object)
    x_first = ~pd.Series(x.sort_key).where(~x.missing, None).duplicated().to_numpy()
    firsts = pd.Series(labels[x_first], dtype=object)
    codes, _ = pd.factorize(firsts, use_na_sentinel=False)
    _, first_pos = np.unique(codes, return_index=True)
    return sorted(int(p) for p in first_pos[1:])
