"""Reading and checking measure data: CSV and Excel uploads, form entries and API payloads alike.

Everything is checked before anything is saved, and every problem is reported with the row and column it is
in, so a person can fix the whole file in one go. Row numbers are the ones a spreadsheet shows: the header is
row 1, the first value row 2.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError

COLUMNS = ("period", "value", "denominator", "group")
REQUIRED_COLUMNS = ("period", "value")
MAX_ROWS = 20_000
MAX_PROBLEMS_LISTED = 200


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row (header = 1), or the 1-based position in an API list; None: whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class DataRejected(ValidationError):
    """The data was not saved; `problems` says what is wrong, where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_LISTED]
        messages = [str(p) for p in shown]
        if len(problems) > len(shown):
            messages.append(f"…and {len(problems) - len(shown)} more problems.")
        super().__init__(messages, code="data_rejected")


@dataclass(frozen=True)
class CleanPoint:
    period: date
    value: float
    denominator: float | None
    group: str


@dataclass(frozen=True)
class RawRow:
    row: int
    cells: dict  # column name → cell (text from CSV, typed from Excel, anything from the API)


# ----------------------------------------------------------------------------------------------- reading files


def _header_name(cell) -> str:
    return str(cell if cell is not None else "").strip().lower()


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


@dataclass(frozen=True)
class Table:
    """A file's header (lower-cased column names), the row it is on, and its non-blank data rows."""

    header: list[str]
    header_row: int
    rows: list[RawRow]


def _rows_from_matrix(matrix) -> Table:
    iterator = enumerate(matrix, start=1)  # spreadsheet row numbers, blank rows included
    header = None
    for header_row, header_cells in iterator:
        if not all(_is_blank(c) for c in header_cells):
            header = [_header_name(c) for c in header_cells]
            break
    if header is None:
        raise DataRejected([Problem(None, None, "The file is empty: it needs a header row (period, value) and data")])
    rows = []
    for number, cells in iterator:
        cells = list(cells)
        if all(_is_blank(c) for c in cells):
            continue  # blank lines (often trailing in spreadsheets) are not data
        if len(rows) >= MAX_ROWS:
            raise DataRejected([Problem(None, None, f"The file has more than {MAX_ROWS:,} rows; split it up")])
        padded = cells + [None] * (len(header) - len(cells))
        rows.append(RawRow(number, {name: padded[i] for i, name in enumerate(header) if name}))
        extra = [c for c in cells[len(header):] if not _is_blank(c)]
        if extra:
            rows[-1].cells["\x00extra"] = extra
    return Table(header=header, header_row=header_row, rows=rows)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataRejected([Problem(None, None, "The file is not readable text: save it as CSV (UTF-8) or Excel (.xlsx)")])


def read_csv(content: bytes) -> Table:
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _rows_from_matrix(csv.reader(io.StringIO(text), dialect))


def read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise DataRejected([Problem(None, None, "The file could not be opened as an Excel workbook (.xlsx)")]) from None
    try:
        sheet = workbook.worksheets[0]
        return _rows_from_matrix(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_upload(*, name: str, content: bytes) -> Table:
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        return read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return read_csv(content)
    raise DataRejected([Problem(None, None, "Upload a CSV file (.csv) or an Excel workbook (.xlsx)")])


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
    rows: list[RawRow],
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
                Problem(header_row, name, f"unknown column; the columns are {', '.join(COLUMNS)} (denominator and group are optional)")
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
        if "\x00extra" in cells:
            problems.append(Problem(raw.row, None, "this row has more cells than the header has columns"))
        row_ok = True
        period = value = denominator = None
        try:
            if _is_blank(cells.get("period")):
                raise ValueError("the period is missing")
            period = parse_period(cells["period"])
        except ValueError as error:
            problems.append(Problem(raw.row, "period", str(error)))
            row_ok = False
        try:
            if _is_blank(cells.get("value")):
                raise ValueError("the value is missing")
            value = parse_number(cells["value"], what="value")
        except ValueError as error:
            problems.append(Problem(raw.row, "value", str(error)))
            row_ok = False
        raw_denominator = cells.get("denominator")
        if _is_blank(raw_denominator):
            if needs_denominator:
                problems.append(Problem(raw.row, "denominator", "the denominator is missing (this chart type needs one)"))
                row_ok = False
        else:
            try:
                number = parse_number(raw_denominator, what="denominator")
                if number <= 0:
                    raise ValueError(f"the denominator must be more than 0, not {number:g}")
                denominator = number
            except ValueError as error:
                problems.append(Problem(raw.row, "denominator", str(error)))
                row_ok = False
        if proportion and denominator is not None and value is not None and value > denominator:
            problems.append(Problem(raw.row, "value", f"the value {value:g} is more than its denominator {denominator:g}"))
            row_ok = False
        group = "" if _is_blank(cells.get("group")) else str(cells["group"]).strip()
        if len(group) > 100:
            problems.append(Problem(raw.row, "group", "the group name must be 100 characters or fewer"))
            row_ok = False
        if stratified and not group:
            problems.append(Problem(raw.row, "group", f"the group is missing (this measure is split by {group_label.lower() or 'group'})"))
            row_ok = False
        if not stratified and group:
            problems.append(
                Problem(raw.row, "group", "this measure is not split by population group; leave the group empty")
            )
            row_ok = False
        if value is not None and value < 0 and needs_denominator:
            problems.append(Problem(raw.row, "value", "the value cannot be negative for this chart type"))
            row_ok = False
        if period is not None:
            key = (group, period)
            if key in seen:
                label = f"{period:%-d %B %Y}" + (f" for {group}" if group else "")
                problems.append(Problem(raw.row, "period", f"{label} is also in row {seen[key]}: each period once"))
                row_ok = False
            else:
                seen[key] = raw.row
        if row_ok:
            clean.append(CleanPoint(period, value, denominator, group))
    if problems:
        raise DataRejected(problems)
    return clean
