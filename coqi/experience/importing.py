"""Reading and checking an FFT file before anything is saved, and the per-chunk redaction and classification.

The file is read by the shared reader (`coqi.core.tabular`: encoding, empty files, NUL bytes, extra cells, the
row limit), so every upload speaks the same way. Every problem is reported with the row and column it is in
(spreadsheet row numbers: the header is row 1), so a person can fix the whole file in one go; one problem rejects
the whole file.

A big CSV (a trust's year is 150,000–250,000 responses; a few years 1.2 M, ~150–250 MB) is checked against the
character rule as one text and then streamed row by row (`tabular.csv_rows`), so it never becomes a table of
dictionaries; only a file holding a refused character takes the general reader, which names its rows and columns.
Workbooks stay bounded by ADR 0038's guards: big files should be CSV (ADR 0044).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from sys import intern

from coqi.core.tabular import (
    DataRejected,
    Problem,
    Row,
    csv_rows,
    decode,
    is_blank,
    more_cells_than_header,
    read_table,
)
from coqi.files.characters import REFUSED
from coqi.files.reading import MB

MAX_ROWS = 1_500_000  # a big trust's six years; 1.2 M imports in minutes (benchmarks/big_import.py, ADR 0044)
# A workbook keeps ADR 0038's bounds as before (parsing one is ~50 times slower than CSV): big files should be CSV.
XLSX_MAX_ROWS = 500_000
MAX_FILE_BYTES = 300 * MB  # 1.5 M rows of realistic comments are ~250 MB of CSV
MAX_TEXT = 100_000  # characters kept of one comment; longer ones are cut, never a crash
MAX_PROBLEMS = 200

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "XLSX_MAX_ROWS", "Mapping", "Response", "read_responses", "too_big"]


def too_big(size: int) -> str | None:
    """Why a file of `size` bytes is refused before it is read, or None; said the same way on the page and the API.
    (The command has no size limit: only the row limit.)"""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"The file is too big to import ({size / MB:,.0f} MB; the most is {MAX_FILE_BYTES // MB:,} MB, about "
        f"{MAX_ROWS:,} responses). Split it into smaller files"
    )


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


@dataclass(slots=True)  # a million of them are held at once: slots halve their memory
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
    return _parse_date_text(str(cell).strip())


@lru_cache(maxsize=8_192)  # a file holds a few hundred different dates, each on thousands of rows
def _parse_date_text(text: str) -> date:
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


def _rows(*, name: str, content: bytes):
    """(header, header row, rows): each row (number, cells by header name or a list, has extra cells).

    A CSV with no refused character anywhere is streamed; anything else is read by `read_table`, which names the
    row and column of every refused character."""
    if (name or "").lower().endswith((".csv", ".txt")) and content:
        text = decode(content)
        if REFUSED[True].search(text) is None:
            table = csv_rows(text, max_rows=MAX_ROWS, rows_called="responses", needs="a header row and responses")
            width = len(table.header)
            return (
                table.header,
                table.header_row,
                ((number, cells, any(not is_blank(c) for c in cells[width:])) for number, cells in table.rows),
            )
    is_xlsx = (name or "").lower().endswith(".xlsx")
    table = read_table(
        name=name,
        content=content,
        max_rows=XLSX_MAX_ROWS if is_xlsx else MAX_ROWS,
        rows_called="responses" + ("; save a bigger file as CSV" if is_xlsx else ""),
        needs="a header row and responses",
    )
    return table.header, table.header_row, ((raw.number, raw.cells, bool(raw.extra)) for raw in table.rows)


def read_responses(*, name: str, content: bytes, mapping: Mapping, organisation_id: int) -> list[Response]:
    """Every response of the file, checked; raises DataRejected listing every problem (nothing is saved)."""
    header, header_row, rows = _rows(name=name, content=content)
    needed = {"date": mapping.date, "service": mapping.service, "free text": mapping.text}
    missing = [f"“{column}” (the {what})" for what, column in needed.items() if column not in header]
    # The question column is optional: a file without it (one question only) is fine.
    missing += [f"“{column}” (a demographic column)" for column in mapping.demographics if column not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "none"
        raise DataRejected(
            [Problem(header_row, None, f"The header has no column {', '.join(missing)}. Columns found: {found}")]
        )
    has_score = mapping.score in header
    # Where each column is: the first column of a name wins, as in `read_table`. -1: not in the file.
    first: dict[str, int] = {}
    for index, column in enumerate(header):
        first.setdefault(column, index)
    columns = [mapping.date, mapping.service, mapping.score if has_score else None, mapping.question, mapping.text]
    columns += list(mapping.demographics)
    positions = [first.get(column, -1) if column else -1 for column in columns]
    demographic_positions = list(zip(mapping.demographics, positions[5:]))

    responses: list[Response] = []
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}
    shared: dict[tuple, dict] = {}
    for row, cells, extra in rows:
        if extra:
            problems.append(more_cells_than_header(Row(row, {}), header))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        if isinstance(cells, dict):  # the general reader's rows
            values = [cells.get(column) if column else None for column in columns]
        else:
            width = len(cells)
            values = [cells[p] if 0 <= p < width else None for p in positions]
        raw_date, raw_service, raw_score, raw_question, raw_text = values[:5]
        text = "" if is_blank(raw_text) else str(raw_text).strip()[:MAX_TEXT]
        if not text and is_blank(raw_score):
            problems.append(Problem(row, None, "The row is empty: it has no score and no comment"))
            continue
        received_on = score = None
        if is_blank(raw_date):
            problems.append(Problem(row, mapping.date, "Enter the date of the response"))
        else:
            try:
                received_on = parse_date(raw_date)
            except ValueError as error:
                problems.append(Problem(row, mapping.date, str(error)))
        # Services, questions and demographic values repeat on every row: one copy of each (sys.intern, and one
        # dictionary per combination of demographics) keeps a million responses in about a gigabyte less.
        service = "" if is_blank(raw_service) else intern(str(raw_service).strip()[:200])
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
        question = "" if is_blank(raw_question) else intern(str(raw_question).strip()[:300])
        groups = tuple(values[5:])
        demographics = shared.get(groups)
        if demographics is None:
            demographics = shared[groups] = {
                column: str(value).strip()[:100]
                for (column, _), value in zip(demographic_positions, groups)
                if not is_blank(value)
            }
        key = (received_on, service, question, text)
        occurrence = seen[key] = seen.get(key, 0) + 1
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
                    occurrence=occurrence,
                ),
            )
        )
    if problems:
        raise DataRejected(problems)
    if not responses:
        raise DataRejected([Problem(None, None, "The file has a header row but no responses")])
    return responses


# --- redaction and classification, in the worker or in a process of its own ----------------------------------------
# A big import redacts and classifies in a pool of processes (`services.import_feedback`). They get only text and
# the classifier, never a model instance or a database connection, so these functions need no Django set-up.

_worker_classifier = None


def start_worker(classifier) -> None:
    global _worker_classifier
    _worker_classifier = classifier


def prepare_in_worker(chunk: tuple[list, list, list]) -> list[tuple[str, int, list[str], int | None]]:
    return prepare(_worker_classifier, *chunk)


def prepare(classifier, texts: list[str], questions: list, fft_scores: list) -> list[tuple[str, int, list, int | None]]:
    """(redacted text, identifiers removed, theme names, sentiment) for each text. Classified after redaction, so
    the model never sees a name or number that will not be stored."""
    import pandas as pd

    from coqi.core.redaction import redact

    redactions = [redact(text) for text in texts]
    frame = classifier.predict_frame([r.text for r in redactions], questions=questions, fft_scores=fft_scores)
    return [
        (
            redaction.text,
            redaction.removed,
            [name for name in (themes or "").split(";") if name],
            None if pd.isna(sentiment) else int(sentiment),
        )
        for redaction, themes, sentiment in zip(redactions, frame["themes"], frame["sentiment"])
    ]
