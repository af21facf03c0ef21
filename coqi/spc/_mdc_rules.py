"""The four Making Data Count special-cause rules, and the point type each flagged point gets.

Separate because the rules are the part of the method most often asked about ("why is this point orange?"):
each is a run-length computation over one array sorted by facet then date, with a break wherever a new
facet or rebase group starts, and the precedence between them is in one function, :func:`special_cause_codes`.
"""

from __future__ import annotations

import numpy as np

RUN_LENGTH = 7

# special_cause_type labels; the code order is used to build a Categorical quickly.
SPECIAL_CAUSE_TYPES = [
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

POINT_TYPES = [
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
]


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


def special_cause_codes(
    y: np.ndarray,
    relative: np.ndarray,
    outside: np.ndarray,
    close: np.ndarray,
    segment_start: np.ndarray,
) -> np.ndarray:
    """Index into SPECIAL_CAUSE_TYPES for every point, rules applied in NHSRplotthedots' precedence."""
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


def point_type_codes(type_codes: np.ndarray, direction: int) -> np.ndarray:
    side = _TYPE_DIRECTION[type_codes]
    if direction == 0:
        return np.select([side > 0, side < 0], [3, 4], default=0).astype(np.int8)
    oriented = side * direction
    return np.select([oriented > 0, oriented < 0], [1, 2], default=0).astype(np.int8)
