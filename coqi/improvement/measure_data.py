"""Checking measure data: CSV and Excel uploads, form entries and API payloads alike.

Files are read by the shared reader (`coqi.core.tabular`); everything is checked before anything is saved, and
every problem is reported with the row and column it is in, so a person can fix the whole file in one go. Row
numbers are the ones a spreadsheet shows: the header is row 1, the first value row 2.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from coqi.core.tabular import DataRejected, Problem, Row, Table, is_blank, more_cells_than_header, read_table

COLUMNS = ("period", "value", "denominator", "group")
REQUIRED_COLUMNS = ("period", "value")
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # 20,000 rows of four columns unpack to about 3 MB


@dataclass(frozen=True)
class CleanPoint:
    period: date
    value: float
    denominator: float | None
    group: str


def read_upload(*, name: str, content: bytes) -> Table:
    """A measure's CSV or Excel upload as rows to check (the shared reader's encoding and guards)."""
    return read_table(
        name=name,
        content=content,
        max_rows=MAX_ROWS,
        needs="a header row (period, value) and data",
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
    )


# ----------------------------------------------------------------------------------------------- checking values

_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{1,2}$")
_UK_DAY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def parse_period(cell) -> date:
    """A period's date from a cell: an Excel date, 2024-03-01, 2024-03 (the month) or 01/03/2024 (day first)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    try:
        if _ISO_DAY.match(text):
            return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        if _ISO_MONTH.match(text):
            year, month = text.split("-")
            return date(int(year), int(month), 1)
        if _UK_DAY.match(text):
            day, month, year = text.split("/")
            return date(int(year), int(month), int(day))
        if "T" in text or " " in text:
            return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError(f"“{text}” is not a date; use year-month-day like 2024-03-01, or 01/03/2024")


def parse_number(cell, *, what: str) -> float:
    if isinstance(cell, bool):
        raise ValueError(f"“{cell}” is not a number")
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = str(cell).strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"“{text}” is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"the {what} must be a finite number")
    return number


def check_rows(
    rows: list[Row],
    *,
    header: list[str] | None,
    header_row: int = 1,
    needs_denominator: bool,
    proportion: bool = False,
    stratified: bool,
    group_label: str = "",
) -> list[CleanPoint]:
    """Every row checked, every problem collected; the clean points only if there were none."""
    problems: list[Problem] = []
    if header is not None:
        present = [name for name in header if name]
        unknown = [name for name in present if name not in COLUMNS]
        for name in unknown:
            problems.append(
                Problem(
                    header_row,
                    name,
                    f"unknown column; the columns are {', '.join(COLUMNS)} (denominator and group are optional)",
                )
            )
        for name in sorted({n for n in present if present.count(n) > 1}):
            problems.append(Problem(header_row, name, "this column appears more than once"))
        missing = [name for name in REQUIRED_COLUMNS if name not in present]
        if needs_denominator and "denominator" not in present:
            missing.append("denominator")
        for name in missing:
            why = " (this chart type divides the value by it)" if name == "denominator" else ""
            problems.append(Problem(header_row, name, f"missing column{why}"))
        if problems:
            raise DataRejected(problems)
    if not rows:
        raise DataRejected([Problem(None, None, "There are no data rows")])

    clean: list[CleanPoint] = []
    seen: dict[tuple[str, date], int] = {}
    for raw in rows:
        cells = raw.cells
        if raw.extra:
            problems.append(more_cells_than_header(raw, header or []))
        row_ok = True
        period = value = denominator = None
        try:
            if is_blank(cells.get("period")):
                raise ValueError("the period is missing")
            period = parse_period(cells["period"])
        except ValueError as error:
            problems.append(Problem(raw.number, "period", str(error)))
            row_ok = False
        try:
            if is_blank(cells.get("value")):
                raise ValueError("the value is missing")
            value = parse_number(cells["value"], what="value")
        except ValueError as error:
            problems.append(Problem(raw.number, "value", str(error)))
            row_ok = False
        raw_denominator = cells.get("denominator")
        if is_blank(raw_denominator):
            if needs_denominator:
                problems.append(
                    Problem(raw.number, "denominator", "the denominator is missing (this chart type needs one)")
                )
                row_ok = False
        else:
            try:
                number = parse_number(raw_denominator, what="denominator")
                if number <= 0:
                    raise ValueError(f"the denominator must be more than 0, not {number:g}")
                denominator = number
            except ValueError as error:
                problems.append(Problem(raw.number, "denominator", str(error)))
                row_ok = False
        if proportion and denominator is not None and value is not None and value > denominator:
            problems.append(
                Problem(raw.number, "value", f"the value {value:g} is more than its denominator {denominator:g}")
            )
            row_ok = False
        group = "" if is_blank(cells.get("group")) else str(cells["group"]).strip()
        if len(group) > 100:
            problems.append(Problem(raw.number, "group", "the group name must be 100 characters or fewer"))
            row_ok = False
        if stratified and not group:
            split_by = group_label.lower() or "group"
            problems.append(Problem(raw.number, "group", f"the group is missing (this measure is split by {split_by})"))
            row_ok = False
        if not stratified and group:
            problems.append(
                Problem(raw.number, "group", "this measure is not split by population group; leave the group empty")
            )
            row_ok = False
        if value is not None and value < 0 and needs_denominator:
            problems.append(Problem(raw.number, "value", "the value cannot be negative for this chart type"))
            row_ok = False
        if period is not None:
            key = (group, period)
            if key in seen:
                label = f"{period:%-d %B %Y}" + (f" for {group}" if group else "")
                problems.append(Problem(raw.number, "period", f"{label} is also in row {seen[key]}: each period once"))
                row_ok = False
            else:
                seen[key] = raw.number
        if row_ok:
            clean.append(CleanPoint(period, value, denominator, group))
    if problems:
        raise DataRejected(problems)
    return clean
