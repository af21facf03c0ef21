"""Accessible, CSP-safe SVG charts of self-assessment results.

Each chart is an `<svg role="img">` with a `<title>` and `<desc>` (named by `aria-labelledby`), drawn only with
presentation attributes and classes — no inline `style` — so the strict Content-Security-Policy holds. Every
chart sits beside a data table with the same figures, which is the accessible alternative. Text is escaped.
"""

from __future__ import annotations

from html import escape

from coqi.assessment.selectors.rounds import Placement, SectionResult

LIVED_COLOUR = "#005eb8"  # NHS blue
LEARNT_COLOUR = "#007f3b"  # NHS green
INK = "#212b32"
GRID = "#aeb7bd"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _svg(uid: str, title: str, desc: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg class="coqi-chart" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def _wrap(text: str, limit: int = 34) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def gap_chart(sections: list[SectionResult], *, lowest: int, highest: int, uid: str = "gap") -> str:
    """Two bars per section: lived and learnt experience, on the framework's scale."""
    label_w, plot_w, row_h, top = 260, 300, 64, 30
    width, height = label_w + plot_w + 50, top + row_h * len(sections) + 30
    span = highest - lowest or 1

    def x(value: float) -> float:
        return label_w + plot_w * (value - lowest) / span

    parts = []
    for tick in range(lowest, highest + 1):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 24}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle" font-size="13" fill="{INK}">{tick}</text>'
        )
    for i, section in enumerate(sections):
        y0 = top + i * row_h
        for j, line in enumerate(_wrap(section.title)):
            parts.append(f'<text x="0" y="{y0 + 18 + j * 16}" font-size="13" fill="{INK}">{escape(line)}</text>')
        for k, (value, colour, name) in enumerate(
            [(section.lived, LIVED_COLOUR, "Lived"), (section.learnt, LEARNT_COLOUR, "Learnt")]
        ):
            if value is None:
                continue
            by = y0 + 6 + k * 24
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{max(x(value) - label_w, 2):.1f}" height="18" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{x(value) + 4:.1f}" y="{by + 14}" font-size="12" fill="{INK}">{name} {_fmt(value)}</text>'
            )
    desc = "; ".join(f"{s.title}: lived {_fmt(s.lived)}, learnt {_fmt(s.learnt)}" for s in sections)
    return _svg(
        uid,
        "Ratings by lived and learnt experience",
        f"On a scale of {lowest} to {highest}. {desc}.",
        width,
        height,
        "".join(parts),
    )


def continuum_chart(placement: Placement, *, earlier: list[tuple[str, Placement]] = (), uid: str = "continuum") -> str:
    """QI maturity across, co-production maturity up; the four regions named. Earlier rounds as hollow dots."""
    size, pad = 320, 56
    width, height = size + pad + 20, size + pad + 20
    lo, hi = placement.lowest, placement.highest
    span = hi - lo or 1

    def px(v: float) -> float:
        return pad + size * (v - lo) / span

    def py(v: float) -> float:
        return 10 + size * (hi - v) / span

    mid = placement.midpoint
    parts = [
        f'<rect x="{pad}" y="10" width="{size}" height="{size}" fill="#ffffff" stroke="{INK}"/>',
        f'<line x1="{px(mid):.1f}" y1="10" x2="{px(mid):.1f}" y2="{10 + size}" '
        f'stroke="{GRID}" stroke-dasharray="4 4"/>',
        f'<line x1="{pad}" y1="{py(mid):.1f}" x2="{pad + size}" y2="{py(mid):.1f}" '
        f'stroke="{GRID}" stroke-dasharray="4 4"/>',
    ]
    regions = [
        (pad + 8, 30, "start", "Co-production"),
        (pad + 8, 46, "start", "without QI"),
        (pad + size - 8, 30, "end", "Co-produced QI"),
        (pad + 8, size - 10, "start", "Early in both"),
        (pad + size - 8, size - 10, "end", "QI without"),
        (pad + size - 8, size + 6, "end", "co-production"),
    ]
    for rx, ry, anchor, text in regions:
        parts.append(f'<text x="{rx}" y="{ry}" text-anchor="{anchor}" font-size="12" fill="{INK}">{text}</text>')
    parts.append(
        f'<text x="{pad + size / 2}" y="{size + 50}" text-anchor="middle" font-size="13" fill="{INK}">'
        f"Quality improvement maturity ({lo} to {hi})</text>"
    )
    parts.append(
        f'<text x="16" y="{10 + size / 2}" text-anchor="middle" font-size="13" fill="{INK}" '
        f'transform="rotate(-90 16 {10 + size / 2})">Co-production maturity ({lo} to {hi})</text>'
    )
    for _, old in earlier:
        if old.improvement is not None and old.coproduction is not None:
            parts.append(
                f'<circle cx="{px(old.improvement):.1f}" cy="{py(old.coproduction):.1f}" r="6" fill="#ffffff" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
    if placement.improvement is not None and placement.coproduction is not None:
        parts.append(
            f'<circle cx="{px(placement.improvement):.1f}" cy="{py(placement.coproduction):.1f}" r="9" '
            f'fill="{LIVED_COLOUR}" stroke="{INK}" stroke-width="2"/>'
        )
    desc = (
        f"Quality improvement maturity {_fmt(placement.improvement)}, co-production maturity "
        f"{_fmt(placement.coproduction)}: {placement.continuum or 'not placed'}."
    )
    if earlier:
        desc += (
            " Earlier rounds: "
            + "; ".join(f"{name}: {_fmt(p.improvement)}, {_fmt(p.coproduction)}" for name, p in earlier)
            + "."
        )
    return _svg(uid, "Where we are on the QI and co-production continuum", desc, width, height, "".join(parts))


def curves_chart(placement: Placement, *, uid: str = "curves") -> str:
    """The three curves side by side: all three are needed at the same time, all the time."""
    label_w, plot_w, row_h, top = 190, 300, 40, 10
    curves = placement.curves
    width, height = label_w + plot_w + 50, top + row_h * len(curves) + 30
    lo, hi = placement.lowest, placement.highest
    span = hi - lo or 1

    def x(value: float) -> float:
        return label_w + plot_w * (value - lo) / span

    parts = []
    for tick in range(lo, hi + 1):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{height - 24}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle" font-size="13" fill="{INK}">{tick}</text>'
        )
    for i, (name, value) in enumerate(curves):
        y0 = top + i * row_h
        parts.append(f'<text x="0" y="{y0 + 22}" font-size="13" fill="{INK}">{escape(name)}</text>')
        if value is not None:
            parts.append(
                f'<rect x="{label_w}" y="{y0 + 8}" width="{max(x(value) - label_w, 2):.1f}" height="20" '
                f'fill="{LIVED_COLOUR}"/>'
            )
            parts.append(f'<text x="{x(value) + 4:.1f}" y="{y0 + 23}" font-size="12" fill="{INK}">{_fmt(value)}</text>')
    desc = "; ".join(f"{name} {_fmt(value)}" for name, value in curves)
    return _svg(
        uid,
        "The three curves: assurance, improvement and co-produced improvement",
        f"On a scale of {lo} to {hi}. {desc}.",
        width,
        height,
        "".join(parts),
    )
