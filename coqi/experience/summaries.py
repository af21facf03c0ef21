"""Summary tables of experience of care, kept equal to the comments (ADR 0041).

Every summary row is the sum of the contributions of its comments: one per comment to `FeedbackMonth`, one per
comment and theme to `FeedbackThemeMonth`, one per comment and demographic answer to `FeedbackGroupMonth`, one per
comment, theme and answer to `FeedbackGroupThemeMonth`, one per comment and ordered pair of its themes to
`FeedbackThemePairMonth`, and the all-time counts in `FeedbackFacet`. So they are
maintained by adding:

A comment counts twice in the tables with a service: under its own and under ALL_SERVICES, so a read without a
service filter is a few rows per month. The rows are then bounded by (services + 1) × months × themes × 6.

- `rebuild(organisation=…)` deletes an organisation's rows and inserts them again with one
  `INSERT … SELECT … GROUP BY` per table (seconds at a million comments);
- `add_import(feedback_import=…)` adds the counts of one import's comments the same way, grouped over
  `feedback_import_id`, with `ON CONFLICT … DO UPDATE SET n = n + excluded.n` (PostgreSQL and SQLite ≥ 3.24 both);
  it is called inside the import's transaction, after the inserts, so figures never disagree with the comments;
- `relabelled(comment=…, before=…)` moves one comment's contributions from its old themes and sentiment to its
  new ones, inside `relabel_comment`'s transaction.

Nothing else changes a stored comment's counted fields: retraining affects only later imports, erasure detaches
people (not comments), stories are not comments, and deleting an organisation cascades to its summaries.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection, transaction

from coqi.experience.models import (
    CommentTheme,
    FeedbackComment,
    FeedbackFacet,
    FeedbackGroupMonth,
    FeedbackGroupThemeMonth,
    FeedbackMonth,
    FeedbackThemeMonth,
    FeedbackThemePairMonth,
)

COMMENT = FeedbackComment._meta.db_table
THEME = CommentTheme._meta.db_table
# The service of the rows that count every service: the dashboard without a service filter reads these few rows
# instead of adding up every service's. A service is never blank (the import refuses a row without one).
ALL_SERVICES = ""
_SCORED = "SUM(CASE WHEN c.fft_score IS NOT NULL THEN 1 ELSE 0 END)"
_POSITIVE = "SUM(CASE WHEN c.fft_score IN (1, 2) THEN 1 ELSE 0 END)"


def _month_sql() -> str:
    if connection.vendor == "postgresql":
        return "CAST(date_trunc('month', c.received_on) AS date)"
    return "date(c.received_on, 'start of month')"


def _answers_join() -> str:
    """One row per comment and demographic answer (column, value): JSON object keys expanded by the database."""
    if connection.vendor == "postgresql":
        return (
            "CROSS JOIN LATERAL jsonb_each_text("
            "CASE WHEN jsonb_typeof(c.demographics) = 'object' THEN c.demographics ELSE '{}'::jsonb END) AS d"
        )
    return "JOIN json_each(CASE WHEN json_type(c.demographics) = 'object' THEN c.demographics ELSE '{}' END) AS d"


def _answer_value() -> str:
    return "d.value" if connection.vendor == "postgresql" else "CAST(d.value AS TEXT)"


def _tables(*, rollup: bool = True) -> list[tuple[str, list[str], list[str], str]]:
    """(table, key columns, count columns, "SELECT keys, counts FROM … WHERE {where} GROUP BY keys") per table.
    `{where}` is filled with the comments to count, e.g. `c.feedback_import_id = %s`. Without `rollup`, only
    the rows under each comment's own service (`rebuild` then adds up the ALL_SERVICES rows from those)."""
    month, value = _month_sql(), _answer_value()
    answered = f"{value} IS NOT NULL AND {value} <> ''"
    from_themes = f"FROM {THEME} t JOIN {COMMENT} c ON c.id = t.comment_id"
    # Each comment counts twice in the tables with a service: under its service and under ALL_SERVICES.
    both = "CROSS JOIN (SELECT 0 AS rollup UNION ALL SELECT 1) AS r" if rollup else ""
    service = f"CASE WHEN r.rollup = 1 THEN '{ALL_SERVICES}' ELSE c.service END" if rollup else "c.service"
    return [
        (
            FeedbackMonth._meta.db_table,
            ["organisation_id", "month", "service", "sentiment"],
            ["responses", "scored", "positive"],
            f"SELECT c.organisation_id, {month}, {service}, COALESCE(c.sentiment, 0), COUNT(*), {_SCORED}, {_POSITIVE}"
            f" FROM {COMMENT} c {both} WHERE {{where}} GROUP BY 1, 2, 3, 4",
        ),
        (
            FeedbackThemeMonth._meta.db_table,
            ["organisation_id", "month", "service", "theme", "sentiment"],
            ["comments", "scored", "positive"],
            f"SELECT c.organisation_id, {month}, {service}, t.name, COALESCE(c.sentiment, 0), COUNT(*), {_SCORED},"
            f" {_POSITIVE} {from_themes} {both} WHERE {{where}} GROUP BY 1, 2, 3, 4, 5",
        ),
        (
            FeedbackGroupMonth._meta.db_table,
            ["organisation_id", "month", "service", "column", "value", "sentiment"],
            ["responses", "scored", "positive"],
            f"SELECT c.organisation_id, {month}, {service}, d.key, {value}, COALESCE(c.sentiment, 0), COUNT(*),"
            f" {_SCORED}, {_POSITIVE} FROM {COMMENT} c {_answers_join()} {both} WHERE {{where}} AND {answered}"
            " GROUP BY 1, 2, 3, 4, 5, 6",
        ),
        (
            FeedbackGroupThemeMonth._meta.db_table,
            ["organisation_id", "month", "service", "column", "value", "theme", "sentiment"],
            ["comments", "scored", "positive"],
            f"SELECT c.organisation_id, {month}, {service}, d.key, {value}, t.name, COALESCE(c.sentiment, 0), COUNT(*),"
            f" {_SCORED}, {_POSITIVE} {from_themes} {_answers_join()} {both} WHERE {{where}} AND {answered}"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7",
        ),
        (
            FeedbackThemePairMonth._meta.db_table,
            ["organisation_id", "month", "service", "theme", "other", "sentiment"],
            ["comments"],
            f"SELECT c.organisation_id, {month}, {service}, t.name, o.name, COALESCE(c.sentiment, 0), COUNT(*)"
            f" {from_themes} JOIN {THEME} o ON o.comment_id = c.id {both} WHERE {{where}} GROUP BY 1, 2, 3, 4, 5, 6",
        ),
        (
            FeedbackFacet._meta.db_table,
            ["organisation_id", "kind", "column", "value"],
            ["count"],
            f"SELECT c.organisation_id, 'service', '', c.service, COUNT(*) FROM {COMMENT} c WHERE {{where}}"
            " GROUP BY 1, 2, 3, 4"
            f" UNION ALL SELECT c.organisation_id, 'theme', '', t.name, COUNT(*) {from_themes} WHERE {{where}}"
            " GROUP BY 1, 2, 3, 4"
            f" UNION ALL SELECT c.organisation_id, 'group', d.key, {value}, COUNT(*) FROM {COMMENT} c"
            f" {_answers_join()} WHERE {{where}} AND {answered} GROUP BY 1, 2, 3, 4",
        ),
    ]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert(table: str, keys: list[str], counts: list[str], select: str, *, adding: bool) -> str:
    columns = ", ".join(_q(c) for c in keys + counts)
    # SQLite needs a WHERE in an upsert's SELECT to parse ON CONFLICT; the facet SELECT is a UNION, so wrap it.
    sql = f"INSERT INTO {_q(table)} ({columns}) SELECT * FROM ({select}) AS counted WHERE 1 = 1"
    if adding:
        conflict = ", ".join(_q(c) for c in keys)
        added = ", ".join(f"{_q(c)} = {_q(table)}.{_q(c)} + excluded.{_q(c)}" for c in counts)
        sql += f" ON CONFLICT ({conflict}) DO UPDATE SET {added}"
    return sql


def _settle_planner(cursor, *, work_mem: str = "64MB") -> None:
    """For the rest of this transaction (PostgreSQL): group in memory, and no JIT. These few grouped statements
    spend longer compiling (seconds of LLVM on a busy machine) than running; a big group sorts on disk at the
    default 4 MB."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)", [work_mem])


def rebuild(*, organisation) -> None:
    """All summary rows of one organisation again from its comments (after bulk loading, or to repair), in one
    transaction. The comments are read once per table under their own service; the ALL_SERVICES rows and the
    facets are then added up from those summary rows, which are far fewer."""
    oid = organisation.pk
    tables = _tables(rollup=False)
    with transaction.atomic(), connection.cursor() as cursor:
        _settle_planner(cursor, work_mem="256MB")
        for table, *_ in tables:
            cursor.execute(f"DELETE FROM {_q(table)} WHERE organisation_id = %s", [oid])
        for table, keys, counts, select in tables:
            if table == FeedbackFacet._meta.db_table:
                continue
            cursor.execute(
                _insert(table, keys, counts, select.replace("{where}", "c.organisation_id = %s"), adding=False),
                [oid] * select.count("{where}"),
            )
            if "service" in keys:
                columns = ", ".join(_q(c) for c in keys + counts)
                chosen = [f"'{ALL_SERVICES}'" if k == "service" else _q(k) for k in keys]
                added = [f"SUM({_q(c)})" for c in counts]
                cursor.execute(
                    f"INSERT INTO {_q(table)} ({columns}) SELECT {', '.join(chosen + added)} FROM {_q(table)}"
                    f" WHERE organisation_id = %s GROUP BY {', '.join(_q(k) for k in keys if k != 'service')}",
                    [oid],
                )
        month, theme, group = (m._meta.db_table for m in (FeedbackMonth, FeedbackThemeMonth, FeedbackGroupMonth))
        column = _q("column")
        cursor.execute(
            f"INSERT INTO {_q(FeedbackFacet._meta.db_table)} (organisation_id, kind, {column}, value, count)"
            f" SELECT organisation_id, 'service', '', service, SUM(responses) FROM {month}"
            f" WHERE organisation_id = %s AND service <> '{ALL_SERVICES}' GROUP BY organisation_id, service"
            f" UNION ALL SELECT organisation_id, 'theme', '', theme, SUM(comments) FROM {theme}"
            f" WHERE organisation_id = %s AND service = '{ALL_SERVICES}' GROUP BY organisation_id, theme"
            f" UNION ALL SELECT organisation_id, 'group', {column}, value, SUM(responses) FROM {group}"
            f" WHERE organisation_id = %s AND service = '{ALL_SERVICES}' GROUP BY organisation_id, {column}, value",
            [oid] * 3,
        )


def add_import(*, feedback_import, after_id: int | None = None) -> None:
    """Add the counts of an import's comments (only those with pk > after_id when given, for an import that
    inserts in several transactions: call it in each, after that transaction's inserts)."""
    where, params = "c.feedback_import_id = %s", [feedback_import.pk]
    if after_id is not None:
        where, params = where + " AND c.id > %s", params + [after_id]
    with connection.cursor() as cursor:
        _settle_planner(cursor)
        for table, keys, counts, select in _tables(rollup=False):
            cursor.execute(
                _insert(
                    table, keys, counts, _with_all_services(keys, counts, select.replace("{where}", where)), adding=True
                ),
                params * select.count("{where}"),
            )


def _with_all_services(keys: list[str], counts: list[str], select: str) -> str:
    """`select`'s rows under each comment's own service, and their sums under ALL_SERVICES, grouping the comments
    once (a materialised CTE) instead of counting every comment twice. The service keys never collide: no service
    is blank."""
    if "service" not in keys:
        return select
    names = [f"k_{k}" for k in keys] + [f"n_{c}" for c in counts]
    others = [f"k_{k}" for k in keys if k != "service"]
    rolled = ", ".join(
        [f"'{ALL_SERVICES}'" if k == "service" else f"k_{k}" for k in keys] + [f"SUM(n_{c})" for c in counts]
    )
    return (
        f"WITH added ({', '.join(names)}) AS MATERIALIZED ({select})"
        f" SELECT {', '.join(names)} FROM added"
        f" UNION ALL SELECT {rolled} FROM added GROUP BY {', '.join(others)}"
    )


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _contributions(comment, *, themes, sentiment) -> dict[str, Counter]:
    """One comment's rows in each table with these themes and this sentiment: {table: Counter{key: counts}}."""
    month, s = _month_of(comment.received_on), sentiment or 0
    scored, positive = int(comment.fft_score is not None), int(comment.fft_score in (1, 2))
    given = comment.demographics if isinstance(comment.demographics, dict) else {}
    answers = [(str(k), str(v)) for k, v in given.items() if v is not None and str(v) != ""]
    org = comment.organisation_id
    rows: dict[str, Counter] = {t: Counter() for t, *_ in _tables()}
    one = (1, scored, positive)

    def add(table, key, counts=one):
        current = rows[table].get(key, (0,) * len(counts))
        rows[table][key] = tuple(a + b for a, b in zip(current, counts))

    add(FeedbackFacet._meta.db_table, (org, "service", "", comment.service), (1,))
    for service in (comment.service, ALL_SERVICES):
        add(FeedbackMonth._meta.db_table, (org, month, service, s))
        for column, value in answers:
            add(FeedbackGroupMonth._meta.db_table, (org, month, service, column, value, s))
        for theme in set(themes or []):
            add(FeedbackThemeMonth._meta.db_table, (org, month, service, theme, s))
            for column, value in answers:
                add(FeedbackGroupThemeMonth._meta.db_table, (org, month, service, column, value, theme, s))
            for other in set(themes or []):
                add(FeedbackThemePairMonth._meta.db_table, (org, month, service, theme, other, s), (1,))
    for column, value in answers:
        add(FeedbackFacet._meta.db_table, (org, "group", column, value), (1,))
    for theme in set(themes or []):
        add(FeedbackFacet._meta.db_table, (org, "theme", "", theme), (1,))
    return rows


def relabelled(*, comment, before: dict) -> None:
    """Move one comment's counts from `before` ({"themes": […], "sentiment": …}) to what it has now."""
    old = _contributions(comment, themes=before.get("themes"), sentiment=before.get("sentiment"))
    new = _contributions(comment, themes=comment.themes, sentiment=comment.sentiment)
    with connection.cursor() as cursor:
        for table, keys, counts, _select in _tables():
            deltas: dict[tuple, tuple] = {}
            for key in set(old[table]) | set(new[table]):
                was, now = old[table].get(key, (0,) * len(counts)), new[table].get(key, (0,) * len(counts))
                delta = tuple(b - a for a, b in zip(was, now))
                if any(delta):
                    deltas[key] = delta
            if not deltas:
                continue
            columns = ", ".join(_q(c) for c in keys + counts)
            marks = ", ".join(["%s"] * (len(keys) + len(counts)))
            conflict = ", ".join(_q(c) for c in keys)
            added = ", ".join(f"{_q(c)} = {_q(table)}.{_q(c)} + excluded.{_q(c)}" for c in counts)
            cursor.executemany(
                f"INSERT INTO {_q(table)} ({columns}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {added}",
                [list(key) + list(delta) for key, delta in deltas.items()],
            )
            # A cell no comment is in any more goes, so "which themes are there" stays a plain read.
            same = " AND ".join(f"{_q(c)} = %s" for c in keys)
            emptied = [list(key) for key, delta in deltas.items() if delta[0] < 0]
            if emptied:
                cursor.executemany(f"DELETE FROM {_q(table)} WHERE {same} AND {_q(counts[0])} <= 0", emptied)


def newest_month(*, organisation) -> date | None:
    """The organisation's newest month with feedback (the end of the dashboard's default window)."""
    return (
        FeedbackMonth.objects.filter(organisation=organisation, service=ALL_SERVICES)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
