"""`coqi feedback import FILE --organisation SLUG` on a real file."""

import pytest
from typer.testing import CliRunner

from coqi.cli import app
from coqi.experience.models import FeedbackComment
from tests.experience.samples import CSV

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_imports_a_file_with_progress_and_skips_it_the_second_time(trio, tmp_path):
    path = tmp_path / "fft.csv"
    path.write_text(CSV + "2025-02-04,Maternity,1,What was good?,Dr Priya Ramanathan was brilliant.\n")
    result = runner.invoke(app, ["feedback", "import", str(path), "--organisation", trio.organisation.slug])
    assert result.exit_code == 0, result.output
    assert "4 new responses imported into Riverside Test Trust" in result.output
    assert "Ramanathan" not in " ".join(FeedbackComment.objects.values_list("text", flat=True))
    again = runner.invoke(app, ["feedback", "import", str(path), "--organisation", trio.organisation.slug])
    assert "0 new responses imported" in again.output and "4 were already there" in again.output


def test_a_bad_file_lists_problems_and_exits_1(trio, tmp_path):
    path = tmp_path / "fft.csv"
    path.write_text("date,service,score,comment\nyesterday,Ward 7,1,Good\n")
    result = runner.invoke(app, ["feedback", "import", str(path), "--organisation", trio.organisation.slug])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output and "Row 2, column “date”" in result.output
    assert FeedbackComment.objects.count() == 0


def test_an_unknown_organisation_is_refused_with_exit_1(db, tmp_path):
    path = tmp_path / "fft.csv"
    path.write_text(CSV)
    result = runner.invoke(app, ["feedback", "import", str(path), "--organisation", "nowhere"])
    assert result.exit_code == 1 and "Error: No organisation" in result.output


def test_a_control_character_in_the_slug_is_refused_by_name(db, tmp_path):
    path = tmp_path / "fft.csv"
    path.write_text(CSV)
    result = runner.invoke(app, ["feedback", "import", str(path), "--organisation", "trust\x00"])
    assert result.exit_code == 1 and "--organisation holds" in result.output, result.output
    assert FeedbackComment.objects.count() == 0
