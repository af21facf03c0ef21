"""Control-chart constants exactly as qicharts2 0.8.1 computes them.

qicharts2 derives the bias-correction constants from the gamma function rather than from printed tables, so
we do the same: the tables in textbooks are rounded to 4 digits and would miss the 1e-9 conformance tolerance.
"""

from __future__ import annotations

import math

import numpy as np

#: d2 for moving ranges of two: sigma = MRbar / 1.128 (qicharts2 I, T, P', U' charts).
D2 = 1.128
#: D4 for moving ranges of two: upper limit of the MR chart, and the moving-range screening cut-off.
D4 = 3.267
#: The I' (I prime) chart screens its scaled moving ranges with this slightly different constant.
D4_IPRIME = 3.2665
#: G chart centre line when a centre line is supplied: the median of a geometric distribution ~ 0.693·mean.
G_MEDIAN_FACTOR = 0.693


def _lgamma(values: np.ndarray) -> np.ndarray:
    # Subgroup sizes take few distinct values, so a scalar lgamma over the uniques is both exact and fast.
    flat = np.asarray(values, dtype=float)
    uniq, inverse = np.unique(flat, return_inverse=True)
    out = np.array([math.lgamma(v) if np.isfinite(v) else np.nan for v in uniq])
    return out[inverse].reshape(flat.shape)


def c4(n) -> np.ndarray:
    """c4(n) = sqrt(2/(n-1)) · Γ(n/2) / Γ((n-1)/2); NaN for n <= 1."""
    n = np.asarray(n, dtype=float).copy()
    n[n <= 1] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(2 / (n - 1)) * np.exp(_lgamma(n / 2) - _lgamma((n - 1) / 2))


def c5(n) -> np.ndarray:
    """c5(n) = sqrt(1 - c4(n)^2); NaN for n <= 1."""
    n = np.asarray(n, dtype=float).copy()
    n[n <= 1] = np.nan
    return np.sqrt(1 - c4(n) ** 2)


def a3(n, sigma: float = 3) -> np.ndarray:
    """Xbar-chart factor: sigma / (c4(n) · sqrt(n)); NaN for n <= 1."""
    n = np.asarray(n, dtype=float).copy()
    n[n <= 1] = np.nan
    return sigma / (c4(n) * np.sqrt(n))


def b3(n, sigma: float = 3) -> np.ndarray:
    """S-chart lower factor: max(0, 1 - sigma · c5/c4); NaN for n <= 1 (R's pmax keeps NA)."""
    n = np.asarray(n, dtype=float).copy()
    n[n <= 1] = np.nan
    raw = 1 - sigma * c5(n) / c4(n)
    return np.where(np.isnan(raw), np.nan, np.maximum(0.0, raw))


def b4(n, sigma: float = 3) -> np.ndarray:
    """S-chart upper factor: 1 + sigma · c5/c4; NaN for n <= 1."""
    n = np.asarray(n, dtype=float).copy()
    n[n <= 1] = np.nan
    return 1 + sigma * c5(n) / c4(n)
