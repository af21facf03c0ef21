"""Reading and writing the CSV / XLSX files of comments that the command line works on."""

from __future__ import annotations

import csv
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class TableError(ValueError):
    """A file of comments that cannot be used; the message names the file and the problem in one line."""


def read_table(path: Path, *, encoding: str = "utf-8") -> pd.DataFrame:
    """Every column as text (empty cells as ""), so comments such as "N/A" or "0800…" are kept exactly."""
    if not path.exists():
        raise TableError(f"{path}: no such file")
    if not path.is_file():
        raise TableError(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, encoding=encoding)
    raise TableError(f"{path}: not a CSV or XLSX file (expected .csv or .xlsx, got '{path.suffix or 'no suffix'}')")


def _read_csv(path: Path, *, encoding: str) -> pd.DataFrame:
    if encoding.lower().replace("-", "") in {"utf8", "utf8sig"}:
        encoding = "utf-8-sig"  # a byte-order mark from Excel must not end up in the first column's name
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise TableError(f"{path}: not a CSV file (it contains binary data)")
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=sep)
    except UnicodeDecodeError as error:
        raise TableError(
            f"{path}: not valid {encoding} text (byte 0x{error.object[error.start]:02x} at position {error.start});"
            " save it as UTF-8 or give --encoding, e.g. --encoding cp1252"
        ) from None
    except pd.errors.EmptyDataError:
        raise TableError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, csv.Error) as error:
        raise TableError(f"{path}: not a readable CSV file ({str(error).strip().splitlines()[0]})") from None
    except LookupError:
        raise TableError(f"unknown encoding {encoding!r}") from None


def _read_excel(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(f"{path}: not a readable XLSX file ({type(error).__name__})") from None
    return frame.fillna("")


def require_column(frame: pd.DataFrame, column: str, *, path: Path) -> None:
    if column not in frame.columns:
        shown = ", ".join(map(str, list(frame.columns)[:10])) or "none"
        raise TableError(f"{path}: no column {column!r} (columns: {shown})")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write all or nothing: to a temporary file beside the target, renamed when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix or ".csv")
    os.close(handle)
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            frame.to_excel(temporary, index=False, engine="openpyxl")
        else:
            frame.to_csv(temporary, index=False, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
