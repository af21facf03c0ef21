"""The arithmetic of concentration risk, kept apart from the database so tests can check it by hand: each
partner's share of the hours, the share of the top three and the Herfindahl–Hirschman index (see
coqi/partners/selectors/partnership.py for what they are read from, and ADR 0015 for the thresholds)."""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal("0")


def shares(hours_by_partner: dict) -> list[float]:
    total = sum(hours_by_partner.values(), ZERO)
    if total <= 0:
        return []
    return [float(h / total) for h in hours_by_partner.values() if h > 0]


def top_three_share(hours_by_partner: dict) -> float | None:
    total = sum(hours_by_partner.values(), ZERO)
    if total <= 0:
        return None
    top = sorted((h for h in hours_by_partner.values() if h > 0), reverse=True)[:3]
    return float(sum(top, ZERO) / total)


def herfindahl_index(hours_by_partner: dict) -> float | None:
    parts = shares(hours_by_partner)
    if not parts:
        return None
    return sum(s * s for s in parts)


def partners_text(count: int) -> str:
    return f"{count} partner" if count == 1 else f"{count} partners"


def projects_text(count: int) -> str:
    return f"{count} project" if count == 1 else f"{count} projects"
