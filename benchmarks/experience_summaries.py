"""Time the experience-of-care dashboard and its aggregates at 10 k, 100 k and 1 M comments, before and after the
summary tables (ADR 0041).

    .venv/bin/python benchmarks/experience_summaries.py                       # throwaway SQLite file
    .venv/bin/python benchmarks/experience_summaries.py --sizes 10000,100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/sum_bench           # an empty PostgreSQL database

For each size it bulk-loads one organisation's invented comments (60 months of history, more in later months,
20 services, 1–3 themes each, sentiment, three demographic columns) with their theme rows, times
`summaries.rebuild`, and then prints, as the median of a few runs:

- "before": each aggregate selector over raw comments across the whole history, which is what the dashboard did
  before summaries (forced here with a from date that is not a whole month, the selectors' raw fallback);
- "after": the same selectors over the summaries in the dashboard's default window (the last 24 months), and the
  dashboard and the API theme counts through Django's test client with the page's query count, for several filters;
- maintenance: a 500-row import through `services.import_feedback` (with `add_import` inside it) and one
  `relabel_comment`.

Figures only, no assertions. The organisations of every size stay in the same database, so the bigger ones run
with the smaller ones beside them, as in a shared deployment. Other work on the machine slows the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SERVICES = [f"Ward {n}" for n in range(1, 15)] + ["Maternity", "A&E", "Outpatients", "Community", "Day surgery", "MH"]
DEMOGRAPHICS = {
    "age group": ["16-24", "25-34", "35-49", "50-64", "65-79", "80+"],
    "ethnicity": ["White British", "Asian British", "Black British", "Mixed", "Other", "Prefer not to say"],
    "sex": ["Female", "Male", "Prefer not to say"],
}
MONTHS = 60
LAST_MONTH = date(2026, 11, 1)
WORDS = "kind waited staff food parking clean rude explained pain discharge noisy lovely told nurse doctor".split()


def month_back(n: int) -> date:
    index = LAST_MONTH.year * 12 + LAST_MONTH.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def comment_rows(organisation_id: int, count: int, first_id: int, themes: list[str]):
    """(comment row, its theme names) per invented comment, later months fuller than earlier ones."""
    rng = random.Random(count)
    weights = [1 + 2 * m / MONTHS for m in range(MONTHS)]  # oldest first
    months = rng.choices(range(MONTHS), weights=weights, k=count)
    created = "2026-12-01 00:00:00+00:00"
    for i, m in enumerate(months):
        month = month_back(MONTHS - 1 - m)
        day = month.replace(day=1 + rng.randrange(28))
        names = sorted(set(rng.choices(themes[:24], k=rng.choice((1, 1, 2, 3)))))
        score = rng.choice((1, 1, 1, 2, 2, 3, 4, 5, 6, None))
        sentiment = None if rng.random() < 0.05 else rng.choice((1, 1, 2, 2, 3, 4, 5))
        demographics = {column: rng.choice(values) for column, values in DEMOGRAPHICS.items() if rng.random() < 0.8}
        text = " ".join(rng.choices(WORDS, k=8))
        row = (
            first_id + i,
            organisation_id,
            day.isoformat(),
            SERVICES[int(len(SERVICES) * rng.random() ** 1.3)],
            "",
            score,
            text,
            0,
            json.dumps(names),
            sentiment,
            json.dumps(demographics),
            f"{organisation_id:08d}{first_id + i:056d}",
            created,
        )
        yield row, names


COLUMNS = [
    "id",
    "organisation_id",
    "received_on",
    "service",
    "question",
    "fft_score",
    "text",
    "redactions",
    "themes",
    "sentiment",
    "demographics",
    "fingerprint",
    "created_at",
]


def bulk_load(organisation, count: int) -> None:
    """Comments and their theme rows as the import writes them, straight into the tables (COPY on PostgreSQL)."""
    from django.db import connection, transaction

    from coqi.experience.models import CommentTheme, FeedbackComment
    from coqi.text import framework

    themes = [t for t in framework.subcategories() if t != framework.NOT_POSSIBLE]
    comments, theme_table = FeedbackComment._meta.db_table, CommentTheme._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {comments}")
        first_id = cursor.fetchone()[0] + 1
    with transaction.atomic(), connection.cursor() as cursor:
        batch, theme_batch = [], []

        def flush():
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {comments} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
                with cursor.cursor.copy(f"COPY {theme_table} (comment_id, organisation_id, name) FROM STDIN") as copy:
                    for row in theme_batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(f"INSERT INTO {comments} ({', '.join(COLUMNS)}) VALUES ({marks})", batch)
                cursor.executemany(
                    f"INSERT INTO {theme_table} (comment_id, organisation_id, name) VALUES (%s, %s, %s)", theme_batch
                )
            batch.clear()
            theme_batch.clear()

        for row, names in comment_rows(organisation.pk, count, first_id, themes):
            batch.append(row)
            theme_batch.extend((row[0], organisation.pk, name) for name in names)
            if len(batch) >= 50_000:
                flush()
        flush()
        if connection.vendor == "postgresql":
            for table in (comments, theme_table):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cursor.execute(f"ANALYZE {comments}")
            cursor.execute(f"ANALYZE {theme_table}")


def timed(run, repeat: int = 5) -> float:
    """Median milliseconds of `run()` over `repeat` runs, after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def measure(organisation, user, count: int, rows: dict) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coqi.accounts import services as account_services
    from coqi.experience import corrections, selectors, services, summaries

    started = time.perf_counter()
    summaries.rebuild(organisation=organisation)
    rows[("maintenance", "rebuild (all summaries of the trust)")][count] = 1000 * (time.perf_counter() - started)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("feedbackmonth", "feedbackthememonth", "feedbackgroupmonth", "feedbackgroupthememonth"):
                cursor.execute(f"ANALYZE experience_{table}")

    everything = selectors.Filters(date_from=date(1900, 1, 2))  # not a whole month: the raw-comment path
    window = selectors.dashboard_window(organisation=organisation, filters=selectors.Filters())
    for label, run in (
        ("monthly", lambda f: selectors.monthly(organisation=organisation, filters=f)),
        ("themes_over_time", lambda f: selectors.themes_over_time(organisation=organisation, filters=f)),
        ("sentiment_mix", lambda f: selectors.sentiment_mix(organisation=organisation, filters=f)),
        (
            "group_comparison",
            lambda f: selectors.group_comparison(organisation=organisation, column="age group", filters=f),
        ),
        ("theme_counts (API)", lambda f: selectors.theme_counts(organisation=organisation, filters=f)),
    ):
        rows[("before: raw, whole history", label)][count] = timed(
            lambda run=run: run(everything), repeat=1 if count > 200_000 else 3
        )
        rows[("after: summaries, 24 months", label)][count] = timed(lambda run=run: run(window))

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    from django.urls import reverse

    url = reverse("experience:dashboard", kwargs={"org_slug": organisation.slug})
    for label, params in (
        ("default (last 24 months)", {}),
        ("a service", {"service": "Ward 3"}),
        ("a sentiment", {"sentiment": "4"}),
        ("a group", {"group": "age group=65-79"}),
        ("a theme", {"theme": "Staff manner & personal attributes"}),
        ("5 years, by ethnicity", {"from": "2022-01-01", "compare": "ethnicity"}),
    ):

        def get(params=params):
            response = client.get(url, params)
            assert response.status_code == 200, response.status_code

        reset_queries()  # the log keeps the last 9,000 queries only (DEBUG): start it empty
        with CaptureQueriesContext(connection) as queries:
            get()
        rows[("dashboard page", f"{label} [{len(queries)} queries]")][count] = timed(get)

    _, secret = account_services.create_access_token(user=user, name=f"bench {count}")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    themes_url = f"/api/v1/organisations/{organisation.slug}/feedback/themes"
    for label, params in (
        ("all time", {}),
        ("a service", {"service": "Ward 3"}),
        ("2025", {"date_from": "2025-01-01", "date_to": "2025-12-31"}),
    ):

        def get_api(params=params):
            response = api.get(themes_url, params)
            assert response.status_code == 200, response.content

        reset_queries()  # the log keeps the last 9,000 queries only (DEBUG): start it empty
        with CaptureQueriesContext(connection) as queries:
            get_api()
        rows[("API feedback/themes", f"{label} [{len(queries)} queries]")][count] = timed(get_api)

    lines = ["date,service,score,comment,age group,ethnicity,sex"] + [
        f"2026-11-{1 + i % 28:02d},Ward {1 + i % 14},{1 + i % 6},The nurse was kind and I waited {i} minutes,65-79,,"
        for i in range(500)
    ]
    started = time.perf_counter()
    record = services.import_feedback(
        actor=None, organisation=organisation, file_name=f"more-{count}.csv", content="\n".join(lines).encode()
    )
    rows[("maintenance", "import 500 rows (all of it, add_import inside)")][count] = 1000 * (
        time.perf_counter() - started
    )
    started = time.perf_counter()
    summaries.add_import(feedback_import=record)  # a second time, only to time it alone; then put right
    rows[("maintenance", "add_import of those 500 alone")][count] = 1000 * (time.perf_counter() - started)
    summaries.rebuild(organisation=organisation)
    comment = organisation.feedback_comments.order_by("pk").first()
    started = time.perf_counter()
    corrections.relabel_comment(
        actor=None, organisation=organisation, comment=comment, themes=["Timeliness of care"], sentiment=4
    )
    rows[("maintenance", "relabel one comment (all of it)")][count] = 1000 * (time.perf_counter() - started)


def report(rows: dict, sizes: list[int], vendor: str) -> None:
    print(f"\nexperience of care on {vendor}, milliseconds (median), by comments in the trust", flush=True)
    print(f"{'':<62}" + "".join(f"{n:>12,}" for n in sizes) + f"{'last/first':>12}")
    section_shown = None
    for (section, label), by_size in rows.items():
        if section != section_shown:
            print(section)
            section_shown = section
        figures = [by_size.get(n) for n in sizes]
        ratio = figures[-1] / figures[0] if figures[0] and figures[-1] else None
        print(
            f"  {label:<60}"
            + "".join(f"{f:>12,.1f}" if f is not None else f"{'–':>12}" for f in figures)
            + (f"{ratio:>11.2f}×" if ratio else ""),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database; default a SQLite file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = tempfile.mkdtemp(prefix="coqi-summaries-")
    os.environ["COQI_DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "coqi.config.settings.dev"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.ALLOWED_HOSTS = ["*"]
        # As Django's own tests do: one connection for the whole run, so each page's queries can be counted.
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections, reset_queries

        request_started.disconnect(close_old_connections)
        request_started.disconnect(reset_queries)
        request_finished.disconnect(close_old_connections)
        call_command("migrate", verbosity=0)
        from coqi.accounts.models import User
        from coqi.core.models import Membership, Organisation, System
        from coqi.core.roles import Role
        from coqi.experience import services
        from coqi.text.classifier import default_classifier

        default_classifier()
        system = System.objects.create(name="Bench ICS", slug="bench-ics")
        user = User.objects.create_user(email="bench@example.com", password="a-long-bench-password", display_name="B")
        rows: dict[tuple[str, str], dict[int, float]] = {}
        from collections import defaultdict

        rows = defaultdict(dict)
        for count in sizes:
            organisation = Organisation.objects.create(name=f"Trust {count}", slug=f"trust-{count}", system=system)
            Membership.objects.create(organisation=organisation, user=user, role=Role.STAFF)
            services.save_mapping(actor=None, organisation=organisation, demographic_columns=", ".join(DEMOGRAPHICS))
            started = time.perf_counter()
            bulk_load(organisation, count)
            print(f"loaded {count:,} comments in {time.perf_counter() - started:.0f} s", flush=True)
            measure(organisation, user, count, rows)
            report(rows, [n for n in sizes if n <= count], connection.vendor)
        from coqi.experience.models import (
            FeedbackFacet,
            FeedbackGroupMonth,
            FeedbackGroupThemeMonth,
            FeedbackMonth,
            FeedbackThemeMonth,
        )

        print("summary rows of the biggest trust:", end="")
        for model in (FeedbackMonth, FeedbackThemeMonth, FeedbackGroupMonth, FeedbackGroupThemeMonth, FeedbackFacet):
            print(f" {model.__name__} {model.objects.filter(organisation=organisation).count():,};", end="")
        print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work slows these figures)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
