"""The continuum for many organisations at once: one numbered marker each, matching the data table beside it.
Drawn the same accessible, CSP-safe way as coqi.assessment.charts (no inline style; title and desc)."""

from __future__ import annotations

from coqi.assessment.charts import GRID, INK, LIVED_COLOUR, _fmt, _svg


def distribution_chart(rows, *, lowest: int, highest: int, uid: str = "distribution") -> str:
    size, pad = 320, 56
    width, height = size + pad + 20, size + pad + 20
    span = highest - lowest or 1
    mid = (lowest + highest) / 2

    def px(v: float) -> float:
        return pad + size * (v - lowest) / span

    def py(v: float) -> float:
        return 10 + size * (highest - v) / span

    parts = [
        f'<rect x="{pad}" y="10" width="{size}" height="{size}" fill="#ffffff" stroke="{INK}"/>',
        f'<line x1="{px(mid):.1f}" y1="10" x2="{px(mid):.1f}" y2="{10 + size}" '
        f'stroke="{GRID}" stroke-dasharray="4 4"/>',
        f'<line x1="{pad}" y1="{py(mid):.1f}" x2="{pad + size}" y2="{py(mid):.1f}" '
        f'stroke="{GRID}" stroke-dasharray="4 4"/>',
        f'<text x="{pad + 8}" y="30" font-size="12" fill="{INK}">Co-production without QI</text>',
        f'<text x="{pad + size - 8}" y="{size}" text-anchor="end" font-size="12" fill="{INK}">'
        "QI without co-production</text>",
        f'<text x="{pad + size - 8}" y="46" text-anchor="end" font-size="12" fill="{INK}">Co-produced QI</text>',
        f'<text x="{pad + 8}" y="{size}" font-size="12" fill="{INK}">Early in both</text>',
        f'<text x="{pad + size / 2}" y="{size + 50}" text-anchor="middle" font-size="13" fill="{INK}">'
        f"Quality improvement maturity ({lowest} to {highest})</text>",
        f'<text x="16" y="{10 + size / 2}" text-anchor="middle" font-size="13" fill="{INK}" '
        f'transform="rotate(-90 16 {10 + size / 2})">Co-production maturity ({lowest} to {highest})</text>',
    ]
    for row in rows:
        x, y = px(row.placement.improvement), py(row.placement.coproduction)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{LIVED_COLOUR}" stroke="{INK}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" font-weight="bold" '
            f'fill="#ffffff">{row.marker}</text>'
        )
    desc = "; ".join(
        f"{row.marker}, {row.label}: quality improvement {_fmt(row.placement.improvement)}, co-production "
        f"{_fmt(row.placement.coproduction)}"
        for row in rows
    )
    return _svg(
        uid,
        "Organisations on the QI and co-production continuum",
        (desc or "No organisations placed") + ".",
        width,
        height,
        "".join(parts),
    )
