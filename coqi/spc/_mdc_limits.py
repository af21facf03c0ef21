"""Centre lines and process limits of ``xmr()`` per facet and rebase group (phase), and the points frame.

Separate from the rules and the summary because this is where NHSRplotthedots' arithmetic must be matched
to the last bit (R's two-pass mean, the order of float operations at the limits), so that a point on a
limit or the mean in R is on it here too; it cuts the sorted rows into facet/rebase segments that the rules
and the summary then use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._mdc_input import Prepared
from ._mdc_rules import POINT_TYPES, SPECIAL_CAUSE_TYPES, point_type_codes, special_cause_codes

# Constants exactly as NHSRplotthedots writes them (the order of the float operations matters at the thresholds).
LIMIT = 2.66
LIMIT_CLOSE = 2 * (LIMIT / 3)
SCREEN_MULTIPLIER = 3.267
SHORT_GROUP_POINTS = 13  # groups with fewer points than this get short_group_warning


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


@dataclass
class Segments:
    """The facet/rebase groups of the sorted rows, each with its centre line and limits."""

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


def compute_points(prep: Prepared, rebase_flag, fix_after_n_points, screen_outliers, direction):
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

    type_codes = special_cause_codes(y, relative, outside, close, segment_start)
    point_codes = point_type_codes(type_codes, direction)

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
            "special_cause_type": pd.Categorical.from_codes(type_codes, categories=SPECIAL_CAUSE_TYPES),
            "special_cause_flag": type_codes != 0,
            "point_type": pd.Categorical.from_codes(point_codes, categories=POINT_TYPES),
        },
    )
    segments = Segments(
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
