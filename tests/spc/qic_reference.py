"""A slow, literal Python transcription of qicharts2 0.8.1's qic.agg / qic.<chart> / runs.analysis.

It loops over facets and parts and mirrors the R code line by line (subsetting to the baseline, diff(),
mean(na.rm = TRUE), ...), so that the vectorised engine in coqi.spc.qic can be checked against it on
random inputs that combine options the public conformance cases do not. Test helper only.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def _mean(v):
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.mean(v.astype(np.longdouble))) if len(v) else math.nan


def _sum(v):
    v = np.asarray(v, dtype=float)
    return float(np.sum(v[~np.isnan(v)].astype(np.longdouble)))


def _div(a, b):
    with np.errstate(all="ignore"):
        return float(np.float64(a) / np.float64(b))


def _sqrt(v):
    with np.errstate(all="ignore"):
        return float(np.sqrt(np.float64(v)))


def _median(v):
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.median(v)) if len(v) else math.nan


def _sd(v, na_rm=True):
    v = np.asarray(v, dtype=float)
    if not na_rm and np.isnan(v).any():
        return math.nan
    v = v[~np.isnan(v)]
    return float(np.std(v, ddof=1)) if len(v) > 1 else math.nan


def _c4(n):
    if not n > 1:
        return math.nan
    return math.sqrt(2 / (n - 1)) * math.exp(math.lgamma(n / 2) - math.lgamma((n - 1) / 2))


def _a3(n, k=3):
    return k / (_c4(n) * math.sqrt(n)) if n > 1 else math.nan


def _b3(n, k=3):
    return max(0.0, 1 - k * math.sqrt(1 - _c4(n) ** 2) / _c4(n)) if n > 1 else math.nan


def _b4(n, k=3):
    return 1 + k * math.sqrt(1 - _c4(n) ** 2) / _c4(n) if n > 1 else math.nan


def _screened_amr(mr, screened, factor=3.267):
    amr = _mean(mr)
    if screened:
        mr = [m for m in mr if m < factor * amr]
        amr = _mean(mr)
    return amr


def _limits(d, cl, sd):
    d["cl"] = cl
    d["lcl"], d["ucl"] = cl - 3 * sd, cl + 3 * sd
    d["lcl.95"], d["ucl.95"] = cl - 2 * sd, cl + 2 * sd


def _clip(d, lower=True, upper=False):
    for c in ("lcl", "lcl.95") if lower else ():
        d[c] = [0.0 if (v < 0 and math.isfinite(v)) else v for v in d[c]]
    for c in ("ucl", "ucl.95") if upper else ():
        d[c] = [1.0 if (v > 1 and math.isfinite(v)) else v for v in d[c]]


def _chart(d: pd.DataFrame, chart: str, cl_fixed, screened: bool, x_is_character: bool) -> pd.DataFrame:
    d = d.copy()
    base = (d["baseline"] & d["include"]).to_numpy()
    y = d["y"].to_numpy(dtype=float)
    n = d["n"].to_numpy(dtype=float)
    length = d["y.length"].to_numpy(dtype=float)

    def centre(compute):
        return cl_fixed if cl_fixed is not None else compute()

    if chart == "run":
        d["cl"] = centre(lambda: _median(y[base]))
        for c in ("lcl", "ucl", "lcl.95", "ucl.95"):
            d[c] = math.nan
    elif chart in ("i", "t"):
        if chart == "t":
            y = y ** (1 / 3.6)
        cl = centre(lambda: _mean(y[base]))
        mr = np.abs(np.diff(y[base] - cl))
        _limits(d, cl, _screened_amr(mr, screened) / 1.128)
        if chart == "t":
            d["y"] = y**3.6
            for c in ("cl", "lcl", "ucl", "lcl.95", "ucl.95"):
                d[c] = np.asarray(d[c], dtype=float) ** 3.6
            d["lcl"] = [0.0 if (math.isnan(v) or v < 0) else v for v in d["lcl"]]
        else:
            d["y"] = y
    elif chart == "mr":
        y = np.concatenate(([math.nan], np.abs(np.diff(y))))
        d["y"] = y
        cl = centre(lambda: _mean(y[base]))
        d["cl"], d["lcl"], d["lcl.95"] = cl, 0.0, 0.0
        d["ucl"], d["ucl.95"] = 3.267 * cl, (3.267 / 3) * 2 * cl
    elif chart in ("xbar", "s"):
        var_n = len(set(length)) > 1
        sd_i = d["y.sd"].to_numpy(dtype=float)
        if var_n:
            pooled = _sqrt(_div(_sum((length[base] - 1) * sd_i[base] ** 2), _sum(length[base] - 1)))
        else:
            pooled = _mean(sd_i[base])
        if chart == "xbar":
            cl = centre(lambda: _div(_sum(length[base] * d["y.mean"].to_numpy()[base]), _sum(length[base])))
            d["cl"] = cl
            d["ucl"] = [cl + _a3(k) * pooled for k in length]
            d["lcl"] = [cl - _a3(k) * pooled for k in length]
            d["ucl.95"] = [cl + _a3(k, 2) * pooled for k in length]
            d["lcl.95"] = [cl - _a3(k, 2) * pooled for k in length]
        else:
            d["y"] = sd_i
            cl = centre(lambda: pooled)
            d["cl"] = cl
            d["ucl"], d["lcl"] = [_b4(k) * cl for k in length], [_b3(k) * cl for k in length]
            d["ucl.95"], d["lcl.95"] = [_b4(k, 2) * cl for k in length], [_b3(k, 2) * cl for k in length]
    elif chart in ("p", "pp", "u", "up"):
        ysum = d["y.sum"].to_numpy(dtype=float)
        cl = centre(lambda: _div(_sum(ysum[base]), _sum(n[base])))
        with np.errstate(all="ignore"):
            sd = np.sqrt(cl * (1 - cl) / n) if chart in ("p", "pp") else np.sqrt(cl / n)
            if chart in ("pp", "up"):
                z = (y[base] - cl) / sd[base]
                if x_is_character:
                    sigma_z = _sd(z, na_rm=False)
                else:
                    sigma_z = _screened_amr(np.abs(np.diff(z)), screened) / 1.128
                sd = sd * sigma_z
        _limits(d, cl, sd)
        _clip(d, lower=True, upper=chart in ("p", "pp"))
    elif chart == "c":
        y = d["y.sum"].to_numpy(dtype=float)
        d["y"] = y
        cl = centre(lambda: _mean(y[base]))
        _limits(d, cl, _sqrt(cl))
        _clip(d)
    elif chart == "g":
        mean = centre(lambda: _mean(y[base]))
        _limits(d, mean, _sqrt(mean * (mean + 1)))
        for c in ("lcl", "lcl.95"):
            d[c] = [0.0 if v < 0 else v for v in d[c]]
        d["cl"] = _median(y[base]) if cl_fixed is None else 0.693 * mean
    elif chart == "ip":
        if np.isnan(n).all():
            n = length.copy()
            d["n"] = n
        cl = centre(lambda: _div(_sum(y[base] * n[base]), _sum(n[base])))
        with np.errstate(all="ignore"):
            s = math.sqrt(math.pi / 2) * np.abs(np.diff(y)) / np.sqrt(1 / n[:-1] + 1 / n[1:])
            if screened:
                s = s[s < _mean(s) * 3.2665]
            _limits(d, cl, _mean(s) * np.sqrt(1 / n))
    else:
        raise ValueError(chart)
    return d


def _runs(d: pd.DataFrame) -> dict:
    inc = d["include"].to_numpy()
    y = d["y"].to_numpy(dtype=float)[inc]
    cl = np.asarray(d["cl"], dtype=float)
    cl = np.broadcast_to(cl, len(d))[inc]
    with np.errstate(invalid="ignore"):
        side = np.sign(y - cl)
    side = [s for s in side if s != 0 and not math.isnan(s)]
    out = {"n.obs": len(y), "n.useful": len(side)}
    if side:
        lengths, current = [], 1
        for a, b in zip(side, side[1:]):
            if a == b:
                current += 1
            else:
                lengths.append(current)
                current = 1
        lengths.append(current)
        m = len(side)
        lr_max = round(math.log2(m)) + 3
        _cdf, k = 0.0, 0
        from fractions import Fraction

        acc = Fraction(0)
        for k in range(m):
            acc += Fraction(math.comb(m - 1, k), 2 ** (m - 1))
            if acc >= Fraction(1, 20):
                break
        out.update({"longest.run": max(lengths), "longest.run.max": lr_max, "n.crossings": len(lengths) - 1,
                    "n.crossings.min": k})  # fmt: skip
        out["runs.signal"] = out["longest.run"] > lr_max or out["n.crossings"] < k
    else:
        out.update({"longest.run": None, "longest.run.max": None, "n.crossings": None, "n.crossings.min": None,
                    "runs.signal": False})  # fmt: skip
    return out


def qic_reference(data, *, x, y, n=None, chart="run", facet=None, part=(), freeze=None, exclude=(),
                  multiply=1, agg_fun="mean", cl=None, screened_mr=True,
                  x_is_character=False) -> pd.DataFrame:  # fmt: skip
    """Points of one chart (numeric or text ``x``; at most one facet), computed literally as qicharts2 does."""
    rows = pd.DataFrame({"x": data[x], "y": data[y].astype(float),
                         "n": data[n].astype(float) if n else math.nan,
                         "f": data[facet] if facet else 1})  # fmt: skip
    if n:
        bad = rows["y"].isna() | rows["n"].isna()
        rows.loc[bad, ["y", "n"]] = math.nan
    rows = rows[rows["x"].notna() & rows["f"].notna()]
    groups = []
    for (f, xv), g in rows.groupby(["f", "x"], sort=True):
        yy = g["y"].to_numpy()
        present = yy[~np.isnan(yy)]
        if n:
            yv = _div(_sum(yy), _sum(g["n"]))
        else:
            yv = {"mean": _mean, "median": _median, "sum": _sum, "sd": _sd}[agg_fun](yy)
        groups.append({"x": xv, "facet1": f, "y.sum": yy[0] if len(yy) == 1 else _sum(yy),
                       "y.length": len(present), "y.mean": _mean(yy), "y.sd": _sd(yy),
                       "n": _sum(g["n"]) if n else math.nan, "y": yv})  # fmt: skip
    d = pd.DataFrame(groups)
    out = []
    for _, fd in d.groupby("facet1", sort=True):
        fd = fd.reset_index(drop=True)
        breaks = sorted({b for b in (0, *part) if 0 <= b < len(fd)})
        fd["xx"] = np.arange(1, len(fd) + 1)
        fd["part"] = [sum(b < xx for b in breaks) for xx in fd["xx"]]
        fd["baseline"] = fd["xx"] <= (freeze if freeze is not None and not part else math.inf)
        fd["include"] = ~fd["xx"].isin(list(exclude))
        for _p, pd_ in fd.groupby("part", sort=True):
            c = _chart(pd_.reset_index(drop=True), chart, cl, screened_mr, x_is_character)
            runs = _runs(c)
            for key, value in runs.items():
                c[key] = [value] * len(c)
            out.append(c)
    res = pd.concat(out, ignore_index=True)
    for col in ("y", "cl", "lcl", "ucl", "lcl.95", "ucl.95"):
        res[col] = np.asarray(res[col], dtype=float) * multiply
    for col in ("lcl", "ucl", "lcl.95", "ucl.95"):
        res[col] = [v if math.isfinite(v) else math.nan for v in res[col]]
    with np.errstate(invalid="ignore"):
        res["sigma.signal"] = (res["y"] > res["ucl"]) | (res["y"] < res["lcl"])
    if x_is_character or chart == "mr":
        res["runs.signal"] = False
    return res
