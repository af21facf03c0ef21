"""Reading a CSV or Excel upload into a header and rows: one reader for every area that takes a spreadsheet.

Each area checks its own columns and values on top (measures' periods and values, experience's FFT responses);
what is the same for every upload lives here, so every upload speaks the same way:
- Every problem names where it is. Row numbers are the ones a spreadsheet shows: the first row is 1 and blank
  rows count, so "row 5" is row 5 in Excel. A `Problem` with no row is about the whole file.
- Encoding: the one policy of `coqi.files.reading` (ADR 0038): a byte-order mark decides (UTF-8, UTF-16, UTF-32);
  without one UTF-8, else Windows-1252; anything else is refused with the line.
- Bounded before parsing (ADR 0038): a workbook's unpacked sizes, compression ratios and stated cell count are
  checked from the zip's directory before openpyxl sees it; the message states the limit.
- Guards: an empty file, a file with no header row, a cell holding NUL or another control character (named by row
  and column: PostgreSQL cannot store NUL), a formula whose value Excel did not save, a CSV the csv module cannot
  parse, a workbook that will not open, more rows than the area allows (the rows of a workbook are read one at a
  time, so a huge sheet stops at the limit rather than filling memory), and rows with more cells than the header
  has columns (usually an unquoted comma: every later column would shift).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from coqi.core import input as text_input
from coqi.files import reading

MAX_PROBLEMS_LISTED = 200
MAX_CELL_CHARACTERS = 1_000_000  # the csv module's default (131,072) is too small for a long comment
MAX_UNPACKED_BYTES = reading.MAX_UNCOMPRESSED


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


def _refused(error: reading.FileRefused) -> DataRejected:
    return DataRejected([Problem(error.row, error.column, error.message)])


def decode(content: bytes) -> str:
    """The text of a CSV file under the one encoding policy (`coqi.files.reading.decode`)."""
    try:
        return reading.decode(content)
    except reading.FileRefused as error:
        raise _refused(error) from None


@dataclass(frozen=True)
class UnsavedFormula:
    """A workbook cell holding a formula but no saved value (written by a program that does not calculate)."""

    formula: str


def _cell_problem(cell) -> str | None:
    if isinstance(cell, UnsavedFormula):
        return (
            f"the cell holds a formula ({cell.formula[:60]}) whose value Excel did not save; open the file in Excel "
            "and save it again, or copy the cells and paste them as values"
        )
    if isinstance(cell, str) and (what := text_input.refused_character(cell)):
        # The same character rule as every form and API field (ADR 0036), worded for a cell.
        return (
            f"the cell holds {what}, which cannot be saved; delete it "
            "(it usually comes from copying out of another system)"
        )
    return None


def _column_called(header: list[str], index: int) -> str:
    from openpyxl.utils import get_column_letter

    return header[index] if index < len(header) and header[index] else get_column_letter(index + 1)


def _cell_problems(number: int, cells, header: list[str]) -> list[Problem]:
    found = []
    for index, cell in enumerate(cells):
        message = _cell_problem(cell)
        if message:
            found.append(Problem(number, _column_called(header, index), message))
    return found


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
    problems = _cell_problems(header_row, cells, [])
    rows: list[Row] = []
    for number, cells in numbered:
        cells = list(cells)
        if all(is_blank(c) for c in cells):
            continue  # blank lines (often trailing in spreadsheets) are not data
        if len(rows) >= max_rows:
            raise _rejected(f"The file has more than {max_rows:,} {rows_called}; split it up")
        problems += _cell_problems(number, cells, header)
        by_name: dict = {}
        for index, name in enumerate(header):
            if name and name not in by_name:
                by_name[name] = cells[index] if index < len(cells) else None
        rows.append(Row(number, by_name, tuple(c for c in cells[len(header) :] if not is_blank(c))))
    if problems:
        raise DataRejected(problems)
    return Table(header=header, header_row=header_row, rows=rows)


def _csv_matrix(content: bytes) -> list[list[str]]:
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


@dataclass(frozen=True)
class CsvRows:
    """A CSV file's header (names stripped and lower-cased), the row it is on, and its rows as lists of text, read
    one at a time (`rows` yields (spreadsheet row number, cells) and skips blank rows, as `read_table` does)."""

    header: list[str]
    header_row: int
    rows: Iterable[tuple[int, list[str]]]


def _lines(text: str):
    """The lines of `text`, ends kept, one at a time: what `io.StringIO(text)` yields, without its copy of the
    whole text (held as four bytes a character)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _blank_text_row(cells: list[str]) -> bool:
    for cell in cells:  # a row with data almost always says so in its first cell
        if cell and not cell.isspace():
            return False
    return True


def csv_rows(text: str, *, max_rows: int, rows_called: str = "rows", needs: str = "a header row and data") -> CsvRows:
    """The rows of a CSV file's text (already decoded and already checked against the character rule as one
    text), streamed: for a file of a million rows `read_table`'s table of dictionaries takes gigabytes and most of
    the time. Same dialect sniffing, row numbers, blank rows and row limit as `read_table`; DataRejected if not."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARACTERS))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    numbered = enumerate(csv.reader(_lines(text), dialect), start=1)
    header, header_row = None, 0
    try:
        for number, cells in numbered:
            if not _blank_text_row(cells):
                header = [c.strip().lower() for c in cells]
                header_row = number
                break
    except csv.Error as error:
        raise _rejected(f"The CSV file could not be read: {error}") from None
    if header is None:
        raise _rejected(f"The file is empty: it needs {needs}")

    def rows():
        count = 0
        try:
            for number, cells in numbered:
                if _blank_text_row(cells):
                    continue
                count += 1
                if count > max_rows:
                    raise _rejected(f"The file has more than {max_rows:,} {rows_called}; split it up")
                yield number, cells
        except csv.Error as error:
            raise _rejected(f"The CSV file could not be read: {error}") from None

    return CsvRows(header=header, header_row=header_row, rows=rows())


def _formula_text(cell) -> str | None:
    if isinstance(cell, str) and cell.startswith("="):
        return cell
    text = getattr(cell, "text", None)  # openpyxl's ArrayFormula
    return text if isinstance(text, str) else None


def _xlsx_matrix(content: bytes, *, max_unpacked: int, max_cells: int):
    """The first sheet's rows, one at a time, after the workbook passed the bounds (ADR 0038). Where the sheet
    holds formulas it is read twice in step, values and formulas, to tell a formula Excel saved no value for from
    an empty cell."""
    from itertools import zip_longest

    from openpyxl import load_workbook

    try:
        has_formulas = reading.check_xlsx(content, max_uncompressed=max_unpacked, max_cells=max_cells)
    except reading.FileRefused as error:
        raise _refused(error) from None
    books = []
    try:
        try:
            books.append(load_workbook(io.BytesIO(content), read_only=True, data_only=True))
            if has_formulas:
                books.append(load_workbook(io.BytesIO(content), read_only=True, data_only=False))
            sheets = [book.worksheets[0].iter_rows(values_only=True) for book in books]
            if len(sheets) == 1:
                yield from sheets[0]
                return
            for values, formulas in zip_longest(*sheets, fillvalue=()):
                yield tuple(
                    UnsavedFormula(_formula_text(formula)) if value is None and _formula_text(formula) else value
                    for value, formula in zip_longest(values, formulas)
                )
        except DataRejected:
            raise
        except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
            raise _rejected("The file could not be opened as an Excel workbook (.xlsx)") from None
    finally:
        for book in books:
            book.close()


def read_table(
    *,
    name: str,
    content: bytes,
    max_rows: int,
    rows_called: str = "rows",
    needs: str = "a header row and data",
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
) -> Table:
    """The header and rows of an uploaded .csv, .txt or .xlsx (its first sheet); DataRejected says why not.

    `max_rows`: the most rows the area takes; `rows_called`: what to call them when refusing more ("responses");
    `needs`: what an empty file lacks ("a header row (period, value) and data"); `max_unpacked_bytes`: the most a
    workbook may unpack to.
    """
    lower = (name or "").lower()
    is_xlsx = lower.endswith(".xlsx")
    if not is_xlsx and not lower.endswith((".csv", ".txt")):
        raise _rejected("Upload a CSV file (.csv) or an Excel workbook (.xlsx)")
    if not content:
        raise _rejected("The file is empty")
    if not is_xlsx:
        return _table(_csv_matrix(content), max_rows=max_rows, rows_called=rows_called, needs=needs)
    matrix = _xlsx_matrix(content, max_unpacked=max_unpacked_bytes, max_cells=max(1_000_000, max_rows * 100))
    return _table(matrix, max_rows=max_rows, rows_called=rows_called, needs=needs)
