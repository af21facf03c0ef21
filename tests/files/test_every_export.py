"""Every CSV or XLSX the product writes goes out through coqi.files.writing (ADR 0038), found from the source, and
a formula typed by anyone comes out inert in the site's download and in each command's file."""

from __future__ import annotations

import ast
import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "coqi"
WRITING = PACKAGE / "files" / "writing.py"
HOSTILE = '=HYPERLINK("http://evil.example", "Click")'

# Calls that write a CSV or a workbook without neutralising: the csv module's writers, openpyxl's Workbook (and
# its write-only cells), and pandas' to_csv / to_excel / ExcelWriter.
_WRITERS = {"writer", "DictWriter", "Workbook", "WriteOnlyCell", "to_csv", "to_excel", "ExcelWriter"}


def _writers_in(path: Path, *, root: Path = PACKAGE.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute) and node.attr in _WRITERS:
            base = node.value.id if isinstance(node.value, ast.Name) else None
            # csv.writer / openpyxl.Workbook / frame.to_csv; a plain `.writer` of something else is not a CSV
            if node.attr != "writer" or base == "csv":
                name = node.attr
        elif isinstance(node, ast.ImportFrom) and node.module in {"csv", "openpyxl", "openpyxl.cell"}:
            name = next((alias.name for alias in node.names if alias.name in _WRITERS), None)
        if name:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    return found


def test_no_csv_or_xlsx_is_written_outside_coqi_files_writing():
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if path != WRITING for hit in _writers_in(path)]
    assert not found, "Write CSV/XLSX through coqi.files.writing (ADR 0038), not:\n" + "\n".join(found)


def test_the_scan_sees_each_kind_of_writer(tmp_path):
    """The check above would catch each way of writing, were it used."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import csv\nfrom openpyxl import Workbook\nw = csv.writer(x)\nframe.to_csv(p)\nframe.to_excel(p)\n"
        "d = csv.DictWriter(x, [])\nlog.writer = 1\n",
        encoding="utf-8",
    )
    kinds = [hit.rsplit(": ", 1)[1] for hit in _writers_in(sample, root=tmp_path)]
    assert sorted(kinds) == ["DictWriter", "Workbook", "to_csv", "to_excel", "writer"]


@pytest.mark.django_db
def test_the_finance_csv_writes_a_formula_as_text(trio, client_for):
    from coqi.payments import services
    from coqi.projects.choices import Rung
    from tests.payments.helpers import activity, facilitator_of, line_of, rate_card

    trio.partner.display_name = "@SUM(1+1)*cmd|' /C calc'!A0"
    trio.partner.save()
    rate_card(trio, effective_from=date(2025, 4, 1), rates={Rung.CO_DESIGN: "30.00"})
    held = activity(trio, held_on=date(2025, 4, 1), attendees=[trio.partner], title=HOSTILE)
    services.approve_claim(actor=facilitator_of(trio.organisation), claim=line_of(held.attendances.get()))
    response = client_for(trio.owner).get(f"/o/{trio.organisation.slug}/payments/export.csv?year=2025")
    assert response.status_code == 200
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert row[header.index("Activity")] == "'" + HOSTILE
    assert row[header.index("Name")] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row[header.index("Amount (£)")] == "60.00"


def test_the_measure_template_goes_out_as_csv_that_reads_back():
    """It holds no one's text (the download itself is tested in tests/improvement/measures/test_pages.py); what
    matters here is that the one writer makes it and it reads back as the columns and numbers it should."""
    from coqi.improvement.selectors.measures import upload_template

    text = upload_template(measure=SimpleNamespace(needs_denominator=True, is_stratified=True))
    assert list(csv.reader(io.StringIO(text))) == [
        ["period", "value", "denominator", "group"],
        ["2025-04-01", "12", "80", "Group A"],
        ["2025-05-01", "9", "75", "Group A"],
    ]


def _coqi(*arguments, cwd: Path) -> subprocess.CompletedProcess:
    """The real `coqi` entry point in its own process, as a person runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from coqi.cli import app; app()", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_coqi_text_redact_writes_a_formula_as_text(tmp_path, suffix):
    source = tmp_path / "in.csv"
    pd.DataFrame({"text": [HOSTILE, "Kind staff"], "score": ["-5", "4"]}).to_csv(source, index=False)
    out = tmp_path / f"out{suffix}"
    result = _coqi("text", "redact", source, "--text-column", "text", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if suffix == ".csv":
        rows = list(csv.reader(out.open(encoding="utf-8")))
        assert rows[1][0] == "'" + HOSTILE and rows[1][1] == "-5"
    else:
        cell = openpyxl.load_workbook(out).active["A2"]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)


def test_coqi_spc_table_writes_a_formula_as_text(tmp_path):
    source = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "period": pd.date_range("2020-04-01", periods=12, freq="MS").strftime("%Y-%m-%d"),
            "value": [-5, 3, 4, -2, 6, 5, 4, 3, -1, 2, 3, 4],
            "notes": [HOSTILE] + [""] * 11,
        }
    ).to_csv(source, index=False)
    out = tmp_path / "points.csv"
    result = _coqi(
        "spc", "table", source, "--x", "period", "--y", "value", "-c", "i", "--notes", "notes", "-o", out, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["notes"] == "'" + HOSTILE and float(rows[0]["y"]) == -5  # a number, not neutralised


def test_a_nul_byte_in_the_file_is_a_message_from_the_real_command_not_a_traceback(tmp_path):
    source = tmp_path / "in.csv"
    source.write_bytes(b"text\n" + b"fine\n" * 2000 + b"bro\x00ken\n")
    result = _coqi("text", "redact", source, "--text-column", "text", "-o", tmp_path / "out.csv", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "row 2002" in result.stderr and "NUL" in result.stderr
