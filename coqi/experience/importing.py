"""Reading and checking an FFT file before anything is saved.

Every problem is reported with the row and column it is in (spreadsheet row numbers: the header is row 1), so a
person can fix the whole file in one go; one problem rejects the whole file. Reuses the measures area's
`Problem` and `DataRejected`, so both uploads speak the same way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from coqi.improvement.measure_data import DataRejected, Problem

MAX_ROWS = 500_000
MAX_TEXT = 100_000  # characters kept of one comment; longer ones are cut, never a crash
MAX_PROBLEMS = 200

__all__ = ["DataRejected", "Problem", "Mapping", "Response", "read_responses"]


@dataclass(frozen=True)
class Mapping:
    date: str = "date"
    service: str = "service"
    score: str = "score"
    question: str = ""
    text: str = "comment"
    demographics: tuple[str, ...] = ()

    @classmethod
    def of(cls, mapping) -> "Mapping":
        return cls(
            date=mapping.date_column.strip().lower(),
            service=mapping.service_column.strip().lower(),
            score=mapping.score_column.strip().lower(),
            question=mapping.question_column.strip().lower(),
            text=mapping.text_column.strip().lower(),
            demographics=tuple(mapping.demographics()),
        )


@dataclass
class Response:
    row: int
    received_on: date
    service: str
    question: str
    fft_score: int | None
    text: str
    demographics: dict = field(default_factory=dict)
    fingerprint: str = ""


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise DataRejected([Problem(
            line, None, "The file is not UTF-8 text (a character could not be read). In Excel use "
            "“Save as: CSV UTF-8”, or upload the .xlsx workbook"
        )]) from None


def _matrix(name: str, content: bytes):
    lower = (name or "").lower()
    if not content:
        raise DataRejected([Problem(None, None, "The file is empty")])
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
            raise DataRejected([Problem(None, None, "The file could not be opened as an Excel workbook (.xlsx)")]) from None
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    if lower.endswith((".csv", ".txt")):
        if b"\x00" in content[:4096]:
            raise DataRejected([Problem(None, None, "The file is not a CSV text file: save it as CSV (UTF-8) or .xlsx")])
        text = _decode(content)
        csv.field_size_limit(max(MAX_TEXT * 4, 1_000_000))
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            return list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as error:
            raise DataRejected([Problem(None, None, f"The CSV file could not be read: {error}")]) from None
    raise DataRejected([Problem(None, None, "Upload a CSV file (.csv) or an Excel workbook (.xlsx)")])


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: .*)?$")


def parse_date(cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(match.group(i + 1)) for i in range(3)]
            year, month, day = (parts[i] for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise ValueError(f"“{text[:40]}” is not a date; use 2025-04-30 or 30/04/2025")


def parse_score(cell) -> int | None:
    if _blank(cell):
        return None
    try:
        number = float(str(cell).strip())
    except ValueError:
        raise ValueError(f"“{str(cell)[:40]}” is not an FFT score; use a whole number from 1 to 6") from None
    if not number.is_integer() or not 1 <= number <= 6:
        raise ValueError(f"{str(cell).strip()} is outside the FFT scale; use a whole number from 1 to 6")
    return int(number)


def fingerprint(*, organisation_id: int, received_on: date, service: str, question: str, text: str,
                occurrence: int) -> str:
    """The same response in the same organisation always gets the same fingerprint, so it is stored once.
    `occurrence` tells apart identical responses within one file (two people writing "Very good" on one day)."""
    text_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = "\x1f".join([str(organisation_id), received_on.isoformat(), service, question, text_hash, str(occurrence)])
    return hashlib.sha256(key.encode()).hexdigest()


def read_responses(*, name: str, content: bytes, mapping: Mapping, organisation_id: int) -> list[Response]:
    """Every response of the file, checked; raises DataRejected listing every problem (nothing is saved)."""
    matrix = _matrix(name, content)
    numbered = iter(enumerate(matrix, start=1))
    header = None
    for _, cells in numbered:
        if not all(_blank(c) for c in cells):
            header = [str(c if c is not None else "").strip().lower() for c in cells]
            break
    if header is None:
        raise DataRejected([Problem(None, None, "The file is empty: it needs a header row and responses")])
    needed = {"date": mapping.date, "service": mapping.service, "free text": mapping.text}
    missing = [f"“{column}” (the {what})" for what, column in needed.items() if column not in header]
    # The question column is optional: a file without it (one question only) is fine.
    missing += [f"“{column}” (a demographic column)" for column in mapping.demographics if column not in header]
    if missing:
        raise DataRejected([Problem(1, None, f"The header has no column {', '.join(missing)}. Columns found: "
                                             f"{', '.join(h for h in header if h) or 'none'}")])
    position = {column: header.index(column) for column in header if column}
    has_score = mapping.score in position

    def cell(cells, column):
        index = position.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    responses: list[Response] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for row, cells in numbered:
        cells = list(cells)
        if all(_blank(c) for c in cells):
            continue  # a blank line is not a response
        if len(responses) >= MAX_ROWS:
            raise DataRejected([Problem(None, None, f"The file has more than {MAX_ROWS:,} responses; split it up")])
        if any(not _blank(c) for c in cells[len(header):]):
            # Usually a comma inside a comment without quotes around it: every later column would be shifted.
            problems.append(Problem(row, None, f"The row has more cells than the header ({len(header)}). Is there a "
                                               "comma in a comment without quotes around it?"))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        raw_text = cell(cells, mapping.text)
        text = "" if _blank(raw_text) else str(raw_text).strip()[:MAX_TEXT]
        raw_score = cell(cells, mapping.score) if has_score else None
        if not text and _blank(raw_score):
            problems.append(Problem(row, None, "The row is empty: it has no score and no comment"))
            continue
        received_on = score = None
        raw_date = cell(cells, mapping.date)
        if _blank(raw_date):
            problems.append(Problem(row, mapping.date, "Enter the date of the response"))
        else:
            try:
                received_on = parse_date(raw_date)
            except ValueError as error:
                problems.append(Problem(row, mapping.date, str(error)))
        service = "" if _blank(cell(cells, mapping.service)) else str(cell(cells, mapping.service)).strip()[:200]
        if not service:
            problems.append(Problem(row, mapping.service, "Enter the service or ward"))
        try:
            score = parse_score(raw_score)
        except ValueError as error:
            problems.append(Problem(row, mapping.score, str(error)))
        if len(problems) >= MAX_PROBLEMS:
            break
        if problems:
            continue
        question = "" if mapping.question not in position or _blank(cell(cells, mapping.question)) else str(
            cell(cells, mapping.question)).strip()[:300]
        demographics = {
            column: str(cell(cells, column)).strip()[:100]
            for column in mapping.demographics if not _blank(cell(cells, column))
        }
        key = (received_on, service, question, text)
        seen[key] = seen.get(key, 0) + 1
        responses.append(Response(
            row=row, received_on=received_on, service=service, question=question, fft_score=score, text=text,
            demographics=demographics,
            fingerprint=fingerprint(organisation_id=organisation_id, received_on=received_on, service=service,
                                    question=question, text=text, occurrence=seen[key]),
        ))
    if problems:
        raise DataRejected(problems)
    if not responses:
        raise DataRejected([Problem(None, None, "The file has a header row but no responses")])
    return responses
