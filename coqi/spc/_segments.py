"""Vectorised reductions over contiguous groups, computed the way R computes them.

Every function takes ``values`` and ``ids`` of the same length, where ``ids`` is non-decreasing (items of one
group are contiguous) and lies in ``0 .. ngroups-1``; groups may be empty. Missing values (NaN) are dropped
first, as R's ``na.rm = TRUE`` does. Sums accumulate in long double, as R's ``sum()`` and ``mean()`` do, so
that a centre line equals a data value exactly when R's does; this matters for which points count as "on the
centre line" in the runs analysis.
"""

from __future__ import annotations

import numpy as np

LD = np.longdouble


def group_counts(ids: np.ndarray, ngroups: int) -> np.ndarray:
    if ngroups == 1:
        return np.array([len(ids)], dtype=np.int64)
    return np.bincount(ids, minlength=ngroups).astype(np.int64)


def spread(per_group: np.ndarray, counts: np.ndarray):
    """Per-group values repeated over the items of each group (a scalar for a single group)."""
    return per_group[0] if len(counts) == 1 else np.repeat(per_group, counts)


def _reduceat_sum(values: np.ndarray, counts: np.ndarray, dtype=LD) -> np.ndarray:
    """Sum of each group of ``values`` (already filtered, grouped contiguously, sizes ``counts``)."""
    out = np.zeros(len(counts), dtype=dtype)
    if len(values):
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        nonempty = counts > 0
        # reduceat on the non-empty starts only: an empty group would otherwise yield values[start].
        out[nonempty] = np.add.reduceat(values.astype(dtype, copy=False), starts[nonempty])
    return out


def _present(values: np.ndarray, ids: np.ndarray):
    keep = ~np.isnan(values)
    if keep.all():
        return values, ids
    return values[keep], ids[keep]


def r_sum(values: np.ndarray, ids: np.ndarray, ngroups: int) -> tuple[np.ndarray, np.ndarray]:
    """``sum(x, na.rm = TRUE)`` per group (0 for an empty group) and the number of values summed."""
    v, g = _present(values, ids)
    counts = group_counts(g, ngroups)
    return _reduceat_sum(v, counts).astype(float), counts


def r_mean(values: np.ndarray, ids: np.ndarray, ngroups: int) -> np.ndarray:
    """``mean(x, na.rm = TRUE)`` per group (NaN for an empty group), with R's second refining pass."""
    v, g = _present(values, ids)
    counts = group_counts(g, ngroups)
    vl = v.astype(LD)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = _reduceat_sum(vl, counts) / counts
        finite = np.isfinite(s)
        resid = vl - spread(s, counts)
        if not finite.all():  # R refines only a finite first estimate
            resid[~np.repeat(finite, counts)] = 0
        s = np.where(finite, s + _reduceat_sum(resid, counts) / counts, s)
    out = s.astype(float)
    out[counts == 0] = np.nan
    return out


def r_sd(values: np.ndarray, ids: np.ndarray, ngroups: int) -> np.ndarray:
    """``sd(x, na.rm = TRUE)`` per group (NaN for fewer than two values): two-pass, long double sums."""
    v, g = _present(values, ids)
    counts = group_counts(g, ngroups)
    mean = r_mean(v, g, ngroups)
    dev = v - spread(mean, counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = _reduceat_sum(dev * dev, counts) / (counts - 1)
    out = np.sqrt(var.astype(float))
    out[counts < 2] = np.nan
    return out


def r_median(values: np.ndarray, ids: np.ndarray, ngroups: int) -> np.ndarray:
    """``median(x, na.rm = TRUE)`` per group (NaN for an empty group)."""
    v, g = _present(values, ids)
    counts = group_counts(g, ngroups)
    out = np.full(ngroups, np.nan)
    if not len(v):
        return out
    if ngroups == 1:
        out[0] = np.median(v)
        return out
    order = np.lexsort((v, g))
    sorted_v = v[order]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    # (a + b) / 2 in double equals R's long-double mean of two values: halving is exact.
    out[has] = (sorted_v[lo] + sorted_v[hi]) / 2
    return out


def r_sd_strict(values: np.ndarray, ids: np.ndarray, ngroups: int) -> np.ndarray:
    """``sd(x)`` without ``na.rm``: NaN for any group holding a missing value."""
    out = r_sd(values, ids, ngroups)
    has_na = np.bincount(ids[np.isnan(values)], minlength=ngroups) > 0
    out[has_na] = np.nan
    return out


def lagged(mask: np.ndarray | None, ids: np.ndarray, *arrays: np.ndarray):
    """Consecutive pairs among the items selected by ``mask`` (None: all) that fall in the same group.

    Returns the group id of each pair and, for every array given, its (earlier, later) values: what R's
    ``diff(x[mask])`` pairs up when it runs on one group at a time.
    """
    if mask is not None and not mask.all():
        ids = ids[mask]
        arrays = tuple(a[mask] for a in arrays)
    same = ids[1:] == ids[:-1]
    if same.all():  # one group, or no pair straddles two: plain slices, no copies
        return ids[1:], [(a[:-1], a[1:]) for a in arrays]
    return ids[1:][same], [(a[:-1][same], a[1:][same]) for a in arrays]


def group_max(values: np.ndarray, ids: np.ndarray, ngroups: int, empty=0) -> np.ndarray:
    """Maximum per group of integer ``values`` (``empty`` for an empty group)."""
    counts = group_counts(ids, ngroups)
    out = np.full(ngroups, empty, dtype=values.dtype)
    if len(values):
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        nonempty = counts > 0
        out[nonempty] = np.maximum.reduceat(values, starts[nonempty])
    return out
