"""The one CSV/XLSX reader (coqi.core.tabular): encoding, guards and spreadsheet row numbers."""

from datetime import datetime

import pytest
from openpyxl import Workbook

from coqi.core.tabular import MAX_PROBLEMS_LISTED, DataRejected, Problem, decode, read_table


def _read(content: bytes, name: str = "f.csv", max_rows: int = 100, **kwargs):
    return read_table(name=name, content=content, max_rows=max_rows, **kwargs)


def _refusal(content: bytes, name: str = "f.csv", **kwargs) -> list[str]:
    with pytest.raises(DataRejected) as rejected:
        _read(content, name, **kwargs)
    return rejected.value.messages


def _xlsx(tmp_path, rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "f.xlsx")
    return (tmp_path / "f.xlsx").read_bytes()


@pytest.mark.parametrize(
    "content",
    [
        "Period,Value\n2024-01-01,Café\n".encode(),
        "Period,Value\n2024-01-01,Café\n".encode("utf-8-sig"),  # Excel's "CSV UTF-8" starts with a byte-order mark
        "Period,Value\n2024-01-01,Café\n".encode("cp1252"),  # Excel's plain "CSV" on an NHS laptop
    ],
)
def test_utf_8_with_or_without_a_bom_and_cp1252_are_read(content):
    table = _read(content)
    assert table.header == ["period", "value"] and table.header_row == 1
    assert [(r.number, r.cells) for r in table.rows] == [(2, {"period": "2024-01-01", "value": "Café"})]


def test_utf_8_wins_over_cp1252_when_the_bytes_are_valid_utf_8():
    assert decode("£5 – ’".encode()) == "£5 – ’"  # read as cp1252 these would be mojibake (Â£5 â€“ â€™)
    assert decode("£5 – ’".encode("cp1252")) == "£5 – ’"


def test_bytes_that_are_neither_utf_8_nor_cp1252_are_refused_with_the_row():
    assert _refusal(b"period,value\n2024-01-01,\x81\n") == [
        "Row 2: The file is not readable text (a character could not be read). In Excel use “Save as: CSV "
        "UTF-8”, or upload the .xlsx workbook"
    ]


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (b"", "f.csv", "The file is empty"),
        (b"", "f.xlsx", "The file is empty"),
        (b"\n ,\n\n", "f.csv", "The file is empty: it needs a header row and data"),
        (b"%PDF-1.4", "f.pdf", "Upload a CSV file (.csv) or an Excel workbook (.xlsx)"),
        (b"PK\x03\x04 broken", "f.xlsx", "The file could not be opened as an Excel workbook (.xlsx)"),
        ("a,b\n1,2\n".encode("utf-16-le"), "f.csv", "The file is not a CSV text file: it looks like UTF-16 text"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(content, name, expected):
    messages = _refusal(content, name)
    assert len(messages) == 1 and messages[0].startswith(expected), messages


def test_a_nul_byte_anywhere_in_a_csv_is_refused_with_its_row_and_column():
    content = b"period,value\n" + b"2024-01-01,1\n" * 1000 + b"2024-01-02,a\x00b\n"
    assert len(content) > 4096
    assert _refusal(content, max_rows=2000) == [
        "Row 1002, column “value”: the cell holds a NUL character (U+0000), which cannot be saved; delete it "
        "(it usually comes from copying out of another system)"
    ]


def test_blank_rows_count_in_row_numbers_and_are_not_data():
    table = _read(b"\n\nperiod,value\n2024-01-01,1\n\n,\n2024-02-01,2\n")
    assert table.header_row == 3
    assert [r.number for r in table.rows] == [4, 7]


def test_a_row_with_more_cells_than_the_header_is_marked():
    table = _read(b"period,value\n2024-01-01,1,oops\n2024-02-01,2,,\n")
    assert [r.extra for r in table.rows] == [("oops",), ()]


def test_missing_cells_are_none_and_the_first_column_of_a_name_wins():
    table = _read(b"Period,value,period\n2024-01-01\n")
    assert table.header == ["period", "value", "period"]
    assert table.rows[0].cells == {"period": "2024-01-01", "value": None}


def test_semicolons_and_tabs_are_sniffed():
    assert _read(b"period;value\n2024-01-01;1\n").rows[0].cells == {"period": "2024-01-01", "value": "1"}
    assert _read(b"period\tvalue\n2024-01-01\t1\n").rows[0].cells == {"period": "2024-01-01", "value": "1"}


def test_a_long_cell_is_read():
    text = "x" * 500_000
    assert _read(f"comment\n{text}\n".encode()).rows[0].cells["comment"] == text


def test_more_rows_than_allowed_are_refused_in_the_caller_s_words(tmp_path):
    content = b"period,value\n" + b"2024-01-01,1\n" * 4
    assert len(_read(content, max_rows=4).rows) == 4
    assert _refusal(content, max_rows=3, rows_called="responses") == ["The file has more than 3 responses; split it up"]
    workbook = _xlsx(tmp_path, [["period", "value"]] + [[datetime(2024, 1, 1), 1]] * 4)
    assert _refusal(workbook, "f.xlsx", max_rows=3) == ["The file has more than 3 rows; split it up"]


def test_xlsx_cells_keep_their_types_and_row_numbers(tmp_path):
    content = _xlsx(
        tmp_path,
        [[None, None], ["Period", "Value"], [datetime(2024, 1, 1), 3], [None, None], [datetime(2024, 2, 1), 4.5]],
    )
    table = _read(content, "f.XLSX")
    assert table.header == ["period", "value"] and table.header_row == 2
    assert [(r.number, r.cells["value"]) for r in table.rows] == [(3, 3), (5, 4.5)]
    assert table.rows[0].cells["period"] == datetime(2024, 1, 1)


def test_problems_say_where_they_are_and_a_long_list_is_cut():
    assert str(Problem(3, "value", "“x” is not a number")) == "Row 3, column “value”: “x” is not a number"
    assert str(Problem(None, "group", "missing column")) == "Column “group”: missing column"
    assert str(Problem(None, None, "The file is empty")) == "The file is empty"
    rejected = DataRejected([Problem(i, None, "bad") for i in range(MAX_PROBLEMS_LISTED + 5)])
    assert len(rejected.problems) == MAX_PROBLEMS_LISTED + 5
    assert rejected.messages[-1] == "…and 5 more problems." and len(rejected.messages) == MAX_PROBLEMS_LISTED + 1


# ----------------------------------------------------------------------------------------------- ADR 0038


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf_16_and_utf_32_with_a_byte_order_mark_are_read(encoding):
    content = "Period,Value\n2024-01-01,Café £5\n".encode(encoding)
    if encoding == "utf-16-be":
        content = b"\xfe\xff" + content
    table = _read(content)
    assert table.header == ["period", "value"]
    assert table.rows[0].cells == {"period": "2024-01-01", "value": "Café £5"}


def test_control_characters_in_cells_name_row_and_column_and_tab_and_newline_are_kept():
    messages = _refusal(b'period,value\n2024-01-01,"two\nlines\tok"\n2024-02-01,bell\x07\n')
    assert messages == [
        "Row 3, column “value”: the cell holds an invisible control character (U+0007), which cannot be saved; "
        "delete it (it usually comes from copying out of another system)"
    ]
    assert _read(b'period,value\n2024-01-01,"two\nlines\tok"\n').rows[0].cells["value"] == "two\nlines\tok"


def _bomb(path, *, unpacked: int) -> bytes:
    """A real workbook whose one cell holds `unpacked` bytes of one letter: it deflates about 1,000 times."""
    import zipfile

    workbook = Workbook()
    workbook.active.append(["period", "value"])
    workbook.active.append(["2024-01-01", "SENTINEL"])
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if b"SENTINEL" in data:
                before, after = data.split(b"SENTINEL")
                with target.open(name, "w", force_zip64=True) as handle:
                    handle.write(before)
                    chunk = b"A" * (1024 * 1024)
                    for _ in range(unpacked // len(chunk)):
                        handle.write(chunk)
                    handle.write(after)
            else:
                target.writestr(name, data)
    return path.read_bytes()


def test_a_zip_bomb_is_refused_from_its_directory_before_parsing_with_the_limit(tmp_path):
    content = _bomb(tmp_path / "bomb.xlsx", unpacked=200 * 1024 * 1024)
    assert len(content) < 1024 * 1024
    messages = _refusal(content, "bomb.xlsx")
    assert len(messages) == 1
    assert "would expand" in messages[0] and "a real workbook expands at most 100 times" in messages[0]


def test_a_workbook_bigger_than_the_area_allows_once_unpacked_is_refused(tmp_path):
    content = _xlsx(tmp_path, [["period", "value"], *[["2024-01-01", "x" * 200] for _ in range(50)]])
    messages = _refusal(content, "f.xlsx", max_unpacked_bytes=10_000)
    assert messages[0].startswith("The workbook is too big once unpacked") and "the most this takes is" in messages[0]


def test_a_sheet_stating_more_cells_than_allowed_is_refused_before_reading(tmp_path):
    workbook = Workbook()
    workbook.active.append(["period", "value"])
    workbook.active.cell(row=5_000, column=300, value="far away")
    workbook.save(tmp_path / "f.xlsx")
    messages = _refusal((tmp_path / "f.xlsx").read_bytes(), "f.xlsx", max_rows=100)
    assert messages == [
        "The sheet has 5,000 rows and 300 columns (1,500,000 cells); the most this takes is 1,000,000 cells. "
        "Delete the rows and columns you do not need, or save it as CSV"
    ]


def test_a_formula_without_a_saved_value_says_so(tmp_path):
    content = _xlsx(tmp_path, [["period", "value"], ["2024-01-01", "=1+2"], ["2024-02-01", 4]])
    assert _refusal(content, "f.xlsx") == [
        "Row 2, column “value”: the cell holds a formula (=1+2) whose value Excel did not save; open the file in "
        "Excel and save it again, or copy the cells and paste them as values"
    ]
