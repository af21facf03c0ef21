"""The board report's queries do not grow with measures or projects, with its chart cache in the shared cache —
the database's (as production by default) or the real Redis when COQI_TEST_REDIS=1 (ADR 0043)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.config.shared_cache import shared_cache
from tests.reports.helpers import TODAY, add_project, full_organisation

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


def _history(days: range, per_day: int) -> bytes:
    rows = ["date,service,score,question,comment"]
    for back in days:
        day = (TODAY - timedelta(days=back)).isoformat()
        rows += [
            f"{day},Ward {n % 3},{1 + n % 5},Any comments?,Visit {back}-{n}: the nurses were kind"
            for n in range(per_day)
        ]
    return "\n".join(rows).encode()


def test_the_board_reports_feedback_comes_from_summaries_but_for_the_part_months_at_its_ends(
    trio, client_for, django_assert_max_num_queries
):
    """A year's feedback is read from the monthly summaries (ADR 0041): only the days of the first and last months
    that the period cuts reach the comments, so more history, or more comments in the months inside, cost
    nothing, and the figures still count every comment in the period to the day."""
    from coqi.experience import services as experience_services
    from coqi.experience.models import FeedbackComment

    client = client_for(trio.member)
    url = f"/o/{trio.organisation.slug}/board-report/"
    full_organisation(trio)

    def reads():
        with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        sqls = [q["sql"] for q in captured]
        raw = [sql for sql in sqls if FeedbackComment._meta.db_table in sql]
        for sql in raw:  # each raw read is bounded to a part of one month
            days = sorted(date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", sql))
            assert days and (days[-1] - days[0]).days < 31, sql
        return len(sqls), len(raw), response

    client.get(url)  # the chart cache is filled once
    before, raw_before, _ = reads()
    # Three years more history, and the months inside this year's period ten times as full.
    for name, days, per_day in (("old.csv", range(400, 1400, 3), 2), ("year.csv", range(40, 330, 2), 3)):
        experience_services.import_feedback(
            actor=trio.owner, organisation=trio.organisation, file_name=name, content=_history(days, per_day)
        )
    after, raw_after, response = reads()
    assert (after, raw_after) == (before, raw_before)
    assert raw_after <= 4  # % positive and themes, for each end of the period
    in_period = FeedbackComment.objects.filter(
        organisation=trio.organisation, received_on__gt=TODAY.replace(year=TODAY.year - 1)
    ).count()
    assert f"{in_period:,} comments from people about their care in the period" in response.content.decode()
