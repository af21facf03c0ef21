"""The board report's queries do not grow with measures or projects, with its chart cache in the shared cache —
the database's (as production by default) or the real Redis when COQI_TEST_REDIS=1 (ADR 0043)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.config.shared_cache import shared_cache
from tests.reports.helpers import add_project, full_organisation

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_board_report_costs_the_same_with_2_or_20_measures(trio, client_for):
    client = client_for(trio.member)
    url = f"/o/{trio.organisation.slug}/board-report/"
    full_organisation(trio)  # one project with a measure, and something in every other section
    add_project(trio, "Second measure's project", measures=1)
    with shared_cache():
        small_cold, small_warm = _queries(client, url), _queries(client, url)
        small_pdf = _queries(client, url + "board-report.pdf")
    for number in range(9):
        add_project(trio, f"Extra project {number}", measures=2)
    assert trio.organisation.projects.count() == 13
    with shared_cache():
        big_cold, big_warm = _queries(client, url), _queries(client, url)
        big_pdf = _queries(client, url + "board-report.pdf")
        html = client.get(url).content.decode()
    assert html.count("Extra project") >= 18  # the 18 new measures are in it
    assert (big_cold, big_warm, big_pdf) == (small_cold, small_warm, small_pdf)
    # cold: the cache's count, delete and insert (and the savepoint round them), once for all measures
    assert big_cold - big_warm <= 5
