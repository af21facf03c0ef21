"""Comment search at 10 k, 100 k and 1 M comments in one trust, on PostgreSQL: before and after ADR 0042.

    createdb -h 127.0.0.1 -U postgres coqi_bench_search     # once; the script migrates it and fills it
    .venv/bin/python benchmarks/comment_search.py [--database postgres://postgres@127.0.0.1:5432/coqi_bench_search]
        [--sizes 10000,100000,1000000] [--repeat 5]

Bulk-inserts comments (COPY) into the database it is given — its own; everything in it is replaced — growing the
one trust to each size in turn, with the full-text index kept by the database during the load, as during an
import. At each size it times, median of `--repeat`, for some searches:

* before: what the comment browser did until ADR 0042 — `text ILIKE '%word%'` (Django's icontains) and a
  Paginator, so COUNT(*) of every match and the page by OFFSET;
* after: `selectors.comment_page` — `to_tsvector('english', text) @@ websearch_to_tsquery(...)` by the GIN
  index, a keyset page of 25 and a count bounded at 1,001; also page 3 by its "Older" link;

and prints the path each search took: "walk" (a common word by PostgreSQL's statistics: the newest-first index,
testing each row's stored tsvector) or the plan of the index-first read ("GIN"); "scan" for the old ILIKE.
"matches" is what the old ILIKE of the whole phrase counted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WORDS = (
    "the staff were kind and helpful nurse doctor ward food parking toilet clean dirty noisy quiet night waited "
    "hours minutes appointment letter discharge pharmacy medication pain explained listened rude friendly caring "
    "busy time long short visit family carer bed window cold warm drink tea coffee sandwich porter reception "
    "phone called lovely brilliant awful poor excellent good bad thank you everyone team care treatment room"
).split()
SEARCHES = ["waited", "parking", "rude nurse", "brilliant porter", "zebra"]  # common … rare, and a miss


def _settings(database: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coqi.config.settings.dev")
    os.environ["COQI_DATABASE_URL"] = database
    os.environ.setdefault("COQI_DEBUG", "false")
    import django

    django.setup()


def _fill(organisation, *, start: int, count: int, rng: random.Random) -> None:
    """COPY `count` comments after the first `start`: 3 years of FFT, a few words to a few dozen each."""
    from django.db import connection

    first_day = date(2023, 1, 1)
    columns = (
        "organisation_id, received_on, service, question, fft_score, text, redactions, themes, sentiment, "
        "demographics, fingerprint, created_at"
    )
    services = [f"Ward {n}" for n in range(1, 31)]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY experience_feedbackcomment ({columns}) FROM STDIN") as copy:
            for n in range(start, start + count):
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40))).capitalize() + "."
                received = first_day + timedelta(days=rng.randrange(3 * 365))
                copy.write_row(
                    (
                        organisation.pk,
                        received,
                        rng.choice(services),
                        "What was good?",
                        rng.randint(1, 5),
                        text,
                        0,
                        "[]",
                        rng.randint(1, 5),
                        "{}",
                        f"bench-{n}",
                        "2026-01-01T00:00:00Z",
                    )
                )
        cursor.execute("ANALYZE experience_feedbackcomment")


def _timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def _plan_uses_index(queryset, *, as_the_search_runs: bool = False) -> str:
    from django.db import connection, transaction

    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if as_the_search_runs:  # the planner settings of selectors._matches_by_the_index
            for name in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
                cursor.execute(f"SET LOCAL {name} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    if "feedback_comment_text_search" in plan:
        return "GIN"
    return "scan"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/coqi_bench_search")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    _settings(arguments.database)

    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection

    from coqi.core.models import Organisation, System
    from coqi.experience import search, selectors

    if connection.vendor != "postgresql":
        print("This benchmark measures PostgreSQL; give it a postgres:// URL.")
        return 2
    with connection.cursor() as cursor:  # its own database: start empty, quicker than deleting a million rows
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    system = System.objects.create(name="Benchmark system", slug="bench-search")
    organisation = Organisation.objects.create(system=system, name="Benchmark trust", slug="bench-search-trust")
    rng = random.Random(42)
    sizes = [int(size) for size in arguments.sizes.split(",")]
    print(f"PostgreSQL {connection.pg_version // 10000}; median of {arguments.repeat}; times in ms")
    header = (
        f"{'comments':>9} {'search':<17} {'matches':>8} | {'before: count+page':>18} {'plan':>5} | "
        f"{'after: page+count':>17} {'page 3':>7} {'path':>5}"
    )
    print(header)
    print("-" * len(header))
    loaded = 0
    for size in sizes:
        began = time.perf_counter()
        _fill(organisation, start=loaded, count=size - loaded, rng=rng)
        load_seconds = time.perf_counter() - began
        loaded = size
        for query in SEARCHES:
            # What the browser did before: the phrase as typed, ILIKE '%…%'.
            old = organisation.feedback_comments.filter(text__icontains=query).order_by("-received_on", "-id")

            def before(old=old):
                paginator = Paginator(old, selectors.PAGE_SIZE)
                page = paginator.get_page(1)
                return paginator.count, list(page)

            filters = selectors.Filters(search=query)

            def after(filters=filters):
                return selectors.comment_page(organisation=organisation, filters=filters)

            before_ms, (matches, _) = _timed(before, arguments.repeat)
            after_ms, page = _timed(after, arguments.repeat)
            third_ms = 0.0
            if page.older is not None:
                second = selectors.comment_page(organisation=organisation, filters=filters, older_than=page.older)
                if second.older is not None:
                    third_ms, _ = _timed(
                        lambda second=second, filters=filters: selectors.comment_page(
                            organisation=organisation, filters=filters, older_than=second.older
                        ),
                        arguments.repeat,
                    )
            estimated = selectors._estimated_matches(selectors.comments_in(organisation=organisation, filters=filters))
            new_plan = (
                "walk"
                if estimated > selectors.COMMON_MATCHES
                else _plan_uses_index(
                    selectors.comments_in(organisation=organisation, filters=filters)
                    .order_by()
                    .values_list("id", flat=True)[: selectors.COUNT_LIMIT + 1],
                    as_the_search_runs=True,
                )
            )
            print(
                f"{size:>9,} {query:<17} {matches:>8,} | {before_ms:>18.1f} {_plan_uses_index(old):>5} | "
                f"{after_ms:>17.1f} {third_ms:>7.1f} {new_plan:>5}"
            )
        print(f"{'':>9} (loaded {size:,} comments, index kept by the database, in {load_seconds:.0f} s)")
    assert search.words_of("waited") == ["waited"]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
