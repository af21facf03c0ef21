"""Reading and checking an FFT file before anything is saved.

The file is read by the shared reader (`coqi.core.tabular`: encoding, empty files, NUL bytes, extra cells, the
row limit), so every upload speaks the same way. Every problem is reported with the row and column it is in
(spreadsheet row numbers: the header is row 1), so a person can fix the whole file in one go; one problem rejects
the whole file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from coqi.core.tabular import DataRejected, Problem, is_blank, more_cells_than_header, read_table

MAX_ROWS = 500_000
MAX_TEXT = 100_000  # characters kept of one comment; longer ones are cut, never a crash
MAX_PROBLEMS = 200

__all__ = ["Mapping", "Response", "read_responses"]


@dataclass(frozen=True)
class Mapping:
    date: str = "date"
    service: str = "service"
    score: str = "score"
    question: str = ""
    text: str = "comment"
    demographics: tuple[str, ...] = ()

    @classmethod
    def of(cls, mapping) -> Mapping:
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
    if is_blank(cell):
        return None
    try:
        number = float(str(cell).strip())
    except ValueError:
        raise ValueError(f"“{str(cell)[:40]}” is not an FFT score; use a whole number from 1 to 6") from None
    if not number.is_integer() or not 1 <= number <= 6:
        raise ValueError(f"{str(cell).strip()} is outside the FFT scale; use a whole number from 1 to 6")
    return int(number)


def fingerprint(
    *, organisation_id: int, received_on: date, service: str, question: str, text: str, occurrence: int
) -> str:
    """The same response in the same organisation always gets the same fingerprint, so it is stored once.
    `occurrence` tells apart identical responses within one file (two people writing "Very good" on one day)."""
    text_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = "\x1f".join([str(organisation_id), received_on.isoformat(), service, question, text_hash, str(occurrence)])
    return hashlib.sha256(key.encode()).hexdigest()


def read_responses(*, name: str, content: bytes, mapping: Mapping, organisation_id: int) -> list[Response]:
    """Every response of the file, checked; raises DataRejected listing every problem (nothing is saved)."""
    table = read_table(
        name=name, content=content, max_rows=MAX_ROWS, rows_called="responses", needs="a header row and responses"
    )
    header = table.header
    needed = {"date": mapping.date, "service": mapping.service, "free text": mapping.text}
    missing = [f"“{column}” (the {what})" for what, column in needed.items() if column not in header]
    # The question column is optional: a file without it (one question only) is fine.
    missing += [f"“{column}” (a demographic column)" for column in mapping.demographics if column not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "none"
        raise DataRejected(
            [Problem(table.header_row, None, f"The header has no column {', '.join(missing)}. Columns found: {found}")]
        )
    has_score = mapping.score in header

    responses: list[Response] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    for raw in table.rows:
        row, cells = raw.number, raw.cells
        if raw.extra:
            problems.append(more_cells_than_header(raw, header))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        raw_text = cells.get(mapping.text)
        text = "" if is_blank(raw_text) else str(raw_text).strip()[:MAX_TEXT]
        raw_score = cells.get(mapping.score) if has_score else None
        if not text and is_blank(raw_score):
            problems.append(Problem(row, None, "The row is empty: it has no score and no comment"))
            continue
        received_on = score = None
        raw_date = cells.get(mapping.date)
        if is_blank(raw_date):
            problems.append(Problem(row, mapping.date, "Enter the date of the response"))
        else:
            try:
                received_on = parse_date(raw_date)
            except ValueError as error:
                problems.append(Problem(row, mapping.date, str(error)))
        service = "" if is_blank(cells.get(mapping.service)) else str(cells.get(mapping.service)).strip()[:200]
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
        question = "" if is_blank(cells.get(mapping.question)) else str(cells.get(mapping.question)).strip()[:300]
        demographics = {
            column: str(cells.get(column)).strip()[:100]
            for column in mapping.demographics
            if not is_blank(cells.get(column))
        }
        key = (received_on, service, question, text)
        seen[key] = seen.get(key, 0) + 1
        responses.append(
            Response(
                row=row,
                received_on=received_on,
                service=service,
                question=question,
                fft_score=score,
                text=text,
                demographics=demographics,
                fingerprint=fingerprint(
                    organisation_id=organisation_id,
                    received_on=received_on,
                    service=service,
                    question=question,
                    text=text,
                    occurrence=seen[key],
                ),
            )
        )
    if problems:
        raise DataRejected(problems)
    if not responses:
        raise DataRejected([Problem(None, None, "The file has a header row but no responses")])
    return responses
