"""Reading a CSV or Excel upload into a header and rows: one reader for every area that takes a spreadsheet.

Each area checks its own columns and values on top (measures' periods and values, experience's FFT responses);
what is the same for every upload lives here, so every upload speaks the same way:
- Every problem names where it is. Row numbers are the ones a spreadsheet shows: the first row is 1 and blank
  rows count, so "row 5" is row 5 in Excel. A `Problem` with no row is about the whole file.
- Encoding (ADR 0028): UTF-8, with or without the byte-order mark Excel's "CSV UTF-8" writes. When the bytes are
  not valid UTF-8 the file is read as Windows-1252 (cp1252), because NHS spreadsheets saved from Excel as plain
  "CSV" are cp1252, and £, é or ’ must not turn a whole file away. UTF-8 is tried first: cp1252 reads almost any
  bytes, so trying it first would silently garble UTF-8 files. A file that is neither is refused.
- Guards: an empty file, a file with no header row, NUL bytes anywhere in a CSV (a UTF-16 or binary file named
  .csv), a CSV the csv module cannot parse, a workbook that will not open, more rows than the area allows (the
  rows of a workbook are read one at a time, so a huge sheet stops at the limit rather than filling memory), and
  rows with more cells than the header has columns (usually an unquoted comma: every later column would shift).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

MAX_PROBLEMS_LISTED = 200
MAX_CELL_CHARACTERS = 1_000_000  # the csv module's default (131,072) is too small for a long comment
ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row (the first row is 1), or the 1-based position in an API list; None: the file
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


def _rejected(message: str, row: int | None = None) -> DataRejected:
    return DataRejected([Problem(row, None, message)])


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row number
    cells: dict  # header name → cell (text from a CSV, typed values from Excel); the first column of a name wins
    extra: tuple = ()  # non-blank cells beyond the header's last column


@dataclass(frozen=True)
class Table:
    """A file's header (names stripped and lower-cased), the row it is on, and its non-blank rows."""

    header: list[str]
    header_row: int
    rows: list[Row]


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def more_cells_than_header(row: Row, header: list[str]) -> Problem:
    return Problem(
        row.number,
        None,
        f"The row has more cells than the header has columns ({len(header)}). "
        "Is there a comma in a cell without quotes around it?",
    )


def decode(content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), else cp1252 (see the module's notes)."""
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError as error:
            failed = error
    line = content[: failed.start].count(b"\n") + 1
    raise _rejected(
        "The file is not readable text (a character could not be read). In Excel use “Save as: CSV "
        "UTF-8”, or upload the .xlsx workbook",
        row=line,
    )


def _table(matrix: Iterable, *, max_rows: int, rows_called: str, needs: str) -> Table:
    numbered = enumerate(matrix, start=1)  # spreadsheet row numbers, blank rows included
    header, header_row = None, 0
    for number, cells in numbered:
        if not all(is_blank(c) for c in cells):
            header = [str(c if c is not None else "").strip().lower() for c in cells]
            header_row = number
            break
    if header is None:
        raise _rejected(f"The file is empty: it needs {needs}")
    rows: list[Row] = []
    for number, cells in numbered:
        cells = list(cells)
        if all(is_blank(c) for c in cells):
            continue  # blank lines (often trailing in spreadsheets) are not data
        if len(rows) >= max_rows:
            raise _rejected(f"The file has more than {max_rows:,} {rows_called}; split it up")
        by_name: dict = {}
        for index, name in enumerate(header):
            if name and name not in by_name:
                by_name[name] = cells[index] if index < len(cells) else None
        rows.append(Row(number, by_name, tuple(c for c in cells[len(header) :] if not is_blank(c))))
    return Table(header=header, header_row=header_row, rows=rows)


def _csv_matrix(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        raise _rejected("The file is not a CSV text file: save it as CSV (UTF-8) or Excel (.xlsx)")
    text = decode(content)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARACTERS))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise _rejected(f"The CSV file could not be read: {error}") from None


def read_table(
    *, name: str, content: bytes, max_rows: int, rows_called: str = "rows", needs: str = "a header row and data"
) -> Table:
    """The header and rows of an uploaded .csv, .txt or .xlsx (its first sheet); DataRejected says why not.

    `max_rows`: the most rows the area takes; `rows_called`: what to call them when refusing more ("responses");
    `needs`: what an empty file lacks ("a header row (period, value) and data").
    """
    lower = (name or "").lower()
    is_xlsx = lower.endswith(".xlsx")
    if not is_xlsx and not lower.endswith((".csv", ".txt")):
        raise _rejected("Upload a CSV file (.csv) or an Excel workbook (.xlsx)")
    if not content:
        raise _rejected("The file is empty")
    if not is_xlsx:
        return _table(_csv_matrix(content), max_rows=max_rows, rows_called=rows_called, needs=needs)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise _rejected("The file could not be opened as an Excel workbook (.xlsx)") from None
    try:
        return _table(
            workbook.worksheets[0].iter_rows(values_only=True), max_rows=max_rows, rows_called=rows_called, needs=needs
        )
    finally:
        workbook.close()
