"""Centre lines and limits of the 13 ``qic()`` chart types, as qicharts2 0.8.1 computes them.

One function per chart type, each taking the subgroups cut into (facet, part) segments and returning the
plotted value, centre line and 2- and 3-sigma limits for every subgroup. They are kept together, apart from
input and output handling, so the statistics can be read (and checked against qicharts2's R source) in one
place; all of them are grouped numpy reductions, never a Python loop per series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _constants as K
from ._segments import lagged, r_mean, r_median, r_sd_strict, r_sum


@dataclass
class Segments:
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
class Lines:
    y: np.ndarray
    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl95: np.ndarray
    ucl95: np.ndarray
    n: np.ndarray | None = None  # only when the chart changes n (I' without a denominator)
    constant_limits: bool = True  # limits are the same on every row of a segment


def _sigma_lines(y, cl, sd) -> Lines:
    return Lines(y, cl, cl - 3 * sd, cl + 3 * sd, cl - 2 * sd, cl + 2 * sd)


def _clip_lower(lines: Lines, *, finite_only: bool = True) -> Lines:
    for name in ("lcl", "lcl95"):
        v = getattr(lines, name)
        hit = (v < 0) & np.isfinite(v) if finite_only else v < 0
        v[hit] = 0.0
    return lines


def _clip_upper_at_one(lines: Lines) -> Lines:
    for name in ("ucl", "ucl95"):
        v = getattr(lines, name)
        v[(v > 1) & np.isfinite(v)] = 1.0
    return lines


def _average_moving_range(values, mask, s: Segments, *, screen_factor: float | None) -> np.ndarray:
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


def _chart_run(s: Segments) -> Lines:
    cl = s.computed_cl(lambda: s.per_segment(s.y, s.base, r_median))
    nan = np.full(len(s.y), np.nan)
    return Lines(s.y, cl, nan, nan.copy(), nan.copy(), nan.copy())


def _chart_i(s: Segments, y=None) -> Lines:
    y = s.y if y is None else y
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    amr = _average_moving_range(y - cl, s.base, s, screen_factor=K.D4 if s.screened_mr else None)
    return _sigma_lines(y, cl, s.rows(amr / K.D2))


def _chart_mr(s: Segments) -> Lines:
    # Moving ranges within each part; the first point of a part has none.
    y = np.full(len(s.y), np.nan)
    if len(y):
        y[1:] = np.abs(np.diff(s.y))
        y[np.concatenate(([0], np.cumsum(s.counts)[:-1]))] = np.nan
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    zero = np.zeros(len(y))
    return Lines(y, cl, zero, K.D4 * cl, zero.copy(), (K.D4 / 3) * 2 * cl)


def _chart_t(s: Segments) -> Lines:
    with np.errstate(invalid="ignore"):
        lines = _chart_i(s, np.power(s.y, 1 / 3.6))
        back = Lines(*(np.power(v, 3.6) for v in (lines.y, lines.cl, lines.lcl, lines.ucl, lines.lcl95, lines.ucl95)))
    back.lcl[(back.lcl < 0) | np.isnan(back.lcl)] = 0.0
    return back


def _pooled_sd(s: Segments) -> np.ndarray:
    """sqrt(Σ(n_i - 1)·s_i² / Σ(n_i - 1)) over baseline subgroups (Montgomery 6.31), per segment; like
    qicharts2 the denominator counts every baseline subgroup, including those with no or one value."""
    num, _ = s.per_segment((s.y_length - 1) * s.y_sd**2, s.base, r_sum)
    den, _ = s.per_segment((s.y_length - 1).astype(float), s.base, r_sum)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(num / den)


def _variable_subgroup_size(s: Segments) -> np.ndarray:
    """Per segment: do the subgroup sizes (all rows, not only the baseline) vary?"""
    lo = np.full(s.nseg, np.iinfo(np.int64).max)
    hi = np.full(s.nseg, np.iinfo(np.int64).min)
    np.minimum.at(lo, s.seg, s.y_length)
    np.maximum.at(hi, s.seg, s.y_length)
    return lo != hi


def _within_sd(s: Segments) -> np.ndarray:
    return np.where(_variable_subgroup_size(s), _pooled_sd(s), s.per_segment(s.y_sd, s.base))


def _chart_xbar(s: Segments) -> Lines:
    def weighted_mean():
        num, _ = s.per_segment(s.y_length * s.y_mean, s.base, r_sum)
        den, _ = s.per_segment(s.y_length.astype(float), s.base, r_sum)
        with np.errstate(invalid="ignore", divide="ignore"):
            return num / den

    cl = s.computed_cl(weighted_mean)
    sd = s.rows(_within_sd(s))
    f3, f2 = K.a3(s.y_length) * sd, K.a3(s.y_length, sigma=2) * sd
    return Lines(s.y, cl, cl - f3, cl + f3, cl - f2, cl + f2, constant_limits=False)


def _chart_s(s: Segments) -> Lines:
    cl = s.computed_cl(lambda: _within_sd(s))
    return Lines(
        s.y_sd, cl, K.b3(s.y_length) * cl, K.b4(s.y_length) * cl,
        K.b3(s.y_length, sigma=2) * cl, K.b4(s.y_length, sigma=2) * cl, constant_limits=False,
    )  # fmt: skip


def _ratio_cl(s: Segments) -> np.ndarray:
    num, _ = s.per_segment(s.y_sum, s.base, r_sum)
    den, _ = s.per_segment(s.n, s.base, r_sum)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _laney_sigma_z(s: Segments, cl, sd) -> np.ndarray:
    """Laney's between-subgroup factor: the spread of z-scores of the baseline subgroups, per segment."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (s.y - cl) / sd
    if s.x_is_character:
        # No order among subgroups, so qicharts2 takes the plain SD (a missing z makes it missing).
        return s.per_segment(z, s.base, r_sd_strict)
    amr = _average_moving_range(z, s.base, s, screen_factor=K.D4 if s.screened_mr else None)
    return amr / K.D2


def _chart_p(s: Segments, *, laney: bool = False) -> Lines:
    cl = s.computed_cl(lambda: _ratio_cl(s))
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl * (1 - cl) / s.n)
    if laney:
        sd = sd * s.rows(_laney_sigma_z(s, cl, sd))
    lines = _clip_upper_at_one(_clip_lower(_sigma_lines(s.y, cl, sd)))
    lines.constant_limits = False
    return lines


def _chart_u(s: Segments, *, laney: bool = False) -> Lines:
    cl = s.computed_cl(lambda: _ratio_cl(s))
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl / s.n)
    if laney:
        sd = sd * s.rows(_laney_sigma_z(s, cl, sd))
    lines = _clip_lower(_sigma_lines(s.y, cl, sd))
    lines.constant_limits = False
    return lines


def _chart_c(s: Segments) -> Lines:
    y = s.y_sum
    cl = s.computed_cl(lambda: s.per_segment(y, s.base))
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(cl)
    return _clip_lower(_sigma_lines(y, cl, sd))


def _chart_g(s: Segments) -> Lines:
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


def _chart_ip(s: Segments) -> Lines:
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


CHART_FUNCTIONS = {
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
