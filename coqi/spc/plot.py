"""Draw SPC results in the NHS Making Data Count style, with matplotlib (Agg; no display needed).

* :func:`plot` draws an :class:`~coqi.spc.mdc.XmrResult` or a qicharts2-style result (anything with a ``points``
  frame holding ``x``, ``y``, ``cl``, ``lcl``, ``ucl``, ``sigma.signal``, … such as ``coqi.spc.qic``'s result)
  and returns the matplotlib Figure. Faceted results become small multiples.
* :func:`to_svg` returns an accessible SVG string: a ``<title>`` and a ``<desc>`` say in words what the chart
  shows (measure, latest value, variation and assurance).
* :func:`save` writes ``.svg`` (accessible, as above), ``.png`` or ``.pdf`` by file suffix.

Style: grey common-cause points, blue special-cause improvement, orange special-cause concern, purple
special cause that is neither (neutral), solid mean, dashed process limits, red target line, variation and
assurance icons as small badges in each panel's top right corner, and notes (e.g. PDSA cycles) as labelled
markers.
"""

from __future__ import annotations

import io
import math
import pathlib
import re
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from ._plot_panels import _format_number, _format_x, _is_xmr, _Panel, _panels
from .icons import COLOURS, describe_icon, draw_icon

__all__ = ["plot", "save", "to_svg", "describe"]

_CONSTRAINED_LAYOUT_PANELS = 12
_MARKERS = {
    COLOURS["common"]: ("o", 22),
    COLOURS["improvement"]: ("s", 30),
    COLOURS["concern"]: ("^", 40),
    COLOURS["neutral"]: ("P", 40),
}
_CHART_NAMES = {"pp": "P′", "up": "U′", "ip": "I′", "xbar": "Xbar"}
_ASSURANCE_WORDS = {
    "pass": "the target will consistently be met",
    "fail": "the target will consistently be missed",
    "inconsistent": "the target will be met inconsistently",
}


# ----------------------------------------------------------------------------------------------- drawing


def _draw_group_lines(ax, panel: _Panel, group_names=None) -> None:
    for number, group in enumerate(pd.unique(panel.group)):
        rows = panel.group == group
        x = panel.x[rows]
        if number:  # a dotted upright line where a new part (phase) starts, named when names were given
            ax.axvline(x[0], color=COLOURS["ink"], linewidth=1.0, linestyle=(0, (1, 2)), zorder=1)
            if group_names is not None and number < len(group_names):
                ax.annotate(
                    group_names[number],
                    xy=(x[0], 1),
                    xycoords=("data", "axes fraction"),
                    xytext=(3, -2),
                    textcoords="offset points",
                    ha="left",
                    va="top",
                    fontsize=8,
                    color=COLOURS["ink"],
                )
        centre_colour = COLOURS["concern"] if panel.centre_signal else COLOURS["ink"]
        ax.plot(x, panel.centre[rows], color=centre_colour, linewidth=1.4, solid_capstyle="butt", zorder=2)
        ax.plot(x, panel.lower[rows], color=COLOURS["ink"], linewidth=1.0, linestyle=(0, (4, 3)), zorder=2)
        ax.plot(x, panel.upper[rows], color=COLOURS["ink"], linewidth=1.0, linestyle=(0, (4, 3)), zorder=2)


def _draw_panel(ax, panel: _Panel, *, show_icons: bool, ylabel: str | None, group_names=None) -> None:
    ax.plot(panel.x, panel.y, color=COLOURS["common"], linewidth=1.2, zorder=3)
    solid = np.ones(len(panel.y), dtype=bool) if panel.excluded is None else ~panel.excluded
    colours = np.asarray(panel.colours, dtype=object)
    # each kind of point has its own shape as well as its colour, so the chart reads without colour too
    for colour in pd.unique(colours[solid]):
        mine = solid & (colours == colour)
        marker, size = _MARKERS.get(colour, ("o", 22))
        ax.scatter(panel.x[mine], panel.y[mine], c=colour, marker=marker, s=size, zorder=4, edgecolors="none")
    if not solid.all():  # excluded from the limits: hollow
        ax.scatter(
            panel.x[~solid],
            panel.y[~solid],
            s=22,
            zorder=4,
            facecolors="white",
            edgecolors=list(colours[~solid]),
            linewidths=1.2,
        )
    _draw_group_lines(ax, panel, group_names)
    if panel.target is not None:
        ax.axhline(panel.target, color=COLOURS["target"], linewidth=1.2, zorder=2)
    for x, y, text in panel.notes:
        ax.annotate(
            text,
            xy=(x, y),
            xytext=(0, 22),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            arrowprops={"arrowstyle": "-", "color": COLOURS["ink"], "linewidth": 0.6},
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "#fff7d6", "edgecolor": COLOURS["ink"], "linewidth": 0.5},
            zorder=5,
        )
        ax.scatter([x], [y], marker="D", s=28, facecolors="none", edgecolors=COLOURS["ink"], zorder=5)
    if panel.label is not None:
        ax.set_title(panel.label, fontsize=9, loc="left")
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(x=0.02, y=0.08)
    if show_icons and panel.icons:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.3 * (high - low))  # headroom for the badges
    if np.issubdtype(np.asarray(panel.x).dtype, np.datetime64):
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _draw_icons(ax, panel: _Panel) -> None:
    size = 0.08  # badge radius as a fraction of the panel height
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    width = 2 * size * bbox.height * fig_h / (bbox.width * fig_w)  # badge width as a fraction of the panel width
    for i, name in enumerate(reversed(panel.icons)):  # variation on the left, assurance on the right
        draw_icon(ax, name, x=1 - width * (0.6 + 1.15 * i), y=1 - size * 1.3, size=size)


def _at_least(fig: Figure, size: float | None) -> None:
    if size:
        for ax in fig.axes:  # tick labels are made at draw time, so set their size rather than find them
            ax.tick_params(labelsize=size)
        for text in fig.findobj(Text):
            if text.get_fontsize() < size:
                text.set_fontsize(size)


def plot(
    result,
    *,
    ax=None,
    title: str | None = None,
    ylabel: str | None = None,
    improvement: str = "neutral",
    annotations: Mapping | Iterable | None = None,
    show_icons: bool = True,
    ncols: int | None = None,
    figsize: tuple[float, float] | None = None,
    group_names: Sequence[str] | None = None,
    min_font_size: float | None = None,
) -> Figure:
    """Draw ``result`` (an XmrResult or a qic result) and return the matplotlib Figure.

    ``ax``: draw into this axes (single-panel results only); otherwise a new Figure is made, with one panel per
    facet. ``title``: chart title. ``ylabel``: y-axis label (default: the measure's name where known).
    ``improvement``: for qic results, which direction is better (``increase``/``decrease``/``neutral``) to colour
    points outside the limits blue or orange (XmR results carry their own direction).
    ``annotations``: extra labelled markers, a dict or pairs ``x → text`` (e.g. ``{"2021-03-01": "PDSA 1"}``);
    a qic result's ``notes`` column is shown as well. ``show_icons``: draw the variation/assurance badges.
    ``group_names``: labels for the parts / rebase groups (e.g. ``["Phase 1", "Phase 2"]``), printed where each
    later one starts. ``min_font_size``: no text smaller than this many points (for a chart shown at its own
    size on a page: 12 keeps every label at 12 CSS px or more).
    """
    panels = _panels(result, improvement, annotations)
    if not panels:
        raise ValueError("nothing to plot: the result has no points")
    if ylabel is None and _is_xmr(result):
        ylabel = getattr(result, "options", {}).get("value")
    if ax is not None:
        if len(panels) > 1:
            raise ValueError(f"the result has {len(panels)} facets; draw it without ax= to get small multiples")
        fig = ax.figure
        _draw_panel(ax, panels[0], show_icons=show_icons, ylabel=ylabel, group_names=group_names)
        if title:
            ax.set_title(title)
        _at_least(fig, min_font_size)
        if show_icons and panels[0].icons:
            _draw_icons(ax, panels[0])
        return fig

    many = len(panels) > _CONSTRAINED_LAYOUT_PANELS
    ncols = ncols or (
        1
        if len(panels) == 1
        else math.ceil(math.sqrt(len(panels)))
        if many
        else min(4, math.ceil(math.sqrt(len(panels))))
    )
    nrows = math.ceil(len(panels) / ncols)
    panel_size = (2.8, 2.1) if many else (3.4, 2.6)
    figsize = figsize or ((8, 4.5) if len(panels) == 1 else (panel_size[0] * ncols, panel_size[1] * nrows + 0.6))
    # constrained layout places a few panels nicely but costs a full draw per chart; many panels get a grid
    fig = Figure(figsize=figsize, layout=None if many else "constrained")
    if many:
        width, height = figsize
        fig.subplots_adjust(
            left=0.5 / width,
            right=1 - 0.15 / width,
            bottom=0.35 / height,
            top=1 - (0.6 if title else 0.3) / height,
            wspace=0.3,
            hspace=0.45,
        )
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for panel, ax_ in zip(panels, axes.flat):
        _draw_panel(
            ax_, panel, show_icons=show_icons, ylabel=ylabel if len(panels) == 1 else None, group_names=group_names
        )
    for ax_ in list(axes.flat)[len(panels) :]:
        ax_.set_visible(False)
    if title:
        fig.suptitle(title, fontsize=11)
    _at_least(fig, min_font_size)
    if show_icons and any(p.icons for p in panels):
        if not many:
            # the badges sit in inset axes placed from each panel's final position, so fix the layout first
            fig.canvas.draw()
            fig.set_layout_engine("none")
        for panel, ax_ in zip(panels, axes.flat):
            if panel.icons:
                _draw_icons(ax_, panel)
        _at_least(fig, min_font_size)  # the badges' letters too
    return fig


# ----------------------------------------------------------------------------------------------- words


def _panel_sentence(panel: _Panel, measure: str) -> str:
    present = ~np.isnan(panel.y)
    if not present.any():
        return f"{panel.label + ': ' if panel.label else ''}no values."
    last = np.flatnonzero(present)[-1]
    parts = [
        f"{panel.label}: " if panel.label else "",
        f"{len(panel.y)} points from {_format_x(panel.x[0])} to {_format_x(panel.x[-1])}. ",
        f"Latest {measure} {_format_number(panel.y[last])} on {_format_x(panel.x[last])}",
    ]
    centre, lower, upper = panel.centre[last], panel.lower[last], panel.upper[last]
    if not math.isnan(centre):
        parts.append(f"; {panel.centre_name} {_format_number(centre)}")
    if not (math.isnan(lower) or math.isnan(upper)):
        parts.append(f", {panel.limits_name} {_format_number(lower)} to {_format_number(upper)}")
    else:
        parts.append(f", no {panel.limits_name}")
    parts.append(". ")
    if panel.icons:
        variation = panel.icons[0]
        parts.append(f"Variation: {describe_icon(variation).split(': ', 1)[-1]}. ")
        if len(panel.icons) > 1:
            parts.append(f"Assurance: {_ASSURANCE_WORDS.get(panel.icons[1], panel.icons[1])}. ")
        elif panel.target is not None:
            parts.append("Assurance: not assessed for a measure with no direction of improvement. ")
        else:
            parts.append("Assurance: no target set. ")
    elif panel.latest_words:
        parts.append(f"Signals: {panel.latest_words}. ")
    if panel.target is not None:
        parts.append(f"Target {_format_number(panel.target)}. ")
    return "".join(parts).strip()


def describe(
    result, *, title: str | None = None, measure: str | None = None, improvement: str = "neutral", max_facets: int = 12
) -> tuple[str, str]:
    """A short title and a longer description of ``result`` in words, for <title> and <desc>."""
    panels = _panels(result, improvement, None)
    if measure is None:
        measure = (getattr(result, "options", {}) or {}).get("value") or "value"
    if title is None:
        chart = getattr(result, "chart", None)
        if _is_xmr(result):
            kind = "XmR chart (Making Data Count)"
        elif chart:
            kind = "Run chart" if chart == "run" else f"{_CHART_NAMES.get(chart, chart.upper())} control chart"
        else:
            kind = "Statistical process control chart"
        title = f"{kind} of {measure}"
    sentences = [_panel_sentence(p, measure) for p in panels[:max_facets]]
    if len(panels) > max_facets:
        sentences.append(f"…and {len(panels) - max_facets} more series.")
    if len(panels) > 1:
        sentences.insert(0, f"{len(panels)} series.")
    return title, " ".join(sentences)


def _accessible_svg(svg: str, title: str, desc: str) -> str:
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:  # pragma: no cover - matplotlib always writes an <svg> root
        raise RuntimeError("matplotlib produced no <svg> element")
    opening = match.group(0)
    labelled = opening[:-1] + ' role="img" aria-labelledby="coqi-chart-title coqi-chart-desc">'
    inserted = (
        f'{labelled}\n<title id="coqi-chart-title">{escape(title)}</title>\n'
        f'<desc id="coqi-chart-desc">{escape(desc)}</desc>\n'
    )
    return svg[: match.start()] + inserted + svg[match.end() :]


def to_svg(result, *, title: str | None = None, measure: str | None = None, **kwargs) -> str:
    """An accessible SVG of ``result``: the chart drawn by :func:`plot` (``kwargs`` go to it) with a <title> and a
    <desc> describing, per series, the latest value, the limits, the variation and the assurance in words."""
    import matplotlib

    improvement = kwargs.get("improvement", "neutral")
    chart_title, desc = describe(result, title=title, measure=measure, improvement=improvement)
    fig = plot(result, title=title, **kwargs)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "coqi-spc", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _accessible_svg(buffer.getvalue(), chart_title, desc)


def save(result, path, **kwargs) -> pathlib.Path:
    """Write ``result`` as a chart to ``path``: ``.svg`` (accessible, via :func:`to_svg`), ``.png`` or ``.pdf``."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(to_svg(result, **kwargs), encoding="utf-8")
    elif suffix in (".png", ".pdf"):
        kwargs.pop("measure", None)
        fig = plot(result, **kwargs)
        fig.savefig(path, dpi=150, metadata={"Software": "coqi.spc"} if suffix == ".png" else None)
    else:
        raise ValueError(f"cannot write a chart as {suffix or 'a file without suffix'!r}: use .svg, .png or .pdf")
    return path
