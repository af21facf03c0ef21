"""Reading and writing the CSV / XLSX files of comments that the command line works on.

Reading goes through coqi.files.reading (ADR 0038): the one encoding policy (or the encoding a person names), a
workbook bounded before it is parsed, and every cell of the whole file under the character rule, refused naming
its row and column. Writing goes through coqi.files.writing, so no cell leaves as a live formula.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from coqi.files import reading, writing

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = set(writing.EXCEL_SUFFIXES)


class TableError(ValueError):
    """A file of comments that cannot be used; the message names the file and the problem in one line."""


def read_table(path: Path, *, encoding: str | None = None) -> pd.DataFrame:
    """Every column as text (empty cells as ""), so comments such as "N/A" or "0800…" are kept exactly.
    `encoding`: None for the policy (byte-order mark, else UTF-8, else Windows-1252)."""
    if not path.exists():
        raise TableError(f"{path}: no such file")
    if not path.is_file():
        raise TableError(f"{path}: not a file")
    suffix = path.suffix.lower()
    try:
        if suffix in EXCEL_SUFFIXES:
            return _read_excel(path)
        if suffix in CSV_SUFFIXES:
            return _read_csv(path, encoding=encoding)
    except reading.FileRefused as error:
        raise TableError(f"{path}: {error.message}") from None
    raise TableError(f"{path}: not a CSV or XLSX file (expected .csv or .xlsx, got '{path.suffix or 'no suffix'}')")


def _read_csv(path: Path, *, encoding: str | None) -> pd.DataFrame:
    content = path.read_bytes()
    text = reading.decode(content) if encoding is None else reading.decode_as(content, encoding)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    reading.check_csv_text(text, delimiter=sep)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    except pd.errors.EmptyDataError:
        raise TableError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, csv.Error) as error:
        raise TableError(f"{path}: not a readable CSV file ({str(error).strip().splitlines()[0]})") from None


def _read_excel(path: Path) -> pd.DataFrame:
    reading.check_xlsx(path)
    try:
        frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise TableError(f"{path}: not a readable XLSX file ({type(error).__name__})") from None
    frame = frame.fillna("")
    reading.check_cells([list(frame.columns), *frame.itertuples(index=False)])
    return frame


def require_column(frame: pd.DataFrame, column: str, *, path: Path) -> None:
    if column not in frame.columns:
        shown = ", ".join(map(str, list(frame.columns)[:10])) or "none"
        raise TableError(f"{path}: no column {column!r} (columns: {shown})")


def _cell(value):
    return None if value is pd.NA or (isinstance(value, float) and value != value) else value


def frame_rows(frame: pd.DataFrame):
    """The header and rows of a frame as plain values, missing ones as None (an empty cell)."""
    yield list(frame.columns)
    for row in frame.itertuples(index=False):
        yield [_cell(value) for value in row]


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write all or nothing, every cell neutralised (coqi.files.writing)."""
    writing.write_file(frame_rows(frame), path)
