"""``coqi spc``: charts and tables from real CSV and XLSX files; bad input exits 1 naming the column."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from coqi.spc.cli import app

runner = CliRunner()


@pytest.fixture
def ae_frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frames = []
    for org in ("RAS", "RJZ"):
        values = rng.normal(3000, 200, 24).round()
        frames.append(
            pd.DataFrame(
                {
                    "period": pd.date_range("2020-04-01", periods=24, freq="MS").strftime("%Y-%m-%d"),
                    "org_code": org,
                    "breaches": values,
                    "days": 3000.0,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["note"] = None
    frame.loc[5, "note"] = "PDSA 1"
    return frame


@pytest.fixture
def ae_csv(tmp_path, ae_frame):
    path = tmp_path / "ae.csv"
    ae_frame.to_csv(path, index=False)
    return path


@pytest.fixture
def ae_xlsx(tmp_path, ae_frame):
    path = tmp_path / "ae.xlsx"
    frame = ae_frame.copy()
    frame["period"] = pd.to_datetime(frame["period"])  # a real Excel date column
    frame.to_excel(path, index=False, engine="openpyxl")
    return path


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_chart_svg_from_csv(ae_csv, tmp_path):
    out = tmp_path / "chart.svg"
    result = run(
        "chart",
        ae_csv,
        "--x",
        "period",
        "--y",
        "breaches",
        "--facet",
        "org_code",
        "--improvement",
        "decrease",
        "--target",
        "RAS=2000",
        "--target",
        "RJZ=5000",
        "--notes",
        "note",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())
    desc = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "RAS" in desc and "RJZ" in desc
    assert "consistently be met" in desc  # RJZ: target 5000 above its upper limit, lower is better


def test_chart_png_from_xlsx(ae_xlsx, tmp_path):
    out = tmp_path / "chart.png"
    result = run("chart", ae_xlsx, "--x", "period", "--y", "breaches", "--facet", "org_code", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_table_prints_points(ae_csv):
    result = runner.invoke(
        app, ["table", str(ae_csv), "--x", "period", "--y", "breaches", "--facet", "org_code"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    assert "RAS" in result.output and "2020-04-01" in result.output


def test_table_csv_matches_the_library(ae_csv, ae_frame, tmp_path):
    from coqi.spc.mdc import xmr

    out = tmp_path / "points.csv"
    result = run(
        "table",
        ae_csv,
        "--x",
        "period",
        "--y",
        "breaches",
        "--facet",
        "org_code",
        "--improvement",
        "decrease",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    expected = xmr(ae_frame, value="breaches", date="period", facet="org_code", improvement_direction="decrease")
    assert list(written.columns) == list(expected.points.columns)
    np.testing.assert_allclose(written["upl"], expected.points["upl"])
    assert written["point_type"].tolist() == expected.points["point_type"].astype(str).tolist()


def test_rebase_per_series(ae_csv, tmp_path):
    out = tmp_path / "points.csv"
    result = run(
        "table",
        ae_csv,
        "--x",
        "period",
        "--y",
        "breaches",
        "--facet",
        "org_code",
        "--rebase",
        "RJZ=2021-04-01",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    groups = pd.read_csv(out).groupby("f")["rebase_group"].max().to_dict()
    assert groups == {"RAS": 0, "RJZ": 1}


def test_table_from_xlsx(ae_xlsx, tmp_path):
    out = tmp_path / "points.csv"
    result = run("table", ae_xlsx, "--x", "period", "--y", "breaches", "--facet", "org_code", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 48


def test_unknown_column_exits_2_naming_it(ae_csv):
    result = run("chart", ae_csv, "--x", "period", "--y", "breachez", "-o", "x.svg")
    assert result.exit_code == 1
    assert "breachez" in result.output
    assert "Traceback" not in result.output


def test_non_numeric_value_exits_2_naming_column_and_row(tmp_path, ae_frame):
    ae_frame = ae_frame.astype({"breaches": object})
    ae_frame.loc[7, "breaches"] = "lots"
    path = tmp_path / "bad.csv"
    ae_frame.to_csv(path, index=False)
    result = run("table", path, "--x", "period", "--y", "breaches", "--facet", "org_code")
    assert result.exit_code == 1
    assert "'breaches'" in result.output and "row 8" in result.output and "lots" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_date_exits_2(tmp_path, ae_frame):
    ae_frame.loc[3, "period"] = "31/02/2020x"
    path = tmp_path / "bad.csv"
    ae_frame.to_csv(path, index=False)
    result = run("chart", path, "--x", "period", "--y", "breaches", "--facet", "org_code", "-o", tmp_path / "c.svg")
    assert result.exit_code == 1
    assert "'period'" in result.output and "row 4" in result.output


def test_bad_improvement_direction_is_a_usage_error(ae_csv):
    result = run("table", ae_csv, "--x", "period", "--y", "breaches", "--improvement", "sideways")
    assert result.exit_code == 2  # typer's own usage error
    assert "sideways" in result.output


def test_missing_file_exits_2(tmp_path):
    result = run("table", tmp_path / "nope.csv", "--x", "a", "--y", "b")
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_qic_only_options_with_mdc_are_refused(ae_csv):
    result = run("table", ae_csv, "--x", "period", "--y", "breaches", "--method", "mdc", "--chart", "u")
    assert result.exit_code == 1
    assert "--chart" in result.output


def test_help_reads_well():
    result = runner.invoke(app, ["chart", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for words in ("--improvement", "--target", "--chart", "--rebase", ".svg", "Making Data Count"):
        assert words in result.output


def test_qic_u_chart(ae_csv, tmp_path):
    out = tmp_path / "u.csv"
    result = run(
        "table",
        ae_csv,
        "--x",
        "period",
        "--y",
        "breaches",
        "--n",
        "days",
        "--chart",
        "u",
        "--multiply",
        "1000",
        "--facet",
        "org_code",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    points = pd.read_csv(out)
    assert {"cl", "ucl", "lcl"}.issubset(points.columns)
    assert points["y"].iloc[0] == pytest.approx(pd.read_csv(ae_csv)["breaches"].iloc[0] / 3000 * 1000)


def test_mdc_only_options_with_qic_are_refused(ae_csv):
    result = run("table", ae_csv, "--x", "period", "--y", "breaches", "--chart", "i", "--rebase", "2021-01-01")
    assert result.exit_code == 1
    assert "--rebase" in result.output


def test_short_groups_warn_in_one_line(tmp_path, ae_frame):
    path = tmp_path / "short.csv"
    ae_frame.head(8).to_csv(path, index=False)
    result = run("table", path, "--x", "period", "--y", "breaches", "-o", tmp_path / "p.csv")
    assert result.exit_code == 0
    assert "warning: Some groups have fewer than 13 points" in result.output
    assert "UserWarning" not in result.output


def test_a_damaged_workbook_is_a_clear_message(tmp_path):
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("table", source, "--x", "period", "--y", "breaches")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "could not be opened as an Excel workbook" in result.output


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"period,breaches\n2020-04-01,1\n2020-05-01,2\x003\n", "row 3"),
        (b"\x00\x00\x00p\x00e\x00r\x00i\x00o\x00d", "not a CSV text file"),
        (b"", "empty"),
    ],
)
def test_a_bad_csv_is_a_clear_message(tmp_path, content, expected):
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    result = run("table", source, "--x", "period", "--y", "breaches")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert expected in result.output


def test_table_output_neutralises_text_and_keeps_numbers(tmp_path):
    source = tmp_path / "in.csv"
    frame = pd.DataFrame(
        {
            "period": pd.date_range("2020-04-01", periods=12, freq="MS").strftime("%Y-%m-%d"),
            "value": [-5, 3, 4, -2, 6, 5, 4, 3, -1, 2, 3, 4],
            "notes": ['=HYPERLINK("http://evil.example")'] + [""] * 11,
        }
    )
    frame.to_csv(source, index=False)
    out = tmp_path / "points.csv"
    result = run("table", source, "--x", "period", "--y", "value", "--chart", "i", "--notes", "notes", "-o", out)
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out, keep_default_na=False)
    assert written["notes"][0].startswith("'=HYPERLINK")
    assert written["y"][0] == -5 and written["x"][0] == "2020-04-01"


def test_a_control_character_in_an_argument_is_refused(ae_csv):
    result = run("table", ae_csv, "--x", "per\x07iod", "--y", "breaches")
    assert result.exit_code == 1 and "--x" in result.output and "U+0007" in result.output
