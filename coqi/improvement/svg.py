"""SPC pictures made fit for an HTML page under the site's Content Security Policy (ADR 0006)."""

from __future__ import annotations

import re

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')


def _presentation_attributes(match: re.Match) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = declaration.split(":", 1)
        attributes.append(f' {name.strip()}="{value.strip()}"')
    return "".join(attributes)


def inline_svg(svg: str, *, prefix: str) -> str:
    """Adapt coqi.spc's standalone SVG for an HTML page.

    * The site's Content Security Policy forbids inline styles, so matplotlib's `style="…"` attributes become
      SVG presentation attributes (fill, stroke, font-size …), which a CSP does not govern.
    * Ids are prefixed, so several charts on one page (one per group) keep unique ids and labels.
    * The fixed width and height go, so CSS can make the chart fit a 320 px screen (the viewBox keeps its shape).
    """
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    ids = set(_ID.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = (
            svg.replace(f'id="{old}"', f'id="{new}"')
            .replace(f"#{old})", f"#{new})")
            .replace(f'href="#{old}"', f'href="#{new}"')
        )
    svg = svg.replace(
        'aria-labelledby="coqi-chart-title coqi-chart-desc"',
        f'aria-labelledby="{prefix}-coqi-chart-title {prefix}-coqi-chart-desc"',
    )
    opening = re.search(r"<svg\b[^>]*>", svg).group(0)
    cleaned = re.sub(r'\s(width|height)="[^"]*"', "", opening)
    cleaned = cleaned[:-1] + ' class="coqi-chart__svg" focusable="false">'
    return svg.replace(opening, cleaned, 1)
