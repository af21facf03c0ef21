import pytest

from coqi.measures import selectors
from coqi.measures.demo import load_improvement_demo

pytestmark = pytest.mark.django_db


def test_demo_fills_a_project_once_with_signals_and_marks(setup):
    assert load_improvement_demo([setup.project]) == 1
    assert load_improvement_demo([setup.project]) == 0  # idempotent
    summaries = selectors.project_summary(project=setup.project)
    assert len(summaries) == 4 and all(s.point_count >= 26 for s in summaries)
    charts = selectors.measure_charts(measure=setup.project.measures.get(name="Repeat questions to staff"), draw=False)
    assert charts[0].signal_count > 0 and any("PDSA 1" in r.notes for r in charts[0].rows)
