"""Downloads for a board paper: the chart as SVG and PNG, its data with limits, signals, phases and marks as CSV
and Excel, every text cell neutralised against formulas; the team may download, outsiders get 404."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from coqi.improvement.services import phases as phase_services
from tests.improvement.measures.test_phases import make_measure, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(setup, trio):
    measure = make_measure(setup, trio)
    start(trio, measure)
    phase_services.add_note(actor=trio.member, measure=measure, period=date(2023, 4, 1), text='=HYPERLINK("x")')
    phase_services.exclude_period(actor=trio.member, measure=measure, period=date(2023, 6, 1), reason="Data gap")
    return measure


def base(setup, measure):
    return f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/measures/{measure.pk}/"


def test_chart_downloads_as_svg_and_png(setup, trio, measure, client_for):
    client = client_for(trio.partner)
    svg = client.get(base(setup, measure) + "chart.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in svg["Content-Disposition"] and svg.content.decode().count("<svg") == 1
    assert "<title" in svg.content.decode() and "Phase 2" in svg.content.decode()
    png = client.get(base(setup, measure) + "chart.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and len(png.content) > 10_000


def test_data_downloads_with_limits_signals_phases_and_marks(setup, trio, measure, client_for):
    client = client_for(trio.partner)
    text = client.get(base(setup, measure) + "chart-data.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:3] == ["Period", "Phase", "Value"] and "Upper limit" in header and "Signal" in header
    assert len(rows) == 25
    by_period = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_period["2024-01-01"]["Phase"] == "2" and "January 2024" in by_period["2024-01-01"][header[-1]]
    assert by_period["2023-06-01"]["Left out of the limits because"] == "Data gap"
    assert by_period["2023-04-01"]["Marked on the chart"] == '\'=HYPERLINK("x")'  # neutralised

    book = load_workbook(io.BytesIO(client.get(base(setup, measure) + "chart-data.xlsx").content))
    sheet = book["Chart data"]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    note = [row for row in sheet.iter_rows(min_row=2) if row[10].value][0][10]
    assert note.data_type == "s" and note.quotePrefix and note.value == '=HYPERLINK("x")'
    assert len(cells) == 24 and sheet.cell(1, 7).value == "Lower limit"


def test_downloads_are_for_the_team_only(setup, trio, measure, client_for):
    for tail in ("chart.svg", "chart.png", "chart-data.csv", "chart-data.xlsx"):
        assert client_for(trio.outsider).get(base(setup, measure) + tail).status_code == 404
        assert client_for(trio.partner).get(base(setup, measure) + tail + "?group=nope").status_code == 404
