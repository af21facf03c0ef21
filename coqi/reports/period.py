"""The period a board report covers: by default the last 12 months up to today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Long enough for a three-year look back; short enough that the report stays quick (payments are read per
# financial year).
LONGEST_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


class PeriodError(ValueError):
    """Bad dates: `field` is "from" or "to", or None for the pair."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _a_year_before(day: date) -> date:
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        earlier = day.replace(year=day.year - 1, day=28)
    return earlier + timedelta(days=1)


def default_period(today: date) -> Period:
    return Period(_a_year_before(today), today)


def _day(text: str, field: str, label: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError(field, f"Enter the {label} as a real date, like 2026-04-01") from None


def parse_period(*, start: str | None, end: str | None, today: date) -> Period:
    """From `?from=YYYY-MM-DD&to=YYYY-MM-DD`; either left out means the default for that end."""
    first = _day(start, "from", "start date")
    last = _day(end, "to", "end date")
    if last is not None and last > today:
        raise PeriodError("to", "The end date must be today or earlier")
    last = last or today
    first = first or _a_year_before(last)
    if first > last:
        raise PeriodError("from", "The start date must be on or before the end date")
    if (last - first).days > LONGEST_DAYS:
        raise PeriodError("from", "The period can be at most 3 years long")
    return Period(first, last)
