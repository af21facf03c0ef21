"""Anhøj runs analysis: unusually long runs and unusually few crossings of the centre line.

A *useful* observation is one that is present and not exactly on the centre line. Among the useful
observations of a series (in order), a *run* is a maximal sequence on the same side of the centre line and a
*crossing* is a change of side. With ``n`` useful observations:

* ``longest_run_max(n) = round(log2(n)) + 3`` (Schilling 2012), and a signal needs a longest run *strictly*
  greater than it;
* ``crossings_min(n) = qbinom(0.05, n - 1, 0.5)`` (Chen 2010), and a signal needs *strictly* fewer crossings.

The binomial quantile is computed exactly with integer arithmetic (smallest k with P(X <= k) >= 0.05) for
n up to 201; beyond that from the pmf in floating point (error ~1e-13), falling back to integers whenever
the CDF lies within 1e-8 of 0.05, so the answer is exact wherever it is checkable.

``runs_analysis`` works on one series; ``segment_runs`` does the same for many series (facets × parts) at once,
with no Python loop over series.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ._segments import group_counts, group_max

__all__ = [
    "RunsAnalysis",
    "crossings_min",
    "longest_run_max",
    "runs_analysis",
    "segment_runs",
]

_EXACT_LIMIT = 200


def longest_run_max(n_useful):
    """``round(log2(n)) + 3`` for n >= 1 (scalar or array). log2 of an integer is never exactly k + 0.5, so
    the rounding convention does not matter."""
    if np.ndim(n_useful) == 0:
        return int(round(math.log2(n_useful))) + 3
    n = np.asarray(n_useful, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.round(np.log2(n)) + 3


def _exact_quantile(m: int) -> int:
    """Smallest k with P(Binomial(m, 1/2) <= k) >= 0.05, in integers: 20 · sum_{i<=k} C(m, i) >= 2^m
    (never equal: 5 does not divide 2^m)."""
    total = 1 << m
    coef, acc = 1, 0
    for k in range(m + 1):
        acc += coef
        if 20 * acc >= total:
            return k
        coef = coef * (m - k) // (k + 1)
    return m  # pragma: no cover - the loop always returns


def _float_quantile(m: int) -> tuple[int, float]:
    """The same quantile from the pmf in floating point, and how far (relatively) the CDF on either side of
    it lies from 0.05. The log-pmf is accumulated outwards from the mode, whose neighbourhood holds the
    quantile, so its rounding error stays near 1e-13; the tails beyond ±15 sd are below 1e-48."""
    mode = m // 2
    sd = math.sqrt(m) / 2
    lo, hi = max(0, int(mode - 15 * sd)), min(m, int(mode + 15 * sd) + 1)
    j = np.arange(lo, hi, dtype=float)
    step = np.log1p((m - 2 * j - 1) / (j + 1))  # log pmf(j+1) - log pmf(j)
    at = mode - lo
    log_pmf = np.concatenate((-np.cumsum(step[:at][::-1])[::-1], [0.0], np.cumsum(step[at:])))
    pmf = np.exp(log_pmf)
    cdf = np.cumsum(pmf) / pmf.sum()
    i = int(np.searchsorted(cdf, 0.05, side="left"))
    below = cdf[i - 1] if i > 0 else 0.0
    margin = min(abs(cdf[i] - 0.05), abs(0.05 - below)) / 0.05
    return lo + i, margin


@functools.lru_cache(maxsize=8192)
def _qbinom05_half(m: int) -> int:
    """qbinom(0.05, m, 0.5): the smallest k with P(Binomial(m, 1/2) <= k) >= 0.05."""
    if m <= 0:
        return 0
    if m <= _EXACT_LIMIT:
        return _exact_quantile(m)
    k, margin = _float_quantile(m)
    if margin < 1e-8 and m <= 50_000:  # too close to call in floating point: settle it exactly
        return _exact_quantile(m)
    return k


def crossings_min(n_useful):
    """``qbinom(0.05, n - 1, 0.5)`` for n >= 1 (scalar or integer array)."""
    if np.ndim(n_useful) == 0:
        return _qbinom05_half(max(int(n_useful) - 1, 0))
    n = np.asarray(n_useful, dtype=np.int64)
    uniq, inverse = np.unique(n, return_inverse=True)
    table = np.array([_qbinom05_half(max(int(v) - 1, 0)) for v in uniq], dtype=np.int64)
    return table[inverse].reshape(n.shape)


@dataclass(frozen=True)
class RunsAnalysis:
    """Result of the Anhøj runs analysis of one series. Counts are None when no observation is useful."""

    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    signal: bool


def runs_analysis(y, cl) -> RunsAnalysis:
    """Anhøj runs analysis of ``y`` around the centre line ``cl`` (a number or one value per point).

    Missing values (NaN) count as observations (``n_obs``) but are not useful, like points on the centre line.
    """
    y = np.asarray(y, dtype=float)
    cl = np.broadcast_to(np.asarray(cl, dtype=float), y.shape)
    seg = np.zeros(len(y), dtype=np.int64)
    r = segment_runs(y, cl, np.ones(len(y), dtype=bool), seg, 1)
    useful = int(r["n.useful"][0])
    if useful == 0:
        return RunsAnalysis(len(y), 0, None, None, None, None, False)
    return RunsAnalysis(
        n_obs=int(r["n.obs"][0]),
        n_useful=useful,
        longest_run=int(r["longest.run"][0]),
        longest_run_max=int(r["longest.run.max"][0]),
        n_crossings=int(r["n.crossings"][0]),
        n_crossings_min=int(r["n.crossings.min"][0]),
        signal=bool(r["runs.signal"][0]),
    )


def segment_runs(y: np.ndarray, cl: np.ndarray, include: np.ndarray, seg: np.ndarray, nseg: int) -> dict:
    """Runs analysis of every segment at once.

    ``seg`` (non-decreasing) assigns each point to a segment (facet × part); only points with ``include`` take
    part. Returns per-segment arrays: ``n.obs`` (included points), ``n.useful``, ``longest.run``,
    ``longest.run.max``, ``n.crossings``, ``n.crossings.min`` (float, NaN when ``n.useful`` is 0) and
    ``runs.signal`` (bool).
    """
    with np.errstate(invalid="ignore"):
        side = np.sign(y - cl)
    n_obs = group_counts(seg[include], nseg)
    useful = include & (side != 0) & ~np.isnan(side)
    s, g = (side, seg) if useful.all() else (side[useful], seg[useful])
    n_useful = group_counts(g, nseg)

    # A run starts at every useful point whose side or segment differs from the previous useful point.
    starts = np.ones(len(s), dtype=bool)
    starts[1:] = (s[1:] != s[:-1]) | (g[1:] != g[:-1])
    run_start = np.flatnonzero(starts)
    run_len = np.diff(np.append(run_start, len(s)))
    run_seg = g[run_start]
    n_runs = group_counts(run_seg, nseg)
    longest = group_max(run_len, run_seg, nseg, empty=0)

    has = n_useful > 0
    n_crossings = np.maximum(n_runs - 1, 0)
    lr_max = longest_run_max(np.where(has, n_useful, 1))
    nc_min = crossings_min(np.where(has, n_useful, 1))
    signal = has & ((longest > lr_max) | (n_crossings < nc_min))

    def masked(values):
        out = values.astype(float)
        out[~has] = np.nan
        return out

    return {
        "n.obs": n_obs,
        "n.useful": n_useful,
        "longest.run": masked(longest),
        "longest.run.max": masked(lr_max),
        "n.crossings": masked(n_crossings),
        "n.crossings.min": masked(nc_min),
        "runs.signal": signal,
    }
