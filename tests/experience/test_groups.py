"""Experience by demographic group: % positive with a 95% interval, top themes, small groups never shown."""

from datetime import date

import pytest
from django.urls import reverse

from coqi.experience import selectors
from tests.experience.test_selectors import _comment

pytestmark = pytest.mark.django_db
STAFF = "Staff manner & personal attributes"
WAIT = "Timeliness of care"


@pytest.fixture
def groups(trio):
    org = trio.organisation
    n = 0
    # 65+: 20 responses, 18 positive, mostly about staff. 18-34: 12 responses, 3 positive, mostly waiting.
    # 35-64: 4 responses (too few to show). 2 responses say nothing about age.
    for i in range(20):
        n += 1
        _comment(
            org,
            n,
            date(2025, 1, 1 + i),
            "Ward 7",
            1 if i < 18 else 5,
            [STAFF] if i < 15 else [WAIT],
            demographics={"age group": "65+", "ethnicity": "White British"},
        )
    for i in range(12):
        n += 1
        _comment(
            org,
            n,
            date(2025, 1, 1 + i),
            "Ward 7",
            2 if i < 3 else 4,
            [WAIT] if i < 10 else [STAFF],
            demographics={"age group": "18-34", "ethnicity": "Asian British"},
        )
    for i in range(4):
        n += 1
        _comment(org, n, date(2025, 1, 1 + i), "Ward 7", 1, [STAFF], demographics={"age group": "35-64"})
    for i in range(2):
        n += 1
        _comment(org, n, date(2025, 1, 1 + i), "Ward 7", 1, [STAFF])
    _comment(trio.other_organisation, 999, date(2025, 1, 1), "Ward 7", 5, [WAIT], demographics={"age group": "65+"})
    return org


def test_wilson_interval_matches_known_values():
    low, high = selectors.wilson_interval(18, 20)
    assert round(low, 1) == 69.9 and round(high, 1) == 97.2
    assert selectors.wilson_interval(0, 10)[0] == 0.0 and round(selectors.wilson_interval(0, 10)[1], 1) == 27.8
    assert selectors.wilson_interval(0, 0) == (0.0, 100.0)


def test_comparison_per_group_with_small_groups_left_out(groups):
    comparison = selectors.group_comparison(organisation=groups, column="age group")
    rows = {row.value: row for row in comparison.rows}
    assert set(rows) == {"18-34", "65+"}
    assert comparison.suppressed == 1 and comparison.no_answer == 2
    assert (rows["65+"].responses, rows["65+"].positive, rows["65+"].percent_positive) == (20, 18, 90.0)
    assert rows["18-34"].percent_positive == 25.0
    assert rows["65+"].top_themes == [(STAFF, 15), (WAIT, 5)]
    assert rows["18-34"].top_themes[0] == (WAIT, 10)
    # the two intervals do not overlap: the difference is not chance
    assert rows["18-34"].interval[1] < rows["65+"].interval[0]


def test_comparison_ignores_the_group_filter_but_keeps_the_others(groups):
    filters = selectors.Filters(group="age group=65+", date_to=date(2025, 1, 10))
    rows = {
        r.value: r.responses
        for r in selectors.group_comparison(organisation=groups, column="age group", filters=filters).rows
    }
    assert rows == {"65+": 10, "18-34": 10}


def test_dashboard_compares_groups_and_suppresses_small_ones(groups, trio, client_for, django_assert_max_num_queries):
    client = client_for(trio.member)
    url = reverse("experience:dashboard", kwargs={"org_slug": groups.slug})
    with django_assert_max_num_queries(40):
        page = client.get(url, {"compare": "age group"}).content.decode()
    assert 'id="group-table"' in page and "90%" in page and "70–97%" in page
    assert "35-64</a>" not in page and "1 smaller group not shown" in page
    by_ethnicity = client.get(url, {"compare": "ethnicity"}).content.decode()
    assert "Asian British" in by_ethnicity
    small = client.get(url, {"group": "age group=35-64"}).content.decode()
    assert 'id="group-suppressed"' in small and 'id="sentiment-table"' not in small
    big = client.get(url, {"group": "age group=65+"}).content.decode()
    assert "20 responses" in big and 'id="sentiment-table"' in big


def test_dashboard_without_demographics_says_how_to_add_them(trio, client_for):
    _comment(trio.organisation, 1, date(2025, 1, 1), "Ward 7", 1, [STAFF])
    page = client_for(trio.member).get(reverse("experience:dashboard", kwargs={"org_slug": "riverside-test"}))
    assert "No demographic columns have been imported yet" in page.content.decode()
