"""coqi.files.writing: which cells are neutralised, and that the files read back as written."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from coqi.files.writing import neutralise, write_csv, write_file, write_xlsx


@pytest.mark.parametrize("text", ["=1+1", "+44 7700 900123 x", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "=", "-A1"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["-5", "+44", "-1.5", "-1.5e3", ".5", "ordinary", "", "a=b", 7, -5, -2.5, None])
def test_plain_numbers_other_text_and_non_text_are_left_alone(value):
    assert neutralise(value) == value


def test_write_csv_neutralises_the_header_too_and_keeps_numbers_as_numbers():
    out = io.StringIO()
    write_csv([["=name", "amount"], ["=HYPERLINK(1)", -5], [None, Decimal("-1.50")]], out)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=name", "amount"],
        ["'=HYPERLINK(1)", "-5"],
        ["", "-1.50"],
    ]


def test_write_xlsx_stores_text_as_text_and_numbers_and_dates_as_themselves(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx([["text", "n", "day"], ["=HYPERLINK(1)", -5, date(2025, 4, 1)], ["-5", 2.5, None]], path)
    sheet = openpyxl.load_workbook(path).active
    formula, number = sheet["A2"], sheet["B2"]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=HYPERLINK(1)", "s", True)
    assert (number.value, number.data_type) == (-5, "n")
    assert sheet["C2"].value.date() == date(2025, 4, 1)
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("-5", False)  # text that is a plain number


def test_write_file_is_all_or_nothing(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("before", encoding="utf-8")

    def rows():
        yield ["a"]
        raise RuntimeError("the data ran out half way")

    with pytest.raises(RuntimeError):
        write_file(rows(), path)
    assert path.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind
