"""Reading the data file of `coqi spc` through coqi.files.reading (ADR 0038)."""

from __future__ import annotations

import io
import pathlib

import pandas as pd

from coqi.files import reading


class BadInput(Exception):
    """Input the command cannot use; printed as one line, exit code 1."""


def read_table(path: pathlib.Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file into a DataFrame through coqi.files.reading (ADR 0038: the encoding policy, a
    workbook bounded before parsing, the character rule in every cell); BadInput if it cannot be read."""
    if not path.is_file():
        raise BadInput(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ""):
        raise BadInput(f"{path}: unsupported file type {suffix!r} (use .csv or .xlsx)")
    try:
        if suffix in (".xlsx", ".xlsm"):
            reading.check_xlsx(path)
            frame = _parsed(lambda: pd.read_excel(path, sheet_name=sheet or 0, engine="openpyxl"), path)
            reading.check_cells([list(frame.columns), *frame.itertuples(index=False)])
            return frame
        text = reading.decode(path.read_bytes())
        reading.check_csv_text(text)
        return _parsed(lambda: pd.read_csv(io.StringIO(text)), path)
    except reading.FileRefused as error:
        raise BadInput(f"{path}: {error.message}") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read it ({error.strerror or error})") from None


def _parsed(parse, path: pathlib.Path) -> pd.DataFrame:
    try:
        return parse()
    except pd.errors.EmptyDataError:
        raise BadInput(f"{path}: the file is empty") from None
    except (ValueError, KeyError, pd.errors.ParserError) as error:  # e.g. no such sheet, a ragged CSV
        raise BadInput(f"{path}: cannot read it ({str(error).splitlines()[0]})") from None
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise BadInput(f"{path}: not a readable XLSX file ({type(error).__name__})") from None
