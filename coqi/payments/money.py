"""Exact money: whole pence as int, parsed from pounds with Decimal. No floats anywhere.

Showing money (and hours, and financial years) is `coqi.core.formatting`, shared by every area."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from coqi.core.formatting import pounds
from coqi.projects.choices import Rung

# A single expense above this is almost certainly a typing slip; finance can pay bigger sums another way.
MAX_EXPENSE_PENCE = 100_000  # £1,000
# Above these a rate is almost certainly a typing slip.
MAX_RATE_PENCE = {"an hour": 50_000, "a half day": 200_000, "a full day": 400_000}


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


def hours_times_rate(hours: Decimal, hourly_pence: int) -> int:
    """Hours × pence an hour, rounded half up to the nearest penny."""
    return int((Decimal(hours) * hourly_pence).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def rates_in_pence(rates: dict | None, errors: dict, suffix: str, what: str) -> dict[str, int]:
    """A rate card's rates typed in pounds, per level of involvement, as whole pence; a problem goes into `errors`
    under the form field's name (level + suffix), so the card is refused whole with each field named."""
    found = {}
    for level, value in (rates or {}).items():
        if level not in Rung.values:
            errors[level] = "Unknown level of involvement"
            continue
        if value in (None, ""):
            continue
        try:
            pence = pence_from_pounds(value)
        except MoneyError as error:
            errors[f"{level}{suffix}"] = str(error)
            continue
        if pence > MAX_RATE_PENCE[what]:
            errors[f"{level}{suffix}"] = f"A rate above {pounds(MAX_RATE_PENCE[what])} {what} looks like a mistake"
            continue
        found[level] = pence
    return found
