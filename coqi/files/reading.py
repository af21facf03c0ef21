"""Reading a file a person gives us, safely: bounded before parsing, one encoding policy (ADR 0038).

- **Bounded before parsing.** An .xlsx is a zip of XML. A 1 MB workbook can hold one cell that unpacks to 1 GB,
  and parsing it took 42 s and 3 GB before it was refused. `check_xlsx` reads only the zip's directory and the
  first bytes of the first sheet, and refuses a member that expands more than `MAX_RATIO` times (Apache POI's
  default; real workbooks expand 5–20 times), more unpacked bytes in all than the caller allows, more members than
  a workbook has, or a sheet whose stated size (its `<dimension>`) has more cells than the caller allows. Python's
  zipfile never unpacks more than a member's stated size (a larger member fails its CRC), so the stated sizes
  checked here are the most the parser will ever see.
- **One encoding policy** (`decode`): a byte-order mark decides (UTF-8, UTF-16 or UTF-32); without one the bytes
  must be UTF-8, else Windows-1252, what Excel's plain "CSV" writes on an NHS laptop. UTF-8 is tried first because
  cp1252 reads almost any bytes and would garble UTF-8. UTF-16 without a byte-order mark (NUL bytes in every other
  place) and bytes that are neither are refused, with the line where reading failed.
Control characters in cells are refused by coqi.core.tabular with the one character rule every form and API field
uses (coqi/files/characters.py, ADR 0036), naming the row and column.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from coqi.files.characters import REFUSED, describe, refused_character

MB = 1024 * 1024
MAX_RATIO = 100
RATIO_GRACE_BYTES = MB  # tiny parts (styles, a one-cell sheet) can have odd ratios and cannot hurt
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 512 * MB
MAX_CELLS = 20_000_000
_HEAD_BYTES = 64 * 1024


class FileRefused(ValueError):
    """A file that is not read. `row` (the line, or the sheet's row; 1-based) and `column` say where, if known."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


def size_text(count: int) -> str:
    return f"{count / 1024**3:,.1f} GB" if count >= 1024**3 else f"{count / MB:,.0f} MB"


_NOT_A_WORKBOOK = (
    "The file could not be opened as an Excel workbook (.xlsx). If it has a password, remove it; "
    "if it is an old .xls, save it as .xlsx"
)


def check_xlsx(source: bytes | Path, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_cells: int = MAX_CELLS) -> bool:
    """Refuse a workbook that would take too much memory or time to parse, before any parser sees it.

    Returns whether its first sheet holds formulas (a reader then also reads them, to say which ones Excel saved
    no value for)."""
    try:
        archive = zipfile.ZipFile(BytesIO(source) if isinstance(source, (bytes, bytearray)) else source)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
        raise FileRefused(_NOT_A_WORKBOOK) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise FileRefused(f"The workbook has {len(members):,} parts; a real one has far fewer than {MAX_MEMBERS:,}")
        for member in members:
            if member.file_size > RATIO_GRACE_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                ratio = member.file_size / max(member.compress_size, 1)
                raise FileRefused(
                    f"The workbook is refused unread: its part {member.filename} would expand {ratio:,.0f} times, "
                    f"to {size_text(member.file_size)} (a real workbook expands at most {MAX_RATIO} times). "
                    "Open it in Excel and save it again, or save it as CSV"
                )
        total = sum(member.file_size for member in members)
        if total > max_uncompressed:
            raise FileRefused(
                f"The workbook is too big once unpacked ({size_text(total)}; the most this takes is "
                f"{size_text(max_uncompressed)}). Split it up, or save it as CSV"
            )
        try:
            rows, columns = _first_sheet_size(archive)
            formulas = _has_formulas(archive)
        except (zipfile.BadZipFile, zlib.error, OSError, KeyError, NotImplementedError, EOFError, RuntimeError):
            raise FileRefused(_NOT_A_WORKBOOK) from None
    if rows * columns > max_cells:
        raise FileRefused(
            f"The sheet has {rows:,} rows and {columns:,} columns ({rows * columns:,} cells); the most this takes "
            f"is {max_cells:,} cells. Delete the rows and columns you do not need, or save it as CSV"
        )
    return formulas


_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as handle:
        return handle.read(_HEAD_BYTES)


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the first sheet, found as openpyxl finds it (workbook order, then its relationship)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        return None  # an unusual layout: openpyxl finds it through the package's relationships, sizes still hold
    first = _SHEET.search(_head(archive, "xl/workbook.xml"))
    target = None
    if first and "xl/_rels/workbook.xml.rels" in names:
        wanted = next((v for k, v in _ATTRIBUTE.findall(first.group()) if k.endswith(b":id")), None)
        for element in _RELATIONSHIP.findall(_head(archive, "xl/_rels/workbook.xml.rels")):
            attributes = dict(_ATTRIBUTE.findall(element))
            if attributes.get(b"Id") == wanted and b"Target" in attributes:
                path = attributes[b"Target"].decode("utf-8", "replace")
                target = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    return target if target in names else None


def _first_sheet_size(archive: zipfile.ZipFile) -> tuple[int, int]:
    """(rows, columns) the first sheet says it spans; (0, 0) if it does not say."""
    sheet = _first_sheet(archive)
    found = _DIMENSION.search(_head(archive, sheet)) if sheet else None
    if not found or not found.group(3):
        return 0, 0
    first_column, first_row, last_column, last_row = found.groups()
    rows = int(last_row) - int(first_row) + 1
    columns = _column_number(last_column) - _column_number(first_column) + 1
    return max(rows, 0), max(columns, 0)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether the first sheet holds a formula: one streamed pass, a chunk at a time (its size is checked above)."""
    sheet = _first_sheet(archive)
    if sheet is None:
        return False
    tail = b""
    with archive.open(sheet) as handle:
        while chunk := handle.read(MB):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_BOMS = (  # longest first: UTF-32's little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UNREADABLE = (
    "The file is not readable text (a character could not be read). In Excel use “Save as: CSV UTF-8”, "
    "or upload the .xlsx workbook"
)


def decode(content: bytes) -> str:
    """The text of a CSV file under the one encoding policy (see the module's notes); FileRefused if not text."""
    for mark, encoding in _BOMS:
        if content.startswith(mark):
            return _strict(content, encoding)
    _refuse_nul_head(content)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return _strict(content, "cp1252")


def _refuse_nul_head(content: bytes) -> None:
    head = content[:4096]
    if head and head.count(b"\x00") * 4 >= len(head):  # UTF-16 without a mark, or a binary file: NUL in many places
        raise FileRefused(
            "The file is not a CSV text file: it looks like UTF-16 text without a byte-order mark, or a binary "
            "file. In Excel use “Save as: CSV UTF-8”, or upload the .xlsx workbook"
        )


def _refused_line(line: int, character: str) -> FileRefused:
    what = describe(character)
    return FileRefused(f"Line {line} of the file holds {what}, which cannot be saved. Remove it", row=line)


def _strict(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        line = content[: error.start].decode(encoding, "replace").count("\n") + 1
        raise FileRefused(UNREADABLE, row=line) from None


def check_text(content: bytes, *, piece: int = 8 * MB) -> None:
    """What `decode` and the character rule would refuse in a CSV file, found without holding its text: the bytes
    are decoded a piece at a time and each piece searched, so checking a 250 MB upload while the person waits
    costs a few megabytes, not the text's copy (up to four bytes a character). FileRefused names the line."""
    for mark, encoding in _BOMS:
        if content.startswith(mark):
            if encoding != "utf-8-sig":  # UTF-16 and UTF-32 are rare and small: read whole as before
                text = _strict(content, encoding)
                found = REFUSED[True].search(text)
                if found:
                    line = text.count("\n", 0, found.start()) + 1
                    raise _refused_line(line, found.group())
                return
            break
    _refuse_nul_head(content)
    encoding = "utf-8-sig" if content.startswith(codecs.BOM_UTF8) else "utf-8"
    for attempt in (encoding, "cp1252"):
        decoder = codecs.getincrementaldecoder(attempt)("strict")
        view, lines = memoryview(content), 0
        try:
            for start in range(0, len(content), piece):
                chunk = view[start : start + piece]
                text = decoder.decode(chunk, final=start + piece >= len(content))
                found = REFUSED[True].search(text)
                if found:
                    line = lines + text.count("\n", 0, found.start()) + 1
                    raise _refused_line(line, found.group())
                lines += text.count("\n")
            return
        except UnicodeDecodeError as error:
            if attempt != "cp1252" and not content.startswith(codecs.BOM_UTF8):
                continue  # not UTF-8: the policy's second choice, read again from the start
            line = lines + bytes(chunk[: error.start]).count(b"\n") + 1
            raise FileRefused(UNREADABLE, row=line) from None


def decode_as(content: bytes, encoding: str) -> str:
    """The text in an encoding a person named (a command's --encoding); FileRefused naming the line if not."""
    if encoding.lower().replace("-", "").replace("_", "") in {"utf8", "utf8sig"}:
        encoding = "utf-8-sig"  # a byte-order mark from Excel must not end up in the first column's name
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FileRefused(f"unknown encoding {encoding!r}") from None
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        line = content[: error.start].decode(encoding, "replace").count("\n") + 1
        raise FileRefused(
            f"not valid {encoding} text (byte 0x{content[error.start]:02x} on line {line}); save it as UTF-8, "
            "or name its encoding, e.g. --encoding cp1252",
            row=line,
        ) from None


def column_letter(index: int) -> str:
    """Excel's name for the 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _refused_cell(row: int, header, index: int, what: str) -> FileRefused:
    name = header[index] if index < len(header) and str(header[index]).strip() else column_letter(index)
    return FileRefused(
        f"row {row}, column “{name}”: the cell holds {what}; delete it (it usually comes from copying out of "
        "another system)",
        row=row,
        column=str(name),
    )


def check_cells(rows, *, first_row: int = 1) -> None:
    """FileRefused naming the row and column of the first cell (text) holding a refused character; `rows` are
    the file's rows from its header on, `first_row` the header's row number."""
    header: list = []
    for number, cells in enumerate(rows, start=first_row):
        cells = list(cells)
        if number == first_row:
            header = cells
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and (what := refused_character(cell)):
                raise _refused_cell(number, header, index, what)


def check_csv_text(text: str, *, delimiter: str = ",") -> None:
    """Every cell of a CSV file's text under the character rule, the whole file (not only its head): a quick
    search, and only if it finds something the records are parsed to name the row and column."""
    found = REFUSED[True].search(text)
    if found is None:
        return
    import csv
    import io

    try:
        check_cells(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        pass
    line = text.count("\n", 0, found.start()) + 1
    raise FileRefused(f"line {line}: the file holds {describe(found.group())}; delete it", row=line)
