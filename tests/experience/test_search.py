"""Full-text search of comments and keyset pages (ADR 0042), on whichever database the suite runs on."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coqi.experience import search, selectors
from coqi.experience.models import CommentTheme, FeedbackComment

pytestmark = pytest.mark.django_db

# No word is part of another and each is typed in the form the text holds, so "contains the word" (icontains)
# and full-text search must agree exactly.
WORDS = ["nurse", "parking", "food", "rude", "clean", "noisy", "waited", "kind", "doctor", "toilet", "friendly"]

HOSTILE = [
    '"',
    '"unbalanced',
    "'",
    "*",
    "nurse*",
    "NEAR(nurse food)",
    "NEAR",
    "-",
    "-nurse",
    "nurse -food",
    "text:nurse",
    "experience_comment_fts:nurse",
    "^nurse",
    "AND OR NOT",
    "nurse AND",
    "(",
    ")",
    "{text}: nurse",
    "\\",
    "%",
    "_",
    "a' OR 1=1 --",
    '"); DROP TABLE experience_feedbackcomment; --',
    "x" * 200,
    "nurse " * 40,
    "💩 nurse",
    "naïve café",
    "<script>alert(1)</script>",
    "!@#$%^&*()",
]


def _bulk(org, texts, *, start=date(2025, 1, 1), service="Ward 7", step=1):
    return FeedbackComment.objects.bulk_create(
        FeedbackComment(
            organisation=org,
            received_on=start + timedelta(days=(i * step) // 3),
            service=service,
            text=text,
            fingerprint=f"{org.pk}-{service}-{i}-{hash(text)}",
        )
        for i, text in enumerate(texts)
    )


@pytest.fixture
def corpus(trio):
    rng = random.Random(12)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))).capitalize() + "." for _ in range(150)]
    _bulk(trio.organisation, texts)
    # Another organisation's comments hold the same words: search never crosses the organisation.
    _bulk(trio.other_organisation, texts[:40])
    return trio.organisation


def _ids(queryset):
    return set(queryset.values_list("id", flat=True))


def _contains_all(org, words):
    comments = org.feedback_comments.all()
    for word in words:
        comments = comments.filter(text__icontains=word)
    return _ids(comments)


def test_search_finds_what_contains_finds_on_words(corpus):
    for query in [*WORDS, "nurse food", "rude doctor", "WAITED", "Clean Toilet"]:
        found = _ids(selectors.comments_in(organisation=corpus, filters=selectors.Filters(search=query)))
        assert found == _contains_all(corpus, query.split()), query
        assert found or " " in query, query  # the corpus holds every word


def test_search_combines_with_the_other_filters(corpus, trio):
    maternity = _bulk(
        corpus, ["Kind midwife, clean ward.", "Rude midwife."], start=date(2024, 6, 1), service="Maternity"
    )
    CommentTheme.objects.create(comment=maternity[0], organisation=corpus, name="Staff attitude")
    F = selectors.Filters

    def found(**kw):
        return _ids(selectors.comments_in(organisation=corpus, filters=F(**kw)))

    assert found(search="midwife") == {maternity[0].pk, maternity[1].pk}
    assert found(search="midwife", service="Ward 7") == set()
    assert found(search="kind", service="Maternity") == {maternity[0].pk}
    assert found(search="midwife", theme="Staff attitude") == {maternity[0].pk}
    assert found(search="midwife", date_to=date(2024, 12, 31)) == {maternity[0].pk, maternity[1].pk}
    assert found(search="midwife", date_from=date(2025, 1, 1)) == set()
    outsider = _ids(selectors.comments_in(organisation=trio.other_organisation, filters=F(search="midwife")))
    assert outsider == set()


def test_search_is_stemmed_english(trio):
    (waiting, waits, other) = _bulk(trio.organisation, ["Waiting for hours", "She waits", "Lovely"])
    found = _ids(selectors.comments_in(organisation=trio.organisation, filters=selectors.Filters(search="waited")))
    assert found == {waiting.pk, waits.pk}


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(corpus, query, client_for, trio, bearer, client):
    filters = selectors.Filters.from_query({"q": query})
    found = _ids(selectors.comments_in(organisation=corpus, filters=filters))
    words = search.words_of(filters.search)
    if not words:
        assert found == set()
    else:
        assert found <= _ids(corpus.feedback_comments.all())
    page = client_for(trio.member).get(f"/o/{corpus.slug}/experience/comments/", {"q": query})
    assert page.status_code == 200
    api = client.get(f"/api/v1/organisations/{corpus.slug}/feedback/comments", {"q": query}, **bearer(trio.member))
    assert api.status_code in (200, 422)  # 422 only for what the schema refuses (over 200 characters)


def test_the_index_follows_inserts_updates_and_deletes(trio):
    org = trio.organisation
    comment = FeedbackComment.objects.create(
        organisation=org, received_on=date(2025, 3, 1), service="Ward 7", text="The parking was awful", fingerprint="a"
    )

    def found(query):
        return _ids(selectors.comments_in(organisation=org, filters=selectors.Filters(search=query)))

    assert found("parking") == {comment.pk}
    comment.text = "The food was cold"
    comment.save(update_fields=["text"])
    assert found("parking") == set() and found("food") == {comment.pk}
    FeedbackComment.objects.filter(pk=comment.pk).update(text="Lovely garden")
    assert found("food") == set() and found("garden") == {comment.pk}
    comment.delete()
    assert found("garden") == set()


def test_the_index_is_put_back_when_a_migration_lost_it(trio):
    (comment,) = _bulk(trio.organisation, ["Noisy ward at night"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction holds deferred checks
        for statement in search.POSTGRES_DROP if connection.vendor == "postgresql" else search.SQLITE_DROP:
            cursor.execute(statement)
    assert search.ensure_index() is True
    assert search.ensure_index() is False  # whole again: nothing more to make
    found = _ids(selectors.comments_in(organisation=trio.organisation, filters=selectors.Filters(search="noisy")))
    assert found == {comment.pk}


def test_the_query_plan_uses_the_index(corpus):
    # The search condition alone: with scans forbidden, only an index matching its expression can answer it.
    queryset = FeedbackComment.objects.filter(search.matching("parking")).values("id")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a small table a scan is cheapest, so forbid it to see that the index matches the expression.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "feedback_comment_text_search" in plan, plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and search.FTS_TABLE in plan, plan


# --- keyset pages -----------------------------------------------------------------------------------------------


def _walk(org, filters, size):
    pages, cursor = [], None
    while True:
        page = selectors.comment_page(organisation=org, filters=filters, older_than=cursor, size=size)
        pages.append([c.pk for c in page])
        if page.older is None:
            return pages, page
        cursor = page.older


def test_older_pages_walk_every_comment_once_in_order(corpus):
    # Three comments a day: ties on the date are ordered by id, so no comment is skipped or repeated.
    filters = selectors.Filters()
    pages, last = _walk(corpus, filters, size=7)
    walked = [pk for page in pages for pk in page]
    expected = list(corpus.feedback_comments.order_by("-received_on", "-id").values_list("id", flat=True))
    assert walked == expected
    assert all(len(page) == 7 for page in pages[:-1])
    # And back: each "Newer" link shows the page before it.
    cursor = last.newer
    for earlier in reversed(pages[:-1]):
        page = selectors.comment_page(organisation=corpus, filters=filters, newer_than=cursor, size=7)
        assert [c.pk for c in page] == earlier
        cursor = page.newer
    assert cursor is None  # the first page has no newer one


def test_pages_of_a_search_keep_the_search(corpus):
    filters = selectors.Filters(search="nurse")
    pages, _ = _walk(corpus, filters, size=5)
    walked = [pk for page in pages for pk in page]
    assert set(walked) == _contains_all(corpus, ["nurse"]) and len(walked) == len(set(walked))


def test_a_page_costs_the_same_queries_however_many_comments(trio):
    org = trio.organisation
    _bulk(org, ["Kind nurse"] * 30)
    filters = selectors.Filters(search="nurse")
    with CaptureQueriesContext(connection) as small:
        selectors.comment_page(organisation=org, filters=filters)
    _bulk(org, ["Kind nurse again"] * 1_200, start=date(2023, 1, 1))
    with CaptureQueriesContext(connection) as big:
        page = selectors.comment_page(organisation=org, filters=filters)
    # The page and its bounded count (PostgreSQL: its estimate, then the matches by the index between its planner
    # settings); no OFFSET, no COUNT of everything.
    statements = [q["sql"] for q in big.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(big) == len(small) and len(statements) == (5 if connection.vendor == "postgresql" else 2), statements
    assert page.count == selectors.COUNT_LIMIT + 1 and not page.count_is_exact
    assert all("OFFSET" not in q["sql"].upper() for q in big.captured_queries)


def test_the_comment_browser_pages_by_links_and_bounds_its_count(trio, client_for, django_assert_max_num_queries):
    org = trio.organisation
    _bulk(org, [f"Comment number {i}" for i in range(60)])
    client = client_for(trio.member)
    url = f"/o/{org.slug}/experience/comments/"
    first = client.get(url)
    html = first.content.decode()
    assert "60 comments." in html and ">Older<" in html and ">Newer<" not in html
    older = re.search(r"older=([0-9-]+\.[0-9]+)", html).group(1)
    second = client.get(url, {"older": older})
    html = second.content.decode()
    assert ">Older<" in html and ">Newer<" in html
    assert client.get(url, {"older": "nonsense"}).status_code == 200  # a mangled link shows the newest
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"q": "comment", "older": older})
    _bulk(org, [f"Another comment {i}" for i in range(1_100)], start=date(2022, 1, 1))
    with django_assert_max_num_queries(len(small)):
        many = client.get(url, {"q": "comment", "older": older})
    assert "More than 1,000 comments match these filters." in many.content.decode()


def test_search_works_inside_a_subquery(corpus):
    # The theme counts read the comments as a subquery, where the table has another alias.
    (comment,) = _bulk(corpus, ["Chaplain visited"], start=date(2020, 1, 1), service="Chapel")
    CommentTheme.objects.create(comment=comment, organisation=corpus, name="Spiritual care")
    assert selectors.theme_counts(organisation=corpus, filters=selectors.Filters(search="chaplain")) == [
        ("Spiritual care", 1)
    ]
