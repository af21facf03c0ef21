"""Reading ``xmr()``'s input: values, dates and facets as sorted arrays, and the rebase and target arguments.

Separate from the method because it is where a spreadsheet's mess is met (text numbers, ISO and UK dates,
time zones, dates given twice in a facet) and every input error names its column and row, before any limit
is computed. :func:`prepare` returns the rows sorted by facet then date, which every later step relies on.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import SpcInputError

NO_FACET = "no facet"


def _check_column(data: pd.DataFrame, column: str, role: str) -> None:
    if column not in data.columns:
        raise SpcInputError(
            f"{role} column {column!r} is not in the data (columns: {', '.join(map(str, data.columns))})",
            column=column,
        )


def _numeric_values(data: pd.DataFrame, column: str) -> np.ndarray:
    series = data[column]
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=float)
    if pd.api.types.is_numeric_dtype(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna().to_numpy() & series.notna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise SpcInputError(
            f"column {column!r}, row {row + 1}: {series.iloc[row]!r} is not a number", column=column, row=row
        )
    return converted.to_numpy(dtype=float, na_value=np.nan)


def _date_values(data: pd.DataFrame, column: str) -> np.ndarray:
    series = data[column]
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert("UTC").dt.tz_localize(None)
    if not pd.api.types.is_datetime64_any_dtype(series):
        if pd.api.types.is_numeric_dtype(series):
            raise SpcInputError(
                f"date column {column!r} holds numbers, not dates (row 1: {series.iloc[0]!r})", column=column, row=0
            )
        parsed = parse_dates(series)
        if isinstance(parsed.dtype, pd.DatetimeTZDtype):
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        bad = parsed.isna().to_numpy() & series.notna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise SpcInputError(
                f"column {column!r}, row {row + 1}: {series.iloc[row]!r} is not a date", column=column, row=row
            )
        series = parsed
    values = series.to_numpy(dtype="datetime64[ns]")
    missing = np.isnat(values)
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise SpcInputError(f"column {column!r}, row {row + 1}: the date is missing", column=column, row=row)
    return values


def parse_dates(series: pd.Series) -> pd.Series:
    """Text dates: ISO 8601 first; otherwise each value on its own, day first (31/01/2024 is the UK's
    31 January)."""
    present = series.notna()
    parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
    failed = parsed.isna() & present
    if failed.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            alternative = pd.to_datetime(series, errors="coerce", format="mixed", dayfirst=True)
        if (alternative.isna() & present).sum() < failed.sum():
            parsed = alternative
    return parsed


def _as_datetimes(dates, *, what: str) -> np.ndarray:
    values = pd.Series(list(dates), dtype=object)
    parsed = parse_dates(values)
    failed = parsed.isna() & values.notna()
    if failed.any():
        raise SpcInputError(f"{what}: {values[failed].iloc[0]!r} is not a date", column=None)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _facet_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Sorted facet codes (-1 for a missing facet) and the distinct facets. Rows of one facet usually come
    together, so only the first row of each block is hashed — much cheaper than factorising every row."""
    values = series.to_numpy()
    if values.dtype.kind not in "biufcmM":
        values = values.astype(object)
    n = len(values)
    block_start = np.ones(n, dtype=bool)
    if n > 1:
        block_start[1:] = values[1:] != values[:-1]
    heads = np.flatnonzero(block_start)
    if len(heads) * 4 > n:  # not grouped: factorise every row
        codes, facets = pd.factorize(values, sort=True)
        return codes.astype(np.intp), np.asarray(facets)
    head_codes, facets = pd.factorize(values[heads], sort=True)
    return np.repeat(head_codes.astype(np.intp), np.diff(np.append(heads, n))), np.asarray(facets)


@dataclass
class Prepared:
    y: np.ndarray
    x: np.ndarray
    facet_code: np.ndarray  # facet index (sorted order)
    facets: np.ndarray  # distinct facets, sorted
    order: np.ndarray  # input row of each sorted row


def prepare(data: pd.DataFrame, value: str, date: str, facet: str | None) -> Prepared:
    if not isinstance(data, pd.DataFrame):
        raise SpcInputError("data must be a pandas DataFrame")
    _check_column(data, value, "value")
    _check_column(data, date, "date")
    if len(data) == 0:
        raise SpcInputError(f"there are no rows to chart in column {value!r}", column=value)
    if facet is not None:
        _check_column(data, facet, "facet")
    y = _numeric_values(data, value)
    x = _date_values(data, date)
    if facet is None:
        codes = np.zeros(len(data), dtype=np.intp)
        facets = np.array([NO_FACET], dtype=object)
    else:
        codes, facets = _facet_codes(data[facet])
        if len(codes) and codes.min() < 0:
            row = int(np.flatnonzero(codes < 0)[0])
            raise SpcInputError(f"column {facet!r}, row {row + 1}: the facet is missing", column=facet, row=row)
    x_int = x.view(np.int64)
    if len(codes) > 1:
        # Most data arrive already in facet/date order: skip the sort then.
        same = codes[1:] == codes[:-1]
        in_order = bool(np.all((codes[1:] > codes[:-1]) | (same & (x_int[1:] >= x_int[:-1]))))
    else:
        in_order = True
    order = np.arange(len(codes)) if in_order else np.lexsort((x_int, codes))
    if not in_order:
        y, x, codes, x_int = y[order], x[order], codes[order], x_int[order]
    if len(codes) > 1:
        duplicate = (codes[1:] == codes[:-1]) & (x_int[1:] == x_int[:-1])
        if duplicate.any():
            row = int(order[np.flatnonzero(duplicate)[0] + 1])
            where = f" for facet {facets[codes[np.flatnonzero(duplicate)[0]]]!r}" if facet is not None else ""
            raise SpcInputError(
                f"column {date!r}, row {row + 1}: date {data[date].iloc[row]} appears twice{where}",
                column=date,
                row=row,
            )
    return Prepared(y=y, x=x, facet_code=codes, facets=facets, order=order)


def _facet_lookup(facets: np.ndarray) -> dict:
    """Facet value → index; names given as text (JSON keys, R's named lists) also match numeric facets."""
    lookup = {str(f): i for i, f in enumerate(facets)}
    lookup.update({f: i for i, f in enumerate(facets)})
    return lookup


def rebase_flags(prep: Prepared, rebase, facet: str | None) -> np.ndarray:
    if rebase is None:
        return np.zeros(len(prep.y), dtype=bool)
    if isinstance(rebase, Mapping):
        if facet is None:
            raise SpcInputError("rebase must be a list of dates when there is no facet column", column=None)
        flags = np.zeros(len(prep.y), dtype=bool)
        known = _facet_lookup(prep.facets)
        for name, dates in rebase.items():
            if name not in known:
                raise SpcInputError(f"rebase names facet {name!r}, which is not in column {facet!r}", column=facet)
            dates = _as_datetimes([dates] if isinstance(dates, str) else dates, what=f"rebase dates for {name!r}")
            flags |= (prep.facet_code == known[name]) & np.isin(prep.x, dates)
        return flags
    dates = _as_datetimes([rebase] if isinstance(rebase, str) else rebase, what="rebase dates")
    return np.isin(prep.x, dates)


def target_values(prep: Prepared, target, facet: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Target of each point and of each facet (NaN where none)."""
    if target is None:
        per_facet = np.full(len(prep.facets), np.nan)
    elif isinstance(target, Mapping):
        known = _facet_lookup(prep.facets)
        per_facet = np.full(len(prep.facets), np.nan)
        for name, value in target.items():
            if name not in known:
                raise SpcInputError(f"target names facet {name!r}, which is not in column {facet!r}", column=facet)
            per_facet[known[name]] = _target_number(value)
    else:
        per_facet = np.full(len(prep.facets), _target_number(target))
    return per_facet[prep.facet_code], per_facet


def _target_number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SpcInputError(f"target must be a number, not {value!r}", column="target") from None
