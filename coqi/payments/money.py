"""Exact money: whole pence as int, parsed from and shown as pounds with Decimal. No floats anywhere."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# A single expense above this is almost certainly a typing slip; finance can pay bigger sums another way.
MAX_EXPENSE_PENCE = 100_000  # £1,000


class MoneyError(ValueError):
    pass


def pence_from_pounds(text) -> int:
    """'12.50', '£12.5', '1,200' → pence. Refuses floats, negatives, zero and more than two decimal places."""
    if isinstance(text, float):
        raise MoneyError("Money must not be a float")
    raw = str(text if text is not None else "").strip().replace("£", "").replace(",", "")
    if not raw:
        raise MoneyError("Enter an amount in pounds, for example 12.50")
    try:
        pounds = Decimal(raw)
    except InvalidOperation:
        raise MoneyError("Enter an amount in pounds, for example 12.50") from None
    if not pounds.is_finite():
        raise MoneyError("Enter an amount in pounds, for example 12.50")
    if pounds <= 0:
        raise MoneyError("The amount must be more than £0")
    if pounds != pounds.quantize(Decimal("0.01")):
        raise MoneyError("Enter the amount in pounds and pence, with no more than 2 numbers after the point")
    return int(pounds * 100)


def pounds(pence: int) -> str:
    """1250 → '£12.50'."""
    value = Decimal(int(pence)) / 100
    return f"£{value:,.2f}"


def pounds_plain(pence: int) -> str:
    """1250 → '12.50' (for CSV)."""
    return f"{Decimal(int(pence)) / 100:.2f}"


def hours_times_rate(hours: Decimal, hourly_pence: int) -> int:
    """Hours × pence an hour, rounded half up to the nearest penny."""
    return int((Decimal(hours) * hourly_pence).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def financial_year(day: date) -> int:
    """The NHS financial year (1 April to 31 March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def hours_text(value) -> str:
    """Decimal('2.50') → '2.5', Decimal('2.00') → '2'."""
    text = format(Decimal(value).normalize(), "f")
    return text
