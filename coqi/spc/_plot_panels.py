"""Every SPC result as neutral panels for :mod:`coqi.spc.plot`: one per facet, whichever engine made it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .icons import COLOURS

_POINT_COLOURS = {
    "common_cause": COLOURS["common"],
    "special_cause_improvement": COLOURS["improvement"],
    "special_cause_concern": COLOURS["concern"],
    "special_cause_neutral_high": COLOURS["neutral"],
    "special_cause_neutral_low": COLOURS["neutral"],
}
_VARIATION_WORDS = {
    "common_cause": "common cause variation (no significant change)",
    "special_cause_improvement": "special cause variation: improvement",
    "special_cause_concern": "special cause variation: concern",
    "special_cause_neutral_high": "special cause variation: significantly higher",
    "special_cause_neutral_low": "special cause variation: significantly lower",
}


@dataclass
class _Panel:
    """One chart panel in a neutral form, whichever engine made it."""

    label: str | None
    x: np.ndarray
    y: np.ndarray
    centre: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    group: np.ndarray  # rebase group / part: lines are not joined across groups
    colours: list[str]
    target: float | None
    notes: list[tuple[object, float, str]] = field(default_factory=list)
    icons: list[str] = field(default_factory=list)  # variation first, then assurance
    centre_signal: bool = False  # qicharts2 runs signal: the centre line is drawn in the signal colour
    centre_name: str = "mean"
    excluded: np.ndarray | None = None  # qic points left out of the limits: drawn hollow
    limits_name: str = "process limits"
    latest_words: str = ""


def _is_xmr(result) -> bool:
    return "mean_col" in getattr(result, "points", pd.DataFrame()).columns


def _format_number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.4g}"


def _format_x(value) -> str:
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        ts = pd.Timestamp(value)
        return ts.strftime("%d %b %Y") if ts == ts.normalize() else ts.isoformat(sep=" ")
    return str(value)


def _annotation_items(annotations) -> list[tuple[object, str]]:
    if annotations is None:
        return []
    if isinstance(annotations, Mapping):
        return [(pd.Timestamp(k) if isinstance(k, str) else k, str(v)) for k, v in annotations.items()]
    return [(pd.Timestamp(k) if isinstance(k, str) else k, str(v)) for k, v in annotations]


def _matching_x(x: np.ndarray, when) -> list[int]:
    """Positions where the x axis equals an annotation's x (a date, or a subgroup label/number)."""
    if np.issubdtype(x.dtype, np.datetime64):
        try:
            target = np.datetime64(pd.Timestamp(when), "ns")
        except (TypeError, ValueError):
            return []
        return list(np.flatnonzero(x.astype("datetime64[ns]") == target))
    return [i for i, xi in enumerate(x) if xi == when or str(xi) == str(when)]


def _xmr_panels(result, annotations) -> list[_Panel]:
    points = result.points
    icons = result.icons
    faceted = result.options.get("facet") is not None if hasattr(result, "options") else points["f"].nunique() > 1
    panels = []
    for facet, rows in points.groupby("f", sort=False, observed=True):
        types = rows["point_type"].astype(str).to_numpy()
        target = rows["target"].dropna()
        facet_icons = icons[icons["f"] == facet]
        icon_names = list(facet_icons.loc[facet_icons["type"] == "variation", "icon"]) + list(
            facet_icons.loc[facet_icons["type"] == "assurance", "icon"]
        )
        x = rows["x"].to_numpy()
        y = rows["y"].to_numpy(dtype=float)
        notes = []
        for when, text in _annotation_items(annotations):
            matches = _matching_x(x, when)
            if len(matches):
                notes.append((x[matches[0]], y[matches[0]], text))
        panels.append(
            _Panel(
                label=str(facet) if faceted else None,
                x=x,
                y=y,
                centre=rows["mean_col"].to_numpy(dtype=float),
                lower=rows["lpl"].to_numpy(dtype=float),
                upper=rows["upl"].to_numpy(dtype=float),
                group=rows["rebase_group"].to_numpy(),
                colours=[_POINT_COLOURS.get(t, COLOURS["common"]) for t in types],
                target=float(target.iloc[-1]) if len(target) else None,
                notes=notes,
                icons=icon_names,
                excluded=~rows["include"].fillna(True).astype(bool).to_numpy() if "include" in rows.columns else None,
                latest_words=_VARIATION_WORDS.get(types[-1], "") if len(types) else "",
            )
        )
    return panels


def _qic_signal_colours(rows: pd.DataFrame, improvement: str) -> list[str]:
    signal = rows["sigma.signal"].fillna(False).astype(bool).to_numpy()
    above = (rows["y"] > rows["cl"]).to_numpy()
    colours = []
    for flagged, high in zip(signal, above):
        if not flagged:
            colours.append(COLOURS["common"])
        elif improvement == "neutral":
            colours.append(COLOURS["neutral"])
        elif (improvement == "increase") == bool(high):
            colours.append(COLOURS["improvement"])
        else:
            colours.append(COLOURS["concern"])
    return colours


def _qic_panels(result, improvement: str, annotations) -> list[_Panel]:
    points = result.points
    facet_cols = [c for c in ("facet1", "facet2") if c in points.columns and points[c].nunique(dropna=False) > 1]
    grouped = points.groupby(facet_cols, sort=False) if facet_cols else [((), points)]
    panels = []
    for key, rows in grouped:
        key = key if isinstance(key, tuple) else (key,)
        label = " · ".join(str(k) for k in key) if facet_cols else None
        x = rows["x"].to_numpy()
        y = rows["y"].to_numpy(dtype=float)
        notes = []
        if "notes" in rows.columns:
            for xi, yi, note in zip(x, y, rows["notes"]):
                if isinstance(note, str) and note:
                    notes.append((xi, yi, note))
        for when, text in _annotation_items(annotations):
            matches = _matching_x(x, when)
            if matches:
                notes.append((x[matches[0]], y[matches[0]], text))
        target = rows["target"].dropna() if "target" in rows.columns else pd.Series(dtype=float)
        runs = bool(rows["runs.signal"].fillna(False).astype(bool).any()) if "runs.signal" in rows.columns else False
        panels.append(
            _Panel(
                label=label,
                x=x,
                y=y,
                centre=rows["cl"].to_numpy(dtype=float),
                lower=rows["lcl"].to_numpy(dtype=float) if "lcl" in rows.columns else np.full(len(rows), np.nan),
                upper=rows["ucl"].to_numpy(dtype=float) if "ucl" in rows.columns else np.full(len(rows), np.nan),
                group=rows["part"].to_numpy() if "part" in rows.columns else np.zeros(len(rows)),
                colours=_qic_signal_colours(rows, improvement)
                if "sigma.signal" in rows.columns
                else [COLOURS["common"]] * len(rows),
                target=float(target.iloc[-1]) if len(target) else None,
                notes=notes,
                excluded=~rows["include"].fillna(True).astype(bool).to_numpy() if "include" in rows.columns else None,
                centre_signal=runs,
                latest_words=_qic_latest_words(rows),
                centre_name="centre line",
                limits_name="control limits",
            )
        )
    return panels


def _qic_latest_words(rows: pd.DataFrame) -> str:
    outside = int(rows["sigma.signal"].fillna(False).astype(bool).sum()) if "sigma.signal" in rows.columns else 0
    runs = bool(rows["runs.signal"].fillna(False).astype(bool).any()) if "runs.signal" in rows.columns else False
    words = [f"{outside} point{'s' if outside != 1 else ''} outside the control limits"]
    words.append("a non-random run pattern (runs signal)" if runs else "no runs signal")
    return "; ".join(words)


def _panels(result, improvement: str, annotations) -> list[_Panel]:
    if _is_xmr(result):
        return _xmr_panels(result, annotations)
    points = getattr(result, "points", None)
    if points is None or not {"x", "y", "cl"}.issubset(points.columns):
        raise TypeError("plot() needs an XmrResult or a qic result (a .points frame with x, y and cl columns)")
    return _qic_panels(result, improvement, annotations)
