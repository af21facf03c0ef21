"""Reads on known data: % positive per month, theme counts, filters, sentiment mix."""

from datetime import date

import pytest

from coqi.experience import selectors, services, summaries
from coqi.experience.models import CommentTheme, FeedbackComment

pytestmark = pytest.mark.django_db


def _comment(org, n, received_on, service, score, themes=(), sentiment=None, demographics=None, text="words"):
    comment = FeedbackComment.objects.create(
        organisation=org,
        received_on=received_on,
        service=service,
        fft_score=score,
        text=f"{text} {n}",
        themes=list(themes),
        sentiment=sentiment,
        demographics=demographics or {},
        fingerprint=f"fp{n}",
    )
    CommentTheme.objects.bulk_create(CommentTheme(comment=comment, organisation=org, name=t) for t in themes)
    # Made here without an import, as the benchmark's bulk loader does, so the summaries are rebuilt as it does.
    summaries.rebuild(organisation=org)
    return comment


@pytest.fixture
def known(trio):
    org = trio.organisation
    # January: 3 scored on Ward 7, 2 positive; February: 2 scored, 1 positive; Maternity 1 in February.
    _comment(org, 1, date(2025, 1, 3), "Ward 7", 1, ["Staff manner & personal attributes"], 1, {"age group": "65+"})
    _comment(org, 2, date(2025, 1, 9), "Ward 7", 2, ["Staff manner & personal attributes"], 2, {"age group": "18-34"})
    _comment(org, 3, date(2025, 1, 20), "Ward 7", 5, ["Timeliness of care"], 5, {"age group": "65+"}, text="waited")
    _comment(org, 4, date(2025, 2, 2), "Ward 7", 1, ["Timeliness of care", "Staff manner & personal attributes"], 3)
    _comment(org, 5, date(2025, 2, 14), "Ward 7", 4, ["Timeliness of care"], 4, text="waited")
    _comment(org, 6, date(2025, 2, 15), "Maternity", None, [], None)
    _comment(trio.other_organisation, 7, date(2025, 1, 3), "Ward 7", 5, ["Timeliness of care"], 5)
    return org


def test_percent_positive_per_month(known):
    months = selectors.monthly(organisation=known)
    assert [(m.month, m.responses, m.scored, m.positive) for m in months] == [
        (date(2025, 1, 1), 3, 3, 2),
        (date(2025, 2, 1), 3, 2, 1),
    ]
    assert round(months[0].percent_positive, 1) == 66.7


def test_filters(known):
    F = selectors.Filters
    count = lambda **kw: selectors.comments_in(organisation=known, filters=F(**kw)).count()  # noqa: E731
    assert count() == 6
    assert count(service="Maternity") == 1
    assert count(theme="Timeliness of care") == 3
    assert count(sentiment=5) == 1
    assert count(group="age group=65+") == 2
    assert count(date_from=date(2025, 2, 1)) == 3
    assert count(date_to=date(2025, 1, 31)) == 3
    assert count(search="WAITED") == 2


def test_filters_from_a_query_ignore_nonsense():
    filters = selectors.Filters.from_query({"sentiment": "9", "from": "not a date", "service": " Ward 7 "})
    assert filters == selectors.Filters(service="Ward 7")
    assert filters.querystring(page=2) == "service=Ward+7&page=2"


def test_theme_counts_over_time(known):
    table = selectors.themes_over_time(organisation=known)
    assert table.months == [date(2025, 1, 1), date(2025, 2, 1)]
    assert table.rows == [("Staff manner & personal attributes", [2, 1], 3), ("Timeliness of care", [1, 2], 3)]
    by_service = selectors.themes_over_time(organisation=known, filters=selectors.Filters(group="age group=65+"))
    assert by_service.rows == [("Staff manner & personal attributes", [1], 1), ("Timeliness of care", [1], 1)]


def test_sentiment_mix(known):
    mix = {value: count for value, _, count, _ in selectors.sentiment_mix(organisation=known)}
    assert mix == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, None: 1}


def test_percent_positive_chart_is_a_p_chart_with_inline_svg(known):
    chart = selectors.percent_positive_chart(months=selectors.monthly(organisation=known), title="FFT % positive")
    assert [round(row.value, 1) for row in chart.rows] == [66.7, 50.0]
    assert "<svg" in chart.svg and "style=" not in chart.svg
    assert selectors.percent_positive_chart(months=selectors.monthly(organisation=known)[:1], title="x") is None


def test_services_themes_and_groups_for_the_filters(known):
    assert selectors.services_of(organisation=known) == ["Maternity", "Ward 7"]
    assert selectors.themes_of(organisation=known) == ["Staff manner & personal attributes", "Timeliness of care"]
    assert selectors.demographic_groups(organisation=known) == [("age group", "18-34"), ("age group", "65+")]


def test_mapping_defaults_until_saved(trio):
    mapping = services.mapping_for(organisation=trio.organisation)
    assert mapping.pk is None and mapping.text_column == "comment"
