"""Every CSV or XLSX file the product writes goes through here, so every cell is neutralised (ADR 0038).

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one of them) as a formula,
so a comment such as `=HYPERLINK("http://evil", "Click")` typed by anyone becomes a live link, or worse, on the
desk of whoever opens the export. OWASP's rule for CSV: prefix such a cell with an apostrophe, which makes it text.
Only text is changed: numbers, dates and empty cells are written as they are, and so is text that is a plain
number ("-5", "+44", "-1.5e3"), which a spreadsheet reads as that number and can run nothing — so -5 stays -5.
In XLSX the file itself says which cells are text: text is written as a string cell (never a formula) with the
apostrophe prefix Excel itself sets, so it shows exactly as written and stays text if someone edits it.
`tests/files/test_every_export.py` fails on any csv or openpyxl writer outside this module.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def needs_neutralising(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value)


def neutralise(value):
    """The value as it is safe to write in a CSV cell."""
    return "'" + value if needs_neutralising(value) else value


def neutralise_row(values: Iterable) -> list:
    return [neutralise(value) for value in values]


def write_csv(rows: Iterable[Iterable], stream: IO[str]) -> None:
    """Write rows (the header first) as CSV to a text stream (an open file, an HttpResponse), every cell
    neutralised; None is an empty cell."""
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow(neutralise_row(row))


def write_xlsx(rows: Iterable[Iterable], target: str | Path | IO[bytes], *, sheet: str = "Sheet1") -> None:
    """Write rows (the header first) as the one sheet of a workbook; text is stored as text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula unless told
                if needs_neutralising(value):
                    cell.quotePrefix = True
            cells.append(cell)
        worksheet.append(cells)
    book.save(target)


def write_file(rows: Iterable[Iterable], path: Path) -> None:
    """CSV, or XLSX by the path's suffix; all or nothing: written beside the target and renamed when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix or ".csv")
    os.close(handle)
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            write_xlsx(rows, temporary)
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                write_csv(rows, stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
