"""Charts read their cache in one get_many and store what was missing in one set_many, on the shared cache: the
real Redis when COQI_TEST_REDIS=1, else the database cache (ADR 0043)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coqi.improvement.charts import build_many
from coqi.improvement.models import Measure
from tests.config.shared_cache import on_redis, shared_cache
from tests.improvement.measures.test_charts import points

pytestmark = pytest.mark.django_db


def _series(count: int):
    return [
        (
            Measure(
                pk=100 + n,
                name=f"Falls {n}",
                unit="falls",
                chart_type="xmr",
                improvement_direction="decrease",
                target=3,
                multiply=1,
            ),
            points([5 + (n + i) % 4 for i in range(15)]) + points([2, 3] * 7, group="Night"),
            (),
        )
        for n in range(count)
    ]


def _cache_queries(series, draw):
    with CaptureQueriesContext(connection) as captured:
        charts = build_many(series=series, draw=draw)
    return charts, [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()]


@pytest.mark.parametrize("draw", [False, True])
def test_a_page_of_charts_makes_two_cache_round_trips_however_many_measures(draw):
    with shared_cache():
        few_cold = _cache_queries(_series(2), draw)[1]
        few_warm = _cache_queries(_series(2), draw)[1]
        charts, many_cold = _cache_queries(_series(12), draw)
        warm_charts, many_warm = _cache_queries(_series(12), draw)
    assert [[c.rows for c in cs] for cs in charts] == [[c.rows for c in cs] for cs in warm_charts]
    assert len(charts) == 12 and all(len(cs) == 2 for cs in charts)  # two groups each
    if draw:
        assert all(c.svg.startswith("<svg") for cs in warm_charts for c in cs)
    if on_redis():
        assert few_cold == few_warm == many_cold == many_warm == []  # Redis: no database query at all
    else:
        pictures = 2 if draw else 1  # figures, then pictures: one get_many each
        assert len(few_warm) == len(many_warm) == pictures
        assert len(few_cold) == len(many_cold) == pictures * 4  # get_many; count, delete, insert
