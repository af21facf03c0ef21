"""Making Data Count XmR charts, exactly as NHSRplotthedots 0.2.2's ``ptd_spc()`` computes them.

The method (NHS England's "plot the dots"):

* per facet and rebase group, the centre line is the mean and the process limits are mean ± 2.66·MR̄
  (MR̄ = mean moving range; moving ranges next to a missing value are missing, not bridged);
* moving ranges are screened once (kept only when MR < 3.267·MR̄, then MR̄ is re-averaged) unless
  ``screen_outliers=False``; with ``fix_after_n_points=N`` the mean and moving ranges use the first N points only;
* four special-cause rules, in precedence order: a point outside the limits (strict); part of a run of 7
  strictly increasing or decreasing points (a tie breaks it); 2 of 3 consecutive points beyond 2/3 of the distance
  to a limit, all 3 on the same side of the mean (only the near-limit points are flagged); part of a run of 7
  points on the same side of the mean (a point exactly on the mean breaks it);
* the variation icon is the point type of each facet's last point; the assurance icon compares the target with
  the last point's limits (none for a neutral measure).

Everything is vectorised across facets and rebase groups: the rules are run-length computations over one sorted
array, so a million points or ten thousand series take one pass, not a Python loop per series.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import SpcInputError

__all__ = ["XmrResult", "ShortGroupWarning", "xmr", "IMPROVEMENT_DIRECTIONS"]

# Constants exactly as NHSRplotthedots writes them (the order of the float operations matters at the thresholds).
LIMIT = 2.66
LIMIT_CLOSE = 2 * (LIMIT / 3)
SCREEN_MULTIPLIER = 3.267
SHORT_GROUP_POINTS = 13  # groups with fewer points than this get short_group_warning
RUN_LENGTH = 7
NO_FACET = "no facet"

IMPROVEMENT_DIRECTIONS = {"increase": 1, "neutral": 0, "decrease": -1}

# special_cause_type labels; the code order is used to build a Categorical quickly.
_SPECIAL_CAUSE_TYPES = [
    "Common Cause",
    "Above UCL",
    "Below LCL",
    "7 Point Trend (Increasing)",
    "7 Point Trend (Decreasing)",
    "2 in 3 Above CL",
    "2 in 3 Below CL",
    "7 Points Above CL",
    "7 Points Below CL",
]
# direction of each label above: +1 "Above"/"Increasing", -1 "Below"/"Decreasing", 0 common cause
_TYPE_DIRECTION = np.array([0, 1, -1, 1, -1, 1, -1, 1, -1], dtype=np.int8)

_POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]


class ShortGroupWarning(UserWarning):
    """A facet/rebase group has fewer points than Making Data Count recommends for reliable limits."""


@dataclass(frozen=True)
class XmrResult:
    """The result of :func:`xmr`.

    ``points`` — one row per input row, sorted by facet then date:

    ============================ ===================================================================================
    ``y``                        the value (float)
    ``x``                        the date (datetime64)
    ``f``                        the facet value, or ``"no facet"`` without a facet column (Categorical)
    ``trajectory``               always missing (NHSRplotthedots' trajectory column, not supported here)
    ``rebase_group``             0, 1, … — a new group starts at each rebase date of the facet
    ``short_group_warning``      the facet/rebase group has fewer than 13 points
    ``fix_y``                    ``y`` for the first ``fix_after_n_points`` points of the group (else missing);
                                 equal to ``y`` when nothing is fixed
    ``mean_col``                 centre line: mean of the group's ``fix_y``
    ``lpl``, ``upl``             lower/upper process limits: ``mean_col ∓ 2.66·MR̄``
    ``outside_limits``           ``y > upl`` or ``y < lpl`` (strict; missing when either side is missing)
    ``relative_to_mean``         sign of ``y − mean_col``: −1, 0 or 1
    ``close_to_limits``          not outside the limits but beyond ``mean_col ± (2·2.66/3)·MR̄``
    ``special_cause_type``       which rule fired first (Categorical): ``"Above UCL"``, ``"Below LCL"``,
                                 ``"7 Point Trend (Increasing)"``/``(Decreasing)``, ``"2 in 3 Above CL"``/``Below``,
                                 ``"7 Points Above CL"``/``Below``, or ``"Common Cause"``
    ``special_cause_flag``       any rule fired
    ``point_type``               (Categorical) ``common_cause``, ``special_cause_improvement``,
                                 ``special_cause_concern``, or for a neutral measure ``special_cause_neutral_high`` /
                                 ``_low``
    ``target``                   the facet's target, or missing
    ============================ ===================================================================================

    ``summary`` — one row per facet (``f``, only when a facet column was given) and rebase group (``rebase_group``,
    only when rebasing): ``mean_col``, ``lpl``, ``upl`` of the group; ``n`` points; counts ``common_cause``,
    ``special_cause_improvement``, ``special_cause_concern``; ``variation_type`` (point type of the group's last
    point) and, only when a target was given, ``assurance_type`` (``consistent_pass``, ``consistent_fail``,
    ``inconsistent``; set on each facet's last rebase group only, missing for a neutral measure).

    ``icons`` — ``f``, ``type`` (``variation`` / ``assurance``), ``icon``: variation icons ``common_cause``,
    ``improvement_high``/``_low``, ``concern_high``/``_low``, ``neutral_high``/``_low``; assurance icons ``pass``,
    ``fail``, ``inconsistent`` (only with a target and a non-neutral direction).

    ``options`` — the arguments the chart was made with (measure names, direction, target, …), for plotting.
    """

    points: pd.DataFrame
    summary: pd.DataFrame
    icons: pd.DataFrame
    options: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------------------------- input


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
        parsed = _parse_dates(series)
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


def _parse_dates(series: pd.Series) -> pd.Series:
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
    parsed = _parse_dates(values)
    failed = parsed.isna() & values.notna()
    if failed.any():
        raise SpcInputError(f"{what}: {values[failed].iloc[0]!r} is not a date", column=None)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _direction_code(improvement_direction: str) -> int:
    try:
        return IMPROVEMENT_DIRECTIONS[improvement_direction]
    except (KeyError, TypeError):
        raise SpcInputError(
            f"improvement_direction must be one of {', '.join(IMPROVEMENT_DIRECTIONS)}, "
            f"not {improvement_direction!r}",
            column="improvement_direction",
        ) from None


# ----------------------------------------------------------------------------------------------- segments


def _segment_mean(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per-segment mean ignoring missing values, computed as R's ``mean.default`` does (long double sum, then
    one refining pass over the residuals), so that a point lying exactly on the mean in R is on it here too.
    Segments are contiguous: ``starts`` and ``lengths`` (all ≥ 1)."""
    if len(values) == 0:
        return np.zeros(0)
    wide = values.astype(np.longdouble)
    missing = np.isnan(values)
    any_missing = bool(missing.any())
    if any_missing:
        wide[missing] = 0
        counts = np.add.reduceat((~missing).astype(np.float64), starts)
    else:
        counts = lengths.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.add.reduceat(wide, starts) / counts
        wide -= mean[0] if len(mean) == 1 else np.repeat(mean, lengths)
        if any_missing:
            wide[missing] = 0
        refined = mean + np.add.reduceat(wide, starts) / counts
    return np.where(np.isfinite(mean), refined, mean).astype(np.float64)


def _spread(per_segment: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Repeat one value per segment over the segment's rows."""
    if len(per_segment) == 1:
        return np.full(int(lengths[0]), per_segment[0])
    return np.repeat(per_segment, lengths)


def _shifted(mask: np.ndarray, by: int) -> np.ndarray:
    """``mask`` moved ``by`` places to the right (by > 0: element i holds mask[i - by]) or left; padded False."""
    out = np.zeros_like(mask)
    if by > 0:
        out[by:] = mask[:-by]
    elif by < 0:
        out[:by] = mask[-by:]
    else:
        out[:] = mask
    return out


def _ends_of_runs(signs: np.ndarray, breaks: np.ndarray, length: int) -> np.ndarray:
    """True at i when signs[i-length+1 .. i] are all equal and non-zero and no break lies in (i-length+1, i]."""
    end = signs != 0
    for k in range(1, length):
        end &= signs == np.roll(signs, k)
        end &= ~_shifted(breaks, k - 1)
    end[: length - 1] = False
    return end


def _covered_by(ends: np.ndarray, span: int) -> np.ndarray:
    """True at i when a run ends at any of i .. i+span-1 (the run's points, for a run of ``span`` points)."""
    covered = ends.copy()
    for k in range(1, span):
        covered |= _shifted(ends, -k)
    return covered


def _sign8(values: np.ndarray) -> np.ndarray:
    """Sign as int8 with 0 for NaN: a missing value never continues a run."""
    return (values > 0).astype(np.int8) - (values < 0).astype(np.int8)


def _seven_on_one_side(relative: np.ndarray, segment_start: np.ndarray) -> np.ndarray:
    """Part of a run of ≥ 7 points on the same side of the mean (0 = on the mean breaks it)."""
    ends = _ends_of_runs(_sign8(relative), segment_start, RUN_LENGTH)
    return _covered_by(ends, RUN_LENGTH)


def _trend(y: np.ndarray, segment_start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Part of ≥ 7 strictly increasing or decreasing points, and the direction label NHSRplotthedots gives
    each point (True = increasing)."""
    n = len(y)
    step = np.zeros(n, dtype=np.int8)  # step[i] = sign(y[i] - y[i-1]) within the segment; a tie (0) breaks a trend
    with np.errstate(invalid="ignore"):
        step[1:] = _sign8(y[1:] - y[:-1])
    step[segment_start] = 0
    # 6 equal steps make 7 points: the steps' run ends at j, covering points j-6 .. j
    ends = _ends_of_runs(step, segment_start, RUN_LENGTH - 1)
    part = _covered_by(ends, RUN_LENGTH)
    # NHSRplotthedots labels a trend point by the step to its right when the next point is also part of a
    # trend, otherwise by the step to its left (0 at a group's first point, which reads as "decreasing").
    next_part = _shifted(part, -1) & ~_shifted(segment_start, -1)
    right_step = np.zeros(n, dtype=np.int8)
    right_step[:-1] = step[1:]
    label_step = np.where(part & next_part, right_step, step)
    return part, label_step == 1


def _two_in_three(close: np.ndarray, relative: np.ndarray, segment_start: np.ndarray) -> np.ndarray:
    """Near-limit points in a window of 3 consecutive points with ≥ 2 near a limit, all 3 on one side."""
    n = len(close)
    if n < 3:
        return np.zeros(n, dtype=bool)
    c = close.astype(np.int8)
    r = _sign8(relative)
    same_segment = ~segment_start[1:-1] & ~segment_start[2:]  # window starting at k holds k, k+1, k+2
    window = same_segment & ((c[:-2] + c[1:-1] + c[2:]) >= 2) & (np.abs(r[:-2] + r[1:-1] + r[2:]) == 3)
    in_window = np.zeros(n, dtype=bool)
    for offset in range(3):  # a point belongs to the windows starting 0, 1 or 2 places before it
        in_window[offset : n - 2 + offset] |= window
    return in_window & close


def _special_cause_codes(
    y: np.ndarray,
    relative: np.ndarray,
    outside: np.ndarray,
    close: np.ndarray,
    segment_start: np.ndarray,
) -> np.ndarray:
    """Index into _SPECIAL_CAUSE_TYPES for every point, rules applied in NHSRplotthedots' precedence."""
    below = ~(relative > 0)  # NHSRplotthedots calls anything not above the mean "Below"
    trend, increasing = _trend(y, segment_start)
    codes = np.zeros(len(y), dtype=np.int8)
    # lowest precedence first, so that each stronger rule overwrites
    one_side = _seven_on_one_side(relative, segment_start)
    codes[one_side] = 7 + below[one_side]
    two_of_three = _two_in_three(close, relative, segment_start)
    codes[two_of_three] = 5 + below[two_of_three]
    codes[trend] = 4 - increasing[trend]
    codes[outside] = 2 - (relative[outside] == 1)
    return codes


def _point_type_codes(type_codes: np.ndarray, direction: int) -> np.ndarray:
    side = _TYPE_DIRECTION[type_codes]
    if direction == 0:
        return np.select([side > 0, side < 0], [3, 4], default=0).astype(np.int8)
    oriented = side * direction
    return np.select([oriented > 0, oriented < 0], [1, 2], default=0).astype(np.int8)


# ----------------------------------------------------------------------------------------------- main


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
class _Prepared:
    y: np.ndarray
    x: np.ndarray
    facet_code: np.ndarray  # facet index (sorted order)
    facets: np.ndarray  # distinct facets, sorted
    order: np.ndarray  # input row of each sorted row


def _prepare(data: pd.DataFrame, value: str, date: str, facet: str | None) -> _Prepared:
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
    return _Prepared(y=y, x=x, facet_code=codes, facets=facets, order=order)


def _facet_lookup(facets: np.ndarray) -> dict:
    """Facet value → index; names given as text (JSON keys, R's named lists) also match numeric facets."""
    lookup = {str(f): i for i, f in enumerate(facets)}
    lookup.update({f: i for i, f in enumerate(facets)})
    return lookup


def _rebase_flags(prep: _Prepared, rebase, facet: str | None) -> np.ndarray:
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


def _target_values(prep: _Prepared, target, facet: str | None) -> tuple[np.ndarray, np.ndarray]:
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


def xmr(
    data: pd.DataFrame,
    *,
    value: str,
    date: str,
    facet: str | None = None,
    improvement_direction: str = "increase",
    target: float | Mapping[object, float] | None = None,
    rebase: Sequence | Mapping[object, Sequence] | None = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> XmrResult:
    """Making Data Count XmR chart of ``data[value]`` over ``data[date]`` (one series per ``data[facet]``).

    Agrees with NHSRplotthedots 0.2.2 ``ptd_spc(data, value_field=value, date_field=date, facet_field=facet, ...)``.

    ``improvement_direction``: ``"increase"``, ``"decrease"`` or ``"neutral"``.
    ``target``: None, a number for every facet, or a dict facet → number.
    ``rebase``: None, a list of dates (a new rebase group starts at each row with one of these dates, in every
    facet), or a dict facet → list of dates.
    ``fix_after_n_points``: None or N ≥ 12 — the mean and moving ranges come from each group's first N points.
    ``screen_outliers``: drop moving ranges ≥ 3.267·MR̄ once before computing the limits (default True).

    Raises :class:`~coqi.spc.SpcInputError` (naming the column and row) for an unknown column, a non-numeric
    value, a date that does not parse or appears twice in a facet, or an unknown improvement direction. Groups of
    fewer than 13 points raise a :class:`ShortGroupWarning`; a group of a single point has no limits.
    See :class:`XmrResult` for every column of the result.
    """
    direction = _direction_code(improvement_direction)
    # as ptd_target() / ptd_rebase() with no arguments: nothing given
    if isinstance(target, Mapping) and not target:
        target = None
    if isinstance(rebase, Mapping) and not rebase:
        rebase = None
    if fix_after_n_points is not None:
        if isinstance(fix_after_n_points, bool) or not isinstance(fix_after_n_points, (int, float, np.number)) or (
            fix_after_n_points < 12
        ):
            raise SpcInputError(
                f"fix_after_n_points must be a number ≥ 12, not {fix_after_n_points!r}", column="fix_after_n_points"
            )
    prep = _prepare(data, value, date, facet)
    rebase_flag = _rebase_flags(prep, rebase, facet)
    point_target, facet_target = _target_values(prep, target, facet)
    points, segments = _compute_points(prep, rebase_flag, fix_after_n_points, screen_outliers, direction)
    points["target"] = point_target
    summary = _summary(points, segments, facet_target, direction, target is not None)
    icons = _icons(summary, segments, direction, target is not None)
    if facet is None:
        summary = summary.drop(columns="f")
    if rebase is None:
        summary = summary.drop(columns="rebase_group")
    if (segments.n < SHORT_GROUP_POINTS).any():
        warnings.warn(
            f"Some groups have fewer than {SHORT_GROUP_POINTS} points: their limits are trial limits, which will "
            "change as more points arrive.",
            ShortGroupWarning,
            stacklevel=2,
        )
    options = {
        "value": value,
        "date": date,
        "facet": facet,
        "improvement_direction": improvement_direction,
        "target": target,
        "rebase": rebase,
        "fix_after_n_points": fix_after_n_points,
        "screen_outliers": screen_outliers,
    }
    return XmrResult(points=points, summary=summary, icons=icons, options=options)


@dataclass
class _Segments:
    start: np.ndarray  # first row of each facet/rebase group
    end: np.ndarray  # last row
    n: np.ndarray
    facet_code: np.ndarray
    facet: np.ndarray  # facet value of each segment
    rebase_group: np.ndarray
    mean: np.ndarray  # centre line and limits of each segment
    lower: np.ndarray
    upper: np.ndarray
    last_point_type: np.ndarray  # point type code of the segment's last point


def _compute_points(prep: _Prepared, rebase_flag, fix_after_n_points, screen_outliers, direction):
    y, codes = prep.y, prep.facet_code
    n = len(y)
    facet_start = np.ones(n, dtype=bool)
    facet_start[1:] = codes[1:] != codes[:-1]
    # rebase_group is a running count of rebase dates within the facet (a rebase on a facet's first row
    # makes that facet start at group 1, as in NHSRplotthedots)
    if rebase_flag.any():
        flags = rebase_flag.astype(np.int64)
        cumulative = np.cumsum(flags)
        facet_first_row = np.flatnonzero(facet_start)
        before_facet = cumulative[facet_first_row] - flags[facet_first_row]
        rebase_group = cumulative - np.repeat(before_facet, np.diff(np.append(facet_first_row, n)))
    else:
        rebase_group = np.zeros(n, dtype=np.int64)
    segment_start = facet_start | rebase_flag
    seg_first = np.flatnonzero(segment_start)
    n_seg = len(seg_first)
    seg_n = np.diff(np.append(seg_first, n))

    if fix_after_n_points is None:
        fix_y = y
    else:
        position = np.arange(n) - _spread(seg_first, seg_n)
        fix_y = np.where(position < fix_after_n_points, y, np.nan)
    mean = _segment_mean(fix_y, seg_first, seg_n)
    moving_range = np.empty(n)
    moving_range[0] = np.nan
    np.subtract(fix_y[1:], fix_y[:-1], out=moving_range[1:])
    np.abs(moving_range, out=moving_range)
    moving_range[segment_start] = np.nan
    mr_bar = _segment_mean(moving_range, seg_first, seg_n)
    def compared(per_segment: np.ndarray):
        # one segment: compare with a scalar, which is cheaper than a million copies of it
        return per_segment[0] if n_seg == 1 else np.repeat(per_segment, seg_n)

    if screen_outliers:
        with np.errstate(invalid="ignore"):
            drop = ~(moving_range < compared(SCREEN_MULTIPLIER * mr_bar))
        moving_range[drop] = np.nan
        mr_bar = _segment_mean(moving_range, seg_first, seg_n)

    # per segment, with the same float operations NHSRplotthedots applies per point
    lower, upper = mean - LIMIT * mr_bar, mean + LIMIT * mr_bar
    near_lower, near_upper = mean - LIMIT_CLOSE * mr_bar, mean + LIMIT_CLOSE * mr_bar
    y_missing = np.isnan(y)
    limits_missing = compared(np.isnan(lower) | np.isnan(upper))
    near_missing = compared(np.isnan(near_lower) | np.isnan(near_upper))
    with np.errstate(invalid="ignore"):
        outside = (y > compared(upper)) | (y < compared(lower))
        # R: NA | TRUE is TRUE, so a point is "outside" whenever one comparison is; otherwise missing if any side is
        outside_missing = ~outside & (y_missing | limits_missing)
        close = ~outside & ((y < compared(near_lower)) | (y > compared(near_upper)))
        close_missing = ~outside & ~close & (y_missing | near_missing)
        relative = np.sign(y - compared(mean))

    type_codes = _special_cause_codes(y, relative, outside, close, segment_start)
    point_codes = _point_type_codes(type_codes, direction)

    seg_end = seg_first + seg_n - 1
    short = _spread(seg_n < SHORT_GROUP_POINTS, seg_n)

    points = pd.DataFrame(
        copy=False,  # keep one block per column: consolidating a million rows costs more than the rules
        data={
            "y": y,
            "x": prep.x,
            "f": pd.Categorical.from_codes(codes, categories=prep.facets),
            "trajectory": np.full(n, np.nan),
            "rebase_group": rebase_group,
            "short_group_warning": short,
            "fix_y": fix_y,
            "mean_col": _spread(mean, seg_n),
            "lpl": _spread(lower, seg_n),
            "upl": _spread(upper, seg_n),
            "outside_limits": pd.arrays.BooleanArray(outside, outside_missing),
            "relative_to_mean": relative,
            "close_to_limits": pd.arrays.BooleanArray(close, close_missing),
            "special_cause_type": pd.Categorical.from_codes(type_codes, categories=_SPECIAL_CAUSE_TYPES),
            "special_cause_flag": type_codes != 0,
            "point_type": pd.Categorical.from_codes(point_codes, categories=_POINT_TYPES),
        }
    )
    segments = _Segments(
        start=seg_first,
        end=seg_end,
        n=seg_n,
        facet_code=codes[seg_first],
        facet=prep.facets[codes[seg_first]],
        rebase_group=rebase_group[seg_first],
        mean=mean,
        lower=lower,
        upper=upper,
        last_point_type=point_codes[seg_end],
    )
    return points, segments


def _assurance(last_target, last_lpl, last_upl, direction: int) -> np.ndarray:
    """Assurance per facet from its last point: the target above the upper limit fails (for an increasing
    measure) or passes (decreasing); below the lower limit the reverse; anything else — including a facet
    without a target — is inconsistent."""
    if direction == 0:
        return np.full(len(last_target), None, dtype=object)
    with np.errstate(invalid="ignore"):
        above = last_target > last_upl
        below = last_target < last_lpl
    high, low = ("consistent_fail", "consistent_pass") if direction == 1 else ("consistent_pass", "consistent_fail")
    return np.select([above, below], [high, low], default="inconsistent").astype(object)


def _last_of_facet(segments: _Segments) -> np.ndarray:
    """Which segments are their facet's last rebase group."""
    last = np.ones(len(segments.n), dtype=bool)
    last[:-1] = segments.facet_code[1:] != segments.facet_code[:-1]
    return last


def _summary(points: pd.DataFrame, segments: _Segments, facet_target, direction: int, has_target: bool):
    starts = segments.start
    point_codes = points["point_type"].cat.codes.to_numpy()

    def count(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask.view(np.int8), starts).astype(np.int64)

    n = segments.n.astype(np.int64)
    summary = pd.DataFrame(
        {
            "f": segments.facet,
            "rebase_group": segments.rebase_group,
            "mean_col": segments.mean,
            "lpl": segments.lower,
            "upl": segments.upper,
            "n": n,
            "common_cause": n - count(points["special_cause_flag"].to_numpy()),
            "special_cause_improvement": count(point_codes == 1),
            "special_cause_concern": count(point_codes == 2),
            "variation_type": np.asarray(_POINT_TYPES, dtype=object)[segments.last_point_type],
        }
    )
    if has_target:
        # assurance from each facet's last point, which lies in the facet's last rebase group
        last = _last_of_facet(segments)
        assurance = _assurance(
            facet_target[segments.facet_code[last]], segments.lower[last], segments.upper[last], direction
        )
        column = np.full(len(n), None, dtype=object)
        column[last] = assurance
        summary["assurance_type"] = column
    return summary


_ASSURANCE_ICONS = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}


def _variation_icon(point_type: str, direction: int) -> str:
    if point_type == "common_cause":
        return "common_cause"
    if point_type.startswith("special_cause_neutral_"):
        return point_type.removeprefix("special_cause_")
    high = direction == 1
    if point_type == "special_cause_improvement":
        return "improvement_high" if high else "improvement_low"
    return "concern_low" if high else "concern_high"


def _icons(summary: pd.DataFrame, segments: _Segments, direction: int, has_target: bool):
    last = _last_of_facet(segments)
    facets = segments.facet[last]
    lookup = {t: _variation_icon(t, direction) for t in _POINT_TYPES}
    variation = pd.DataFrame(
        {"f": facets, "type": "variation", "icon": [lookup[_POINT_TYPES[c]] for c in segments.last_point_type[last]]},
    )
    if not has_target or direction == 0:
        return variation
    assurance_types = summary["assurance_type"].to_numpy()[last]
    assurance = pd.DataFrame(
        {"f": facets, "type": "assurance", "icon": [_ASSURANCE_ICONS[a] for a in assurance_types]},
    )
    return pd.concat([variation, assurance], ignore_index=True)
