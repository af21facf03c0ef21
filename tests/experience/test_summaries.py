"""The summary tables equal the comments after any imports and corrections, and the pages that read them cost the
same however many comments there are (ADR 0041).

The reference here is deliberately plain: every comment of the organisation in Python, filtered and counted in
loops, so it shares nothing with either the summary tables or the selectors' raw-comment fallback."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coqi.experience import corrections, selectors, services, summaries
from coqi.experience.models import (
    FeedbackComment,
    FeedbackFacet,
    FeedbackGroupMonth,
    FeedbackGroupThemeMonth,
    FeedbackMonth,
    FeedbackThemeMonth,
    FeedbackThemePairMonth,
)
from coqi.text import framework

pytestmark = pytest.mark.django_db
F = selectors.Filters
SERVICES = ["Ward 7", "Maternity", "A&E"]
AGES = ["", "18-34", "35-64", "65+"]
ETHNICITIES = ["", "White British", "Asian British"]
TEXTS = [
    "The nurses were kind and explained everything",
    "I waited five hours and nobody told me why",
    "Clean ward and lovely midwives",
    "The food was cold and the parking was expensive",
    "Doctor listened to me and thank you",
    "Nothing",
    "Rude receptionist and a long wait for pain relief",
]
SUMMARY_MODELS = [
    FeedbackMonth,
    FeedbackThemeMonth,
    FeedbackGroupMonth,
    FeedbackGroupThemeMonth,
    FeedbackThemePairMonth,
    FeedbackFacet,
]


# ---- the plain reference -------------------------------------------------------------------------------------


def _all(organisation) -> list[dict]:
    rows = []
    for c in organisation.feedback_comments.prefetch_related("theme_rows"):
        rows.append(
            {
                "received_on": c.received_on,
                "month": c.received_on.replace(day=1),
                "service": c.service,
                "fft_score": c.fft_score,
                "sentiment": c.sentiment,
                "text": c.text,
                "themes": sorted(t.name for t in c.theme_rows.all()),
                "demographics": {str(k): str(v) for k, v in c.demographics.items() if v not in (None, "")},
            }
        )
    return rows


def _matching(rows, f: selectors.Filters) -> list[dict]:
    found = []
    for r in rows:
        if f.service and r["service"] != f.service:
            continue
        if f.theme and f.theme not in r["themes"]:
            continue
        if f.sentiment and r["sentiment"] != f.sentiment:
            continue
        if f.group and "=" in f.group:
            column, value = f.group.split("=", 1)
            if r["demographics"].get(column) != value:
                continue
        if f.date_from and r["received_on"] < f.date_from:
            continue
        if f.date_to and r["received_on"] > f.date_to:
            continue
        if f.search and f.search.lower() not in r["text"].lower():
            continue
        found.append(r)
    return found


def _monthly(rows):
    by_month: dict[date, list] = {}
    for r in rows:
        by_month.setdefault(r["month"], []).append(r)
    return [
        (
            month,
            len(rs),
            sum(r["fft_score"] is not None for r in rs),
            sum(r["fft_score"] in (1, 2) for r in rs),
        )
        for month, rs in sorted(by_month.items())
    ]


def _sentiments(rows):
    return {value: n for value, n in Counter(r["sentiment"] for r in rows).items()}


def _theme_counts(rows):
    counts = Counter(t for r in rows for t in r["themes"])
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _themes_over_time(everything, f, months, top):
    last = f.date_to.replace(day=1) if f.date_to else max((r["month"] for r in everything), default=None)
    if last is None:
        return [], []
    first = selectors.add_months(last, 1 - months)
    if f.date_from and f.date_from > first:
        first = f.date_from
    end = f.date_to or selectors.month_end(last)
    rows = [r for r in _matching(everything, f) if first <= r["received_on"] <= end]
    counts: dict[str, Counter] = {}
    for r in rows:
        for t in r["themes"]:
            counts.setdefault(t, Counter())[r["month"]] += 1
    seen = sorted({m for c in counts.values() for m in c})
    shown = []
    if seen:
        m = seen[0]
        while m <= seen[-1]:
            shown.append(m)
            m = selectors.add_months(m, 1)
    ranked = sorted(((sum(c.values()), name) for name, c in counts.items()), key=lambda t: (-t[0], t[1]))[:top]
    return shown, [(name, [counts[name].get(m, 0) for m in shown], total) for total, name in ranked]


def _group_comparison(everything, column, f):
    rows = _matching(everything, replace(f, group=""))
    by_value: dict[str, list] = {}
    no_answer = 0
    for r in rows:
        value = r["demographics"].get(column)
        if value is None:
            no_answer += 1
        else:
            by_value.setdefault(value, []).append(r)
    shown, suppressed = [], 0
    for value, rs in sorted(by_value.items()):
        if len(rs) < selectors.SMALL_GROUP:
            suppressed += 1
            continue
        # With a theme chosen the groups are compared without their top themes (ADR 0041).
        themes = [] if f.theme else _theme_counts(rs)[:3]
        shown.append(
            (
                value,
                len(rs),
                sum(r["fft_score"] is not None for r in rs),
                sum(r["fft_score"] in (1, 2) for r in rs),
                themes,
            )
        )
    return shown, suppressed, no_answer


# ---- comparing every selector with the reference ------------------------------------------------------------


def _filters_to_check(everything) -> list[selectors.Filters]:
    themes = sorted({t for r in everything for t in r["themes"]})
    groups = sorted({f"{k}={v}" for r in everything for k, v in r["demographics"].items()})
    months = sorted({r["month"] for r in everything})
    checks = [F(), F(service="Ward 7"), F(sentiment=2), F(sentiment=5), F(search="wait")]
    if themes:
        checks += [F(theme=themes[0]), F(theme=themes[-1], service="Maternity"), F(theme=themes[0], sentiment=1)]
    if groups:
        checks += [F(group=groups[0]), F(group=groups[-1], service="Ward 7"), F(group=groups[0], sentiment=4)]
    if themes and groups:
        checks += [F(group=groups[0], theme=themes[0]), F(group=groups[-1], theme=themes[-1], service="A&E")]
    if months:
        whole = F(date_from=months[len(months) // 2], date_to=selectors.month_end(months[-1]))
        checks += [whole, replace(whole, service="Ward 7"), F(date_to=selectors.month_end(months[0]))]
        # Days that are not whole months: the raw comments within them.
        checks += [F(date_from=months[0].replace(day=10), date_to=months[-1].replace(day=20))]
        checks += [F(date_from=months[-1].replace(day=3)), F(date_to=months[0].replace(day=27))]
        checks += [F(date_from=months[0].replace(day=2), date_to=months[0].replace(day=25), sentiment=2)]
        if themes:
            checks += [replace(whole, theme=themes[0]), replace(whole, sentiment=3)]
            checks += [replace(whole, theme=themes[-1], service="Ward 7"), replace(whole, theme=themes[0], sentiment=2)]
        if groups:
            checks += [replace(whole, group=groups[0]), replace(whole, group=groups[-1], service="Maternity")]
    return checks


def assert_summaries_equal_the_comments(organisation):
    everything = _all(organisation)
    assert selectors.services_of(organisation=organisation) == sorted({r["service"] for r in everything})
    assert selectors.themes_of(organisation=organisation) == sorted({t for r in everything for t in r["themes"]})
    groups = sorted({(k, v) for r in everything for k, v in r["demographics"].items()})
    assert selectors.demographic_groups(organisation=organisation) == groups
    columns = sorted({k for k, _ in groups})
    assert selectors.demographic_columns(organisation=organisation) == columns
    assert selectors.theme_counts(organisation=organisation) == _theme_counts(everything)
    for f in _filters_to_check(everything):
        rows = _matching(everything, f)
        months = selectors.monthly(organisation=organisation, filters=f)
        assert [(m.month, m.responses, m.scored, m.positive) for m in months] == _monthly(rows), f
        mix = selectors.sentiment_mix(organisation=organisation, filters=f)
        assert {value: n for value, _, n, _ in mix if n} == _sentiments(rows), f
        assert selectors.theme_counts(organisation=organisation, filters=f) == _theme_counts(rows), f
        for months_shown, top in ((6, 12), (48, 5)):
            table = selectors.themes_over_time(organisation=organisation, filters=f, months=months_shown, top=top)
            assert (table.months, table.rows) == _themes_over_time(everything, f, months_shown, top), f
        for column in columns:
            comparison = selectors.group_comparison(organisation=organisation, column=column, filters=f)
            got = [(g.value, g.responses, g.scored, g.positive, g.top_themes) for g in comparison.rows]
            assert (got, comparison.suppressed, comparison.no_answer) == _group_comparison(everything, column, f), f
            assert all(g.responses >= selectors.SMALL_GROUP for g in comparison.rows)
    # And nothing drifted in rows no selector above happened to read: a rebuild from scratch gives the same rows.
    kept = _summary_rows(organisation)
    summaries.rebuild(organisation=organisation)
    assert _summary_rows(organisation) == kept


def _summary_rows(organisation) -> dict[str, list]:
    return {
        model.__name__: sorted(
            tuple(row.values())
            for row in model.objects.filter(organisation=organisation).values(
                *[f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "organisation_id")]
            )
        )
        for model in SUMMARY_MODELS
    }


# ---- the property: any sequence of imports and corrections --------------------------------------------------

row = st.tuples(
    st.integers(0, 30),  # month, counted back from December 2025
    st.integers(1, 28),
    st.sampled_from(SERVICES),
    st.sampled_from(["", "1", "2", "3", "4", "5", "6"]),
    st.sampled_from(TEXTS),
    st.sampled_from(AGES),
    st.sampled_from(ETHNICITIES),
)
THEMES = [name for name in framework.subcategories() if name != framework.NOT_POSSIBLE]
correction = st.tuples(
    st.integers(0, 10_000),  # which comment, modulo how many there are
    st.one_of(
        st.just(([framework.NOT_POSSIBLE], None)),
        st.tuples(st.lists(st.sampled_from(THEMES[:8]), min_size=1, max_size=3, unique=True), st.integers(1, 5)),
    ),
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("import"), st.lists(row, min_size=1, max_size=25)),
        st.tuples(st.just("relabel"), correction),
    ),
    min_size=1,
    max_size=5,
)


def _csv(rows) -> bytes:
    lines = ["date,service,score,comment,age group,ethnicity"]
    for back, day, service, score, text, age, ethnicity in rows:
        month = selectors.add_months(date(2025, 12, 1), -back)
        lines.append(f"{month.replace(day=day).isoformat()},{service},{score},{text} ({day}),{age},{ethnicity}")
    return "\n".join(lines).encode()


@pytest.fixture
def organisations(trio):
    from tests.factories import OrganisationFactory

    made = iter(range(10_000))

    def fresh():
        organisation = OrganisationFactory(name=f"Property Trust {next(made)}")
        services.save_mapping(actor=None, organisation=organisation, demographic_columns="age group, ethnicity")
        return organisation

    return fresh


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
def test_summaries_equal_the_comments_after_any_imports_and_corrections(trio, organisations, plan):
    organisation = organisations()
    for kind, detail in plan:
        if kind == "import":
            services.import_feedback(
                actor=trio.owner, organisation=organisation, file_name="fft.csv", content=_csv(detail)
            )
        else:
            which, (themes, sentiment) = detail
            comments = list(organisation.feedback_comments.order_by("pk"))
            if comments:
                corrections.relabel_comment(
                    actor=trio.owner,
                    organisation=organisation,
                    comment=comments[which % len(comments)],
                    themes=themes,
                    sentiment=sentiment,
                )
    assert_summaries_equal_the_comments(organisation)


def test_groups_under_ten_stay_hidden_and_a_big_import_adds_to_what_is_there(trio, organisations):
    organisation = organisations()
    many = [(0, 1 + i % 28, "Ward 7", "1", TEXTS[i % 7] + f" {i}", "65+" if i < 12 else "18-34", "") for i in range(20)]
    services.import_feedback(actor=trio.owner, organisation=organisation, file_name="a.csv", content=_csv(many))
    comparison = selectors.group_comparison(organisation=organisation, column="age group")
    assert [g.value for g in comparison.rows] == ["65+"] and comparison.suppressed == 1
    more = [(1, 1 + i % 28, "Maternity", "4", f"Later comment {i}", "18-34", "Asian British") for i in range(5)]
    services.import_feedback(actor=trio.owner, organisation=organisation, file_name="b.csv", content=_csv(more))
    comparison = selectors.group_comparison(organisation=organisation, column="age group")
    assert [(g.value, g.responses) for g in comparison.rows] == [("18-34", 13), ("65+", 12)]
    assert_summaries_equal_the_comments(organisation)


# ---- cost: the pages read summaries, and their queries do not grow with comments or months --------------------


def _year_of_comments(year: int, per_month: int) -> bytes:
    lines = ["date,service,score,comment,age group"]
    for month in range(1, 13):
        for i in range(per_month):
            lines.append(
                f"{year}-{month:02d}-{1 + i % 28:02d},Ward {i % 4},{1 + i % 5},"
                f"{TEXTS[i % 7]} number {year}-{month}-{i},{AGES[1 + i % 3]}"
            )
    return "\n".join(lines).encode()


def _dashboard_reads(client, organisation, params) -> tuple[int, list[str]]:
    url = reverse("experience:dashboard", kwargs={"org_slug": organisation.slug})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries), [q["sql"] for q in queries]


# (filters, how many queries read comments): only a theme and a group together read comments, the theme's other
# themes within that group over the months shown (ADR 0041); everything else is summaries.
DASHBOARD_VIEWS = [
    ({}, 0),
    ({"service": "Ward 1"}, 0),
    ({"sentiment": "2"}, 0),
    ({"group": "age group=65+"}, 0),
    # A theme: its comments' other themes come from the pairs of themes; the groups are compared without them.
    ({"theme": "Staff manner & personal attributes"}, 0),
    ({"theme": "Staff manner & personal attributes", "group": "age group=18-34"}, 1),
    ({"compare": "age group", "from": "2024-03-01", "to": "2024-11-30"}, 0),
]


def test_the_dashboard_reads_no_comments_and_its_queries_do_not_grow(trio, client_for):
    organisation = trio.organisation
    services.save_mapping(actor=None, organisation=organisation, demographic_columns="age group")
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2024.csv", content=_year_of_comments(2024, 4)
    )
    client = client_for(trio.member)
    before = [_dashboard_reads(client, organisation, params) for params, _ in DASHBOARD_VIEWS]
    # Ten times the comments, and a year more history.
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2025.csv", content=_year_of_comments(2025, 30)
    )
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2024b.csv", content=_year_of_comments(2024, 30)
    )
    after = [_dashboard_reads(client, organisation, params) for params, _ in DASHBOARD_VIEWS]
    assert [n for n, _ in after] == [n for n, _ in before]
    comments_table = FeedbackComment._meta.db_table
    for (params, raw), (_, sqls) in zip(DASHBOARD_VIEWS, after):
        assert len([sql for sql in sqls if comments_table in sql]) == raw, params
    assert max(n for n, _ in after) <= 22


def test_the_api_theme_counts_read_no_comments_and_do_not_grow(trio, bearer):
    from django.test import Client

    organisation = trio.organisation
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2024.csv", content=_year_of_comments(2024, 2)
    )
    client, headers = Client(), bearer(trio.member)
    url = f"/api/v1/organisations/{organisation.slug}/feedback/themes"
    asks = [{}, {"service": "Ward 2"}, {"sentiment": 1, "date_from": "2024-02-01", "date_to": "2024-05-31"}]

    def reads():
        found = []
        for params in asks:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params, **headers).status_code == 200
            found.append([q["sql"] for q in queries])
        return found

    reads()  # the token's first use is recorded once
    before = reads()
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2025.csv", content=_year_of_comments(2025, 20)
    )
    after = reads()
    assert [len(q) for q in after] == [len(q) for q in before]
    assert not [sql for sqls in after for sql in sqls if FeedbackComment._meta.db_table in sql]


def test_the_dashboard_says_which_months_it_shows(trio, client_for):
    organisation = trio.organisation
    services.import_feedback(
        actor=trio.owner, organisation=organisation, file_name="2024.csv", content=_year_of_comments(2024, 1)
    )
    client = client_for(trio.member)
    url = reverse("experience:dashboard", kwargs={"org_slug": organisation.slug})
    page = client.get(url).content.decode()
    assert "Showing January 2023 to December 2024: the last 24 months up to the newest month with feedback" in page
    page = client.get(url, {"from": "2024-03-15", "to": "2024-05-02"}).content.decode()
    assert "Showing March 2024 to May 2024." in page and "12 responses" not in page
    assert "3 responses from March 2024 to May 2024" in page
