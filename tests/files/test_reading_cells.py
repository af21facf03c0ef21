"""coqi.files.reading's character rule for cells (coqi.files.characters, every form's too), and its messages."""

from __future__ import annotations

import unicodedata

import pytest

from coqi.files import reading


def test_a_cell_refuses_exactly_the_control_characters_and_surrogates_but_tab_and_line_breaks():
    # Unicode's own categories, not our pattern: Cc (C0, DEL, C1) and Cs (surrogates).
    expected = {
        code for code in range(0x10000) if unicodedata.category(chr(code)) in ("Cc", "Cs") and chr(code) not in "\t\n\r"
    }
    refused = {code for code in range(0x10000) if reading.refused_character(chr(code)) is not None}
    assert refused == expected


def test_check_csv_text_names_the_row_and_column_past_the_first_4096_bytes():
    text = "id,comment\n" + "".join(f'{n},"line one\nline two"\n' for n in range(1, 1000)) + "1000,bad\x01\n"
    with pytest.raises(reading.FileRefused) as refused:
        reading.check_csv_text(text)
    assert (refused.value.row, refused.value.column) == (1001, "comment")  # records, as a spreadsheet counts rows
    assert "U+0001" in refused.value.message


def test_a_cell_without_a_header_is_named_by_its_letter():
    with pytest.raises(reading.FileRefused) as refused:
        reading.check_cells([["a"], ["x", "y", "z\x7f"]])
    assert (refused.value.row, refused.value.column) == (2, "C")


@pytest.mark.parametrize("index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letters):
    assert reading.column_letter(index) == letters


def test_decode_as_names_the_line_and_an_unknown_encoding():
    with pytest.raises(reading.FileRefused) as refused:
        reading.decode_as(b"a\nb\n\xff", "utf-8")
    assert refused.value.row == 3 and "line 3" in refused.value.message
    with pytest.raises(reading.FileRefused, match="unknown encoding"):
        reading.decode_as(b"a", "klingon")
    assert reading.decode(b"") == ""
