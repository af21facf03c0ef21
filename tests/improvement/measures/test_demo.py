from datetime import date

import pytest

from coqi.improvement.demo import load_improvement_demo
from coqi.improvement.selectors import measures as selectors
from tests.improvement.helpers import add_to_team, make_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title",
    [
        "Fewer falls on Ward 7",
        "Discharge letters with carers",
        "Easier GP appointments",
        "Waiting times in community mental health",
        "Something else",
    ],
)
def test_demo_fills_each_project_once_with_24_months_a_signal_and_pdsa_marks(trio, title):
    project = make_project(trio.organisation, title=title, created_by=trio.member)
    add_to_team(project, trio.member)
    add_to_team(project, trio.partner)
    assert load_improvement_demo([project], today=date(2026, 11, 25)) == 1
    assert load_improvement_demo([project], today=date(2026, 11, 25)) == 0  # idempotent
    summaries = selectors.project_summary(project=project)
    assert summaries and all(len(chart.rows) >= 24 for s in summaries for chart in s.charts)
    assert all(chart.rows[-1].period == date(2026, 10, 1) for s in summaries for chart in s.charts)
    first = selectors.measure_charts(measure=project.measures.order_by("pk").first(), draw=False)[0]
    assert first.signal_count > 0 or first.runs_signal
    assert any("PDSA 1" in row.notes for row in first.rows)
    assert project.pdsa_cycles.first().participants.count() == 2
