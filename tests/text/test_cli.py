"""`coqi text` on real files in tmp_path: good files in, columns out; bad input exits 1 with one clear line."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from coqi.text.cli import app
from coqi.text.framework import NOT_POSSIBLE, learnable_subcategories, subcategories

runner = CliRunner()

COMMENTS = [  # invented
    "Nurse Sarah was lovely, call me on 07700 900123",
    "I waited six hours for the ambulance",
    "Did not answer",
    "",
    "The food on Ocean Ward was cold",
]


@pytest.fixture
def comments_csv(tmp_path):
    path = tmp_path / "comments.csv"
    pd.DataFrame({"id": range(len(COMMENTS)), "free_text": COMMENTS, "score": [1, 5, "", 2, 4]}).to_csv(
        path, index=False
    )
    return path


def run(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_redact_replaces_identifiers_and_lists_their_types(comments_csv, tmp_path):
    out = tmp_path / "out.csv"
    result = run("redact", comments_csv, "--text-column", "free_text", "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert frame["free_text"][0] == "Nurse [PERSON] was lovely, call me on [PHONE]"
    assert frame["identifiers_removed"][0] == "PERSON;PHONE"
    assert frame["free_text"][4] == "The food on Ocean Ward was cold" and frame["identifiers_removed"][4] == ""
    assert list(frame["id"]) == [str(i) for i in range(5)]


def test_classify_adds_themes_and_sentiment(comments_csv, tmp_path):
    out = tmp_path / "out.csv"
    result = run("classify", comments_csv, "--text-column", "free_text", "--score-column", "score", "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["id", "free_text", "score", "themes", "sentiment"]
    for themes in frame["themes"]:
        assert themes and set(themes.split(";")) <= set(subcategories())
    assert "Timeliness of care" in frame["themes"][1].split(";")
    assert frame["themes"][2] == NOT_POSSIBLE and frame["sentiment"][2] == ""
    assert frame["themes"][3] == NOT_POSSIBLE
    assert {frame["sentiment"][i] for i in (0, 1, 4)} <= {"1", "2", "3", "4", "5"}


def test_classify_reads_and_writes_xlsx(tmp_path):
    source, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    pd.DataFrame({"text": ["Kind staff", "Parking was awful"]}).to_excel(source, index=False)
    result = run("classify", source, "--text-column", "text", "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_excel(out)
    assert list(frame.columns) == ["text", "themes", "sentiment"] and len(frame) == 2


@pytest.mark.parametrize("command", ["redact", "classify"])
def test_missing_column_is_one_line_exit_1(command, comments_csv, tmp_path):
    result = run(command, comments_csv, "--text-column", "comment", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert "no column 'comment'" in result.output and "free_text" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.csv").exists()


def test_not_a_csv_or_xlsx(tmp_path):
    source = tmp_path / "notes.pdf"
    source.write_bytes(b"%PDF-1.4 binary")
    result = run("redact", source, "--text-column", "text", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and "not a CSV or XLSX file" in result.output


def test_binary_file_named_csv(tmp_path):
    source = tmp_path / "image.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = run("classify", source, "--text-column", "text", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and "binary" in result.output


def test_encoding_follows_the_one_policy_or_the_one_named(tmp_path):
    source = tmp_path / "latin.csv"
    source.write_bytes("text\nCaf\u00e9 staff were kind\n".encode("cp1252"))
    guessed = run("redact", source, "--text-column", "text", "-o", tmp_path / "out.csv")  # not UTF-8: cp1252
    assert guessed.exit_code == 0 and pd.read_csv(tmp_path / "out.csv")["text"][0] == "Café staff were kind"
    named = run("redact", source, "--text-column", "text", "-o", tmp_path / "out.csv", "--encoding", "utf-8")
    assert named.exit_code == 1 and "not valid utf-8" in named.output.lower() and "line 2" in named.output
    assert "--encoding" in named.output
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("text\nCafé\n".encode("utf-16"))  # with its byte-order mark, as Excel writes it
    assert run("redact", utf16, "--text-column", "text", "-o", tmp_path / "out.csv").exit_code == 0
    assert pd.read_csv(tmp_path / "out.csv")["text"][0] == "Café"


def test_empty_file_and_missing_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty" in run("redact", empty, "--text-column", "t", "-o", tmp_path / "o.csv").output
    missing = run("classify", tmp_path / "nope.csv", "--text-column", "t", "-o", tmp_path / "o.csv")
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_corrupt_xlsx(tmp_path):
    source = tmp_path / "broken.xlsx"
    source.write_text("this is not a spreadsheet")
    result = run("classify", source, "--text-column", "text", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and "could not be opened as an Excel workbook" in result.output


def test_huge_comment_in_a_file(tmp_path):
    source, out = tmp_path / "big.csv", tmp_path / "out.csv"
    pd.DataFrame({"text": ["The crew were kind and on time. " * 3200, "Ok"]}).to_csv(source, index=False)
    assert run("redact", source, "--text-column", "text", "-o", out).exit_code == 0
    assert run("classify", out, "--text-column", "text", "-o", out).exit_code == 0
    assert len(pd.read_csv(out)) == 2


def test_train_then_classify_with_the_new_model(tmp_path):
    rows = []
    for i in range(30):
        rows.append(
            {
                "comment": f"The staff were kind and caring {i}",
                "Staff manner & personal attributes": 1,
                "sentiment": 1,
                "split_mine": "train",
            }
        )
        rows.append(
            {
                "comment": f"I waited hours for the transport {i}",
                "Timeliness of care": 1,
                "sentiment": 5,
                "split_mine": "train",
            }
        )
    rows.append({"comment": "Left out of training", "Timeliness of care": 1, "sentiment": 3, "split_mine": "test"})
    data = pd.DataFrame(rows).fillna({name: 0 for name in learnable_subcategories()})
    source, model, out = tmp_path / "labelled.csv", tmp_path / "mine.joblib", tmp_path / "out.csv"
    data.to_csv(source, index=False)
    result = run("train", "--data", source, "--split", "mine", "-o", model)
    assert result.exit_code == 0, result.output
    assert "Trained on 60 answered comments" in result.output
    comments = tmp_path / "new.csv"
    pd.DataFrame({"text": ["I waited hours and hours"]}).to_csv(comments, index=False)
    assert run("classify", comments, "--text-column", "text", "--model", model, "-o", out).exit_code == 0
    frame = pd.read_csv(out)
    assert frame["themes"][0] == "Timeliness of care" and frame["sentiment"][0] == 5


def test_train_can_leave_the_question_out_of_sentiment(tmp_path):
    import joblib

    rows = [
        {
            "comment": f"Kind staff {i}",
            "Staff manner & personal attributes": 1,
            "sentiment": 1,
            "question_type": "what_good",
        }
        for i in range(20)
    ]
    rows += [
        {"comment": f"Waited hours {i}", "Timeliness of care": 1, "sentiment": 5, "question_type": "could_improve"}
        for i in range(20)
    ]
    source, model = tmp_path / "labelled.csv", tmp_path / "m.joblib"
    pd.DataFrame(rows).fillna({name: 0 for name in learnable_subcategories()}).to_csv(source, index=False)
    assert run("train", "--data", source, "--no-sentiment-question", "-o", model).exit_code == 0
    trained = joblib.load(model)
    assert trained.metadata["options"]["sentiment_uses_question"] is False
    assert not trained.sentiment_weights[:, trained.features.question_columns()].any()


def test_train_without_labels_fails_clearly(tmp_path):
    source = tmp_path / "unlabelled.csv"
    pd.DataFrame({"comment": ["a", "b", "c"]}).to_csv(source, index=False)
    result = run("train", "--data", source, "-o", tmp_path / "m.joblib")
    assert result.exit_code == 1 and "subcategory columns" in result.output


def test_classify_with_a_file_that_is_not_a_model(tmp_path, comments_csv):
    fake = tmp_path / "fake.joblib"
    fake.write_text("not a model")
    result = run("classify", comments_csv, "--text-column", "free_text", "--model", fake, "-o", tmp_path / "o.csv")
    assert result.exit_code == 1 and "not a coqi.text model" in result.output


def test_registered_under_the_coqi_command(comments_csv, tmp_path):
    from coqi.cli import app as coqi_app

    out = tmp_path / "out.csv"
    result = runner.invoke(
        coqi_app, ["text", "redact", str(comments_csv), "--text-column", "free_text", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out)["free_text"][0].startswith("Nurse [PERSON]")


HOSTILE = '=HYPERLINK("http://evil.example", "Click")'


@pytest.mark.parametrize("command", ["redact", "classify"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_formula_in_a_comment_comes_out_inert(command, suffix, tmp_path):
    import openpyxl

    source = tmp_path / "in.csv"
    pd.DataFrame({"text": [HOSTILE, "-5", "Lovely staff"], "=head": ["@SUM(A1)", "1", "2"]}).to_csv(source, index=False)
    out = tmp_path / f"out{suffix}"
    result = run(command, source, "--text-column", "text", "-o", out)
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        frame = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert frame["text"][0].startswith("'=") and frame["text"][1] == "-5"  # a plain number stays a number
        assert "'=head" in frame.columns and frame["'=head"][0] == "'@SUM(A1)"
    else:
        sheet = openpyxl.load_workbook(out).active
        cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        hostile = [cell for cell in cells if cell.value.startswith(("=", "@"))]
        assert {cell.value for cell in hostile} >= {"=head", "@SUM(A1)"}
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)  # text, never a formula


def test_a_nul_deep_in_the_file_is_refused_naming_row_and_column(tmp_path):
    source = tmp_path / "nul.csv"
    rows = ["id,text"] + [f"{n},comment number {n}" for n in range(1, 600)]
    rows[500] = "500,bro\x00ken"  # far past the first 4,096 bytes
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("redact", source, "--text-column", "text", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "row 501" in result.output and "“text”" in result.output and "NUL" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_a_control_character_in_a_workbook_cell_is_refused(tmp_path):
    source = tmp_path / "in.xlsx"
    pd.DataFrame({"text": ["fine", "C1 control\x9f"]}).to_excel(source, index=False)  # openpyxl writes C1
    result = run("redact", source, "--text-column", "text", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and "row 3" in result.output and "U+009F" in result.output


def test_a_control_character_in_an_argument_is_a_clear_message(comments_csv, tmp_path):
    result = run("redact", comments_csv, "--text-column", "free\x1b[31mtext", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert "--text-column" in result.output and "U+001B" in result.output and "\x1b[31m" not in result.output
