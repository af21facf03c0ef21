"""Variation and assurance icons in the Making Data Count spirit, drawn by us (not NHS England's files).

Each icon is a round badge: a coloured ring, a letter or symbol, and for variation icons a small row of dots
sketching the pattern. The same description drives both renderings:

* :func:`icon_svg` — a small standalone, accessible SVG string (for web pages);
* :func:`draw_icon` — the badge drawn onto a matplotlib axes (for charts).

Variation icons: ``common_cause``, ``improvement_high``, ``improvement_low``, ``concern_high``, ``concern_low``,
``neutral_high``, ``neutral_low``. Assurance icons: ``pass``, ``fail``, ``inconsistent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = [
    "ASSURANCE_ICONS",
    "COLOURS",
    "VARIATION_ICONS",
    "describe_icon",
    "draw_icon",
    "icon_svg",
]

# Making Data Count palette (colour names as used in its guidance).
COLOURS = {
    "common": "#7f7f7f",  # grey: common cause
    "improvement": "#00a9e0",  # blue: special cause improvement
    "concern": "#ed8b00",  # orange: special cause concern
    "neutral": "#7b4fa0",  # purple: special cause, neither good nor bad
    "target": "#da291c",  # red target line
    "ink": "#231f20",
    "white": "#ffffff",
}


@dataclass(frozen=True)
class _Icon:
    colour: str
    letter: str  # drawn in the middle of the badge
    dots: tuple[float, ...]  # heights (0 = bottom, 1 = top) of the little row of dots; empty for none
    dot_colours: tuple[str, ...]
    description: str


def _variation(colour_key: str, letter: str, rising: bool | None, description: str) -> _Icon:
    colour = COLOURS[colour_key]
    grey = COLOURS["common"]
    if rising is None:  # common cause: dots wandering around the middle
        return _Icon(colour, "", (0.5, 0.35, 0.6, 0.45, 0.55, 0.4, 0.5), (grey,) * 7, description)
    tail = (0.62, 0.75, 0.88) if rising else (0.38, 0.25, 0.12)
    return _Icon(colour, letter, (0.5, 0.42, 0.55, 0.47, *tail), (grey,) * 4 + (colour,) * 3, description)


VARIATION_ICONS: dict[str, _Icon] = {
    "common_cause": _variation("common", "", None, "Common cause variation: no significant change"),
    "improvement_high": _variation(
        "improvement", "H", True, "Special cause variation: improvement, the measure is significantly higher"
    ),
    "improvement_low": _variation(
        "improvement", "L", False, "Special cause variation: improvement, the measure is significantly lower"
    ),
    "concern_high": _variation(
        "concern", "H", True, "Special cause variation: concern, the measure is significantly higher"
    ),
    "concern_low": _variation(
        "concern", "L", False, "Special cause variation: concern, the measure is significantly lower"
    ),
    "neutral_high": _variation(
        "neutral", "H", True, "Special cause variation: the measure is significantly higher (neither good nor bad)"
    ),
    "neutral_low": _variation(
        "neutral", "L", False, "Special cause variation: the measure is significantly lower (neither good nor bad)"
    ),
}

ASSURANCE_ICONS: dict[str, _Icon] = {
    "pass": _Icon(COLOURS["improvement"], "P", (), (), "Assurance: the process will consistently meet the target"),
    "fail": _Icon(COLOURS["concern"], "F", (), (), "Assurance: the process will consistently miss the target"),
    "inconsistent": _Icon(
        COLOURS["common"], "?", (), (), "Assurance: the process will inconsistently meet and miss the target"
    ),
}

_ALL_ICONS = {**VARIATION_ICONS, **ASSURANCE_ICONS}


def _lookup(name: str) -> _Icon:
    try:
        return _ALL_ICONS[name]
    except KeyError:
        raise ValueError(f"unknown icon {name!r}; known: {', '.join(_ALL_ICONS)}") from None


def describe_icon(name: str) -> str:
    """The icon's meaning in words (used for alt text and chart descriptions)."""
    return _lookup(name).description


def icon_svg(name: str, *, size: int = 48) -> str:
    """A standalone SVG badge for icon ``name``, with a <title> for screen readers."""
    icon = _lookup(name)
    title = escape(icon.description)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 100 100" '
        f'role="img" aria-labelledby="coqi-icon-{name}-title">',
        f'<title id="coqi-icon-{name}-title">{title}</title>',
        f'<circle cx="50" cy="50" r="45" fill="{COLOURS["white"]}" stroke="{icon.colour}" stroke-width="8"/>',
    ]
    if icon.letter:
        y = 52 if icon.dots else 66
        font = 34 if icon.dots else 44
        parts.append(
            f'<text x="50" y="{y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
            f'font-weight="bold" font-size="{font}" fill="{icon.colour}">{escape(icon.letter)}</text>'
        )
    if icon.dots:
        step = 50 / (len(icon.dots) - 1)
        for i, (height, colour) in enumerate(zip(icon.dots, icon.dot_colours)):
            cx = 25 + i * step
            cy = 82 - height * 22 if icon.letter else 70 - height * 40
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def draw_icon(ax, name: str, *, x: float, y: float, size: float = 0.09) -> None:
    """Draw icon ``name`` as a badge on ``ax`` centred at axes-fraction (x, y), ``size`` = radius in axes height.

    Drawn in an inset axes with equal aspect so that the badge stays round whatever the chart's shape.
    """
    from matplotlib.patches import Circle

    icon = _lookup(name)
    fig = ax.figure
    bbox = ax.get_position()
    fig_w, fig_h = fig.get_size_inches()
    height = 2 * size * bbox.height
    width = height * fig_h / fig_w
    inset = fig.add_axes(
        [bbox.x0 + x * bbox.width - width / 2, bbox.y0 + y * bbox.height - height / 2, width, height],
        label=f"coqi-icon-{name}-{x}-{y}",
    )
    badge_points = height * fig_h * 72
    inset.set_xlim(0, 100)
    inset.set_ylim(100, 0)
    inset.set_aspect("equal")
    inset.axis("off")
    inset.add_patch(Circle((50, 50), 45, facecolor=COLOURS["white"], edgecolor=icon.colour, linewidth=2))
    if icon.letter:
        inset.text(
            50,
            45 if icon.dots else 52,
            icon.letter,
            ha="center",
            va="center",
            color=icon.colour,
            fontweight="bold",
            fontsize=badge_points * (0.3 if icon.dots else 0.4),  # in proportion to the badge
        )
    if icon.dots:
        step = 50 / (len(icon.dots) - 1)
        for i, (height_, colour) in enumerate(zip(icon.dots, icon.dot_colours)):
            cy = 82 - height_ * 22 if icon.letter else 70 - height_ * 40
            inset.add_patch(Circle((25 + i * step, cy), 4.5, facecolor=colour, edgecolor="none"))
    inset.set_gid(f"coqi-icon-{name}")
