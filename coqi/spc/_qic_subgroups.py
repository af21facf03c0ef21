"""Subgroups of ``qic()``: rows aggregated per (facet, x), and their layout in facets and parts.

Separate from the chart formulas because it is where the data's shape is decided: rows are sorted once by
facet then x, rows sharing an x form one subgroup (Σy/Σn or ``agg_fun`` of y, as qicharts2 aggregates), and
each facet is cut into parts, so that the chart functions see one flat array of (facet, part) segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._qic_input import SubgroupVariable
from ._segments import r_mean, r_median, r_sd, r_sum


@dataclass
class Subgroups:
    """Aggregated subgroups, sorted by facet (facet2 major, facet1 minor), then x."""

    x: np.ndarray
    f1_code: np.ndarray
    f2_code: np.ndarray
    facet_new: np.ndarray  # first subgroup of a facet
    y: np.ndarray
    y_sum: np.ndarray
    y_length: np.ndarray
    y_mean: np.ndarray
    y_sd: np.ndarray
    n: np.ndarray
    notes: np.ndarray | None


def _fix_notes(text: str | None):
    if not text:
        return None
    text = re.sub(r"\|{2,}", "|", text)
    text = re.sub(r"^\||\|$", "", text)
    text = text.replace("|", " | ")
    return text or None


def _strictly_ordered(fcode: np.ndarray, key: np.ndarray) -> bool:
    """Rows already sorted by facet then x, with no two rows in one subgroup (nothing to sort or aggregate)."""
    if len(key) < 2:
        return True
    later_x = key[1:] > key[:-1]
    if fcode[0] == fcode[-1] and not fcode.any():  # no facets: one comparison pass
        return bool(later_x.all())
    later_facet = fcode[1:] > fcode[:-1]
    same_facet = fcode[1:] == fcode[:-1]
    return bool(np.all(later_facet | (same_facet & later_x)))


def _subgroup_order(fcode: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Row order by facet, then x (stable, so duplicate subgroups keep their input order)."""
    # Common case: each facet's rows are already in x order but the facets are not in sorted order
    # (e.g. series "s2" before "s10"); a stable sort of the facet codes alone then suffices and is fast.
    order = np.argsort(fcode, kind="stable")
    f, k = fcode[order], key[order]
    if np.all((f[1:] != f[:-1]) | (k[1:] >= k[:-1])):
        return order
    by_x = np.argsort(key, kind="stable")
    return by_x[np.argsort(fcode[by_x], kind="stable")]


def aggregate(x: SubgroupVariable, y, n, got_n, f_codes, notes, agg_fun) -> Subgroups:
    """One row per (facet, x) subgroup, sorted by facet (facet2 major, facet1 minor) then x."""
    fcode = f_codes[1] * (int(f_codes[0].max(initial=0)) + 1) + f_codes[0]
    key = x.sort_key
    nrow = len(key)
    already_sorted = _strictly_ordered(fcode, key)
    order = None if already_sorted else _subgroup_order(fcode, key)

    def take(a):
        return a if order is None else a[order]

    fcode_s, key_s = take(fcode), take(key)
    new_group = np.ones(nrow, dtype=bool)
    if not already_sorted:
        new_group[1:] = (fcode_s[1:] != fcode_s[:-1]) | (key_s[1:] != key_s[:-1])
    first = np.flatnonzero(new_group)
    facet_new = np.ones(len(first), dtype=bool)
    facet_new[1:] = fcode_s[first][1:] != fcode_s[first][:-1]
    ys, ns = take(y), take(n)
    notes_s = take(notes) if notes is not None else None
    if len(first) == nrow:
        stats = _single_row_stats(ys, ns, got_n, agg_fun)
        agg_notes = None if notes_s is None else np.array([_fix_notes(v) for v in notes_s], dtype=object)
    else:
        gid = np.cumsum(new_group) - 1
        stats = _grouped_stats(ys, ns, gid, first, got_n, agg_fun)
        agg_notes = None
        if notes_s is not None:
            joined = pd.Series(notes_s).groupby(gid, sort=True).agg(lambda s: "|".join(pd.unique(s)))
            agg_notes = np.array([_fix_notes(v) for v in joined.to_numpy()], dtype=object)
    pick = slice(None) if len(first) == nrow else first  # every row its own subgroup: no gather needed
    return Subgroups(
        x=take(x.values)[pick], f1_code=take(f_codes[0])[pick], f2_code=take(f_codes[1])[pick],
        facet_new=facet_new, notes=agg_notes, **stats,
    )  # fmt: skip


def _single_row_stats(ys, ns, got_n, agg_fun) -> dict:
    """Subgroup statistics when every subgroup is one row (the usual case): R's rules for one value."""
    present = ~np.isnan(ys)
    if got_n:
        n_out = np.where(np.isnan(ns), 0.0, ns)  # sum(NA, na.rm = TRUE) is 0, so y = 0/0
        with np.errstate(invalid="ignore", divide="ignore"):
            y_out = np.where(present, ys, 0.0) / n_out
    else:
        n_out = ns
        y_out = {"sum": lambda: np.where(present, ys, 0.0), "sd": lambda: np.full(len(ys), np.nan)}.get(
            agg_fun, lambda: ys
        )()
    return dict(
        y=y_out, y_sum=ys.copy(), y_length=present.astype(np.int64), y_mean=ys.copy(),
        y_sd=np.full(len(ys), np.nan), n=n_out,
    )  # fmt: skip


def _grouped_stats(ys, ns, gid, first, got_n, agg_fun) -> dict:
    """Subgroup statistics of several rows per subgroup (``gid`` numbers the subgroups of the sorted rows)."""
    ng = len(first)
    size = np.diff(np.append(first, len(ys)))
    y_total, y_length = r_sum(ys, gid, ng)
    y_mean = r_mean(ys, gid, ng)
    y_sd = r_sd(ys, gid, ng)
    if got_n:
        n_out, _ = r_sum(ns, gid, ng)
        with np.errstate(invalid="ignore", divide="ignore"):
            y_out = y_total / n_out
    else:
        n_out = np.full(ng, np.nan)
        y_out = {
            "mean": lambda: y_mean,
            "median": lambda: r_median(ys, gid, ng),
            "sum": lambda: y_total,
            "sd": lambda: y_sd,
        }[agg_fun]()
    # R: sum(y, na.rm = length(y) > 1) -- a lone missing value stays missing.
    y_sum = np.where(size == 1, ys[first], y_total)
    return dict(y=y_out, y_sum=y_sum, y_length=y_length.astype(np.int64), y_mean=y_mean, y_sd=y_sd, n=n_out)


@dataclass
class Layout:
    """Where each subgroup sits: position in its facet, part, baseline/include flags, segment."""

    xx: np.ndarray
    part: np.ndarray
    baseline: np.ndarray
    include: np.ndarray
    seg: np.ndarray
    nseg: int
    counts: np.ndarray  # subgroups per segment


def layout(sub: Subgroups, breaks, freeze, exclude) -> Layout:
    m = len(sub.y)
    idx = np.arange(m)
    facet_start = np.maximum.accumulate(np.where(sub.facet_new, idx, 0)) if m else idx
    xx = idx - facet_start + 1
    # qicharts2's makeparts(): a part starts after each break position b with 0 <= b < facet length.
    bounds = np.unique(np.array([0] + [b for b in breaks if b >= 0], dtype=np.int64))
    part = np.searchsorted(bounds, xx, side="left").astype(np.int64)
    baseline = xx <= freeze if freeze is not None else np.ones(m, dtype=bool)
    include = ~np.isin(xx, np.asarray(exclude, dtype=np.int64)) if exclude else np.ones(m, dtype=bool)
    seg_new = sub.facet_new.copy()
    seg_new[1:] |= part[1:] != part[:-1]
    seg = np.cumsum(seg_new) - 1
    nseg = int(seg[-1]) + 1 if m else 0
    counts = np.diff(np.append(np.flatnonzero(seg_new), m))
    return Layout(xx, part, baseline, include, seg, nseg, counts)
