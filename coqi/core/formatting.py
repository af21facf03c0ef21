"""How the site writes money, hours, shares and financial years: once, for Python and (as filters) for templates.

Money is whole pence (an int) everywhere and becomes pounds only here, through Decimal, so no float ever touches
it (ADR 0009). The same functions are Jinja filters (`coqi/config/jinja2.py`): `{{ claim.amount_pence | pounds }}`,
`{{ attendance.hours | hours_text }}`, `{{ share | percent }}`, `{{ year | financial_year_label }}`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def pounds(pence: int) -> str:
    """1250 → '£12.50'; 123456 → '£1,234.56'."""
    value = Decimal(int(pence)) / 100
    return f"£{value:,.2f}"


def pounds_plain(pence: int) -> str:
    """1250 → '12.50' (for CSV: no sign, no thousands separator)."""
    return f"{Decimal(int(pence)) / 100:.2f}"


def hours_text(value) -> str:
    """Decimal('2.50') → '2.5', Decimal('2.00') → '2', None → '0'."""
    if value is None:
        return "0"
    return format(Decimal(value).normalize(), "f")


def percent(share: float | None) -> str:
    """0.456 → '46%'; no share (nothing to divide by) → '–'."""
    return "–" if share is None else f"{round(100 * share)}%"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """1, 'point' → '1 point'; 3, 'point' → '3 points'; 2, 'person', 'people' → '2 people'."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


# --- the NHS financial year: 1 April to 31 March, named by the year it starts ---------------------------------


def financial_year(day: date) -> int:
    """The financial year a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """2025 → '2025/26'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


FILTERS = {
    "pounds": pounds,
    "pounds_plain": pounds_plain,
    "hours_text": hours_text,
    "percent": percent,
    "plural": plural,
    "financial_year_label": financial_year_label,
}
