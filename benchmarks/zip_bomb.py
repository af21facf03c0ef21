"""Zip bombs against every reader of an uploaded workbook: how long, and how much memory, before it is refused.

    .venv/bin/python benchmarks/zip_bomb.py            # a ~1 MB workbook whose one cell unpacks to ~1 GB, and a
                                                       # many-cells workbook (no <dimension>) of ~8 million cells
    .venv/bin/python benchmarks/zip_bomb.py --cell-mb 256 --rows 200000 --varied-rows 20000

A third workbook, "varied", is not a bomb: 50,000 rows of 40 different numbers expand only ~10 times, so no
ratio catches them; it shows what each reader costs on a big sheet that passes the bounds (the row limits stop
the site's readers; `coqi text` reads it all).

The bombs are made here, in a temporary folder (nothing is downloaded). Each reader runs in its own process, so
one's memory never counts against another's: the figure is that process's peak resident memory
(resource.getrusage ru_maxrss) less what it held once its modules were imported, and the wall time of the call.

  check_xlsx         coqi.files.reading.check_xlsx, the bounds every reader runs before openpyxl
  measures upload    coqi.improvement.measure_data.read_upload, what the measures upload view's service calls
  feedback import    coqi.experience.importing.read_responses, what the import worker runs
  coqi text          coqi.text.tables.read_table, what `coqi text redact/classify` read

Issue 13's figures, before the bounds: the one-cell bomb took 42 s and 3.1 GB in the web process (measures upload)
and 1.8 GB in the worker (feedback import).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main"><sheetData>'
)


def _workbook(path: Path, sheet_parts) -> None:
    """A minimal valid workbook whose first sheet's XML is the concatenation of `sheet_parts` (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)


def one_cell_bomb(path: Path, *, megabytes: int) -> None:
    """A header (the columns the readers expect) and one row whose first cell is `megabytes` MB of text."""
    header = "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip("ABCD", ["period", "value", "service", "comment"])
    )

    def parts():
        yield (_SHEET_HEAD + f'<row r="1">{header}</row><row r="2"><c r="A2" t="inlineStr"><is><t>').encode()
        chunk = b"A" * MB
        for _ in range(megabytes):
            yield chunk
        yield b"</t></is></c></row></sheetData></worksheet>"

    _workbook(path, parts())


def many_cells_bomb(path: Path, *, rows: int, columns: int = 40) -> None:
    """`rows` × `columns` one-digit cells and no <dimension>, so only the sizes and the ratio can tell."""
    row = ("<row>" + "<c><v>1</v></c>" * columns + "</row>").encode()

    def parts():
        yield _SHEET_HEAD.encode()
        for _ in range(rows // 1000):
            yield row * 1000
        yield b"</sheetData></worksheet>"

    _workbook(path, parts())


def varied_cells(path: Path, *, rows: int, columns: int = 40) -> None:
    """Like the many-cells bomb, but every cell different, so it expands far less than the ratio limit: what
    stops it then is the unpacked size, the row limit, or nothing."""
    import random

    numbers = random.Random(13)

    def parts():
        yield _SHEET_HEAD.encode()
        header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in ["period", "value", "comment"])
        yield f"<row>{header}</row>".encode()
        for _ in range(rows):
            yield (
                "<row>" + "".join(f"<c><v>{numbers.random():.9f}</v></c>" for _ in range(columns)) + "</row>"
            ).encode()
        yield b"</sheetData></worksheet>"

    _workbook(path, parts())


_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
reader, path = sys.argv[1], Path(sys.argv[2])
if reader in ("measures", "feedback"):
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coqi.config.settings.test")
    import django
    django.setup()
    from coqi.improvement.measure_data import read_upload
    from coqi.experience.importing import Mapping, read_responses
from coqi.files.reading import FileRefused, check_xlsx
from coqi.text.tables import TableError, read_table
import openpyxl  # imported before the baseline, as in a running site
content = path.read_bytes() if reader in ("check", "measures", "feedback") else None
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    if reader == "check":
        check_xlsx(content, max_uncompressed=50 * 1024 * 1024)
    elif reader == "measures":
        read_upload(name="bomb.xlsx", content=content)
    elif reader == "feedback":
        read_responses(name="bomb.xlsx", content=content, mapping=Mapping(text="comment"), organisation_id=1)
    else:
        read_table(path)
    outcome = "read (not refused)"
except Exception as error:
    outcome = f"refused: {str(error)[:90]}"
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
figures = {"seconds": seconds, "peak_mb": after / 1024, "extra_mb": (after - before) / 1024}
print(json.dumps({**figures, "outcome": outcome}))
"""

READERS = [
    ("check", "check_xlsx"),
    ("measures", "measures upload"),
    ("feedback", "feedback import"),
    ("text", "coqi text"),
]
REFERENCE = {  # issue 13, the one-cell bomb before the bounds
    ("one cell", "measures"): "42 s / 3.1 GB",
    ("one cell", "feedback"): "1.8 GB",
}


def _measure(reader: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, reader, str(path), str(ROOT)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "extra_mb": float("nan"), "outcome": "crashed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cell-mb", type=int, default=1024, help="unpacked size of the one cell (default 1024)")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of 40 cells in the many-cells bomb")
    parser.add_argument("--varied-rows", type=int, default=50_000, help="rows of 40 different cells")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bombs = {name: Path(folder) / f"{name.replace(' ', '-')}.xlsx" for name in ["one cell", "many cells", "varied"]}
        one_cell_bomb(bombs["one cell"], megabytes=arguments.cell_mb)
        many_cells_bomb(bombs["many cells"], rows=arguments.rows)
        varied_cells(bombs["varied"], rows=arguments.varied_rows)
        for name, path in bombs.items():
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
            print(f"{name}: {path.stat().st_size / MB:.2f} MB file, {unpacked / MB:,.0f} MB unpacked")
        print()
        print(
            f"{'bomb':<11} {'reader':<16} {'time':>8} {'peak RSS':>10} {'+ for call':>11}  "
            f"{'issue 13 before':<16} outcome"
        )
        for name, path in bombs.items():
            for reader, label in READERS:
                got = _measure(reader, path)
                print(
                    f"{name:<11} {label:<16} {got['seconds']:>7.3f}s {got['peak_mb']:>8.0f}MB {got['extra_mb']:>9.1f}MB"
                    f"  {REFERENCE.get((name, reader), '—'):<16} {got['outcome']}"
                )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
