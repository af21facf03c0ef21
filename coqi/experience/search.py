"""Full-text search of feedback comments, by the database's own index (ADR 0042).

PostgreSQL: a GIN index on a generated column `to_tsvector('english', text)` and `websearch_to_tsquery`, which
reads what a person typed as plain words and never raises a syntax error. SQLite: an FTS5 external-content
table kept by triggers, queried with each word quoted, so FTS5's own syntax (NEAR, *, -, column filters,
quotes) is never interpreted. Both are kept by the database itself, so bulk inserts (imports, the benchmark's
builder) need no extra call. Both match all the words (AND), English-stemmed: "waited" finds "waiting".
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Lookup, Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "experience_comment_fts"
COMMENT_TABLE = "experience_feedbackcomment"
MAX_WORDS = 32  # a 200-character query holds fewer; the bound keeps the SQLite query small whatever arrives

# The words of a query: runs of letters and digits, as both tokenisers split text. Anything else (quotes,
# operators, punctuation) separates words and is otherwise ignored.
_WORD = re.compile(r"\w+", re.UNICODE)

# The SQL that builds the index, one list per vendor; the migration runs it and `ensure_index` re-runs it
# (idempotently) after any migration, because SQLite drops a table's triggers whenever Django remakes the table.
#
# PostgreSQL keeps the words in a stored generated column, not only in an expression index: a plan that walks the
# newest-first index (a common word, the bounded count) then tests a ready tsvector per row instead of parsing the
# text again, which made such pages slower than the ILIKE they replace. Django's model does not know the column,
# so it never reads or writes it; COPY without a column list leaves generated columns out.
POSTGRES_INDEX = [
    f"ALTER TABLE {COMMENT_TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED",
    f"CREATE INDEX IF NOT EXISTS feedback_comment_text_search ON {COMMENT_TABLE} USING gin (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS feedback_comment_text_search",
    f"ALTER TABLE {COMMENT_TABLE} DROP COLUMN IF EXISTS search_vector",
]

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {COMMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {COMMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF text ON {COMMENT_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);
    END""",
]
SQLITE_INDEX = [
    # porter over unicode61: English stemming like PostgreSQL's 'english' configuration, any script tokenised.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, content='{COMMENT_TABLE}', "
    "content_rowid='id', tokenize='porter unicode61')",
    *SQLITE_TRIGGERS,
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def words_of(query: str) -> list[str]:
    return _WORD.findall(query or "")[:MAX_WORDS]


class WebSearch(Lookup):
    """`text__websearch="words"` on PostgreSQL: the comment's stored tsvector against websearch_to_tsquery.

    A lookup rather than raw SQL so the column carries whatever alias the query gives the table (U0 when the
    comments are a subquery, as in the theme counts)."""

    lookup_name = "websearch"

    def as_sql(self, compiler, connection):
        rhs, rhs_params = self.process_rhs(compiler, connection)
        column = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.{connection.ops.quote_name('search_vector')}"
        return f"{column} @@ websearch_to_tsquery('english'::regconfig, {rhs})", rhs_params


def register_lookup() -> None:
    """Called once, from the app's ready()."""
    from coqi.experience.models import FeedbackComment

    # On the one field only (Django registers lookups per field instance), not on every TextField.
    FeedbackComment._meta.get_field("text").register_lookup(WebSearch)


def matching(query: str, *, using=None) -> Q:
    """A filter for comments containing every word of `query`; nothing matches a query without words."""
    words = words_of(query)
    if not words:
        return Q(pk__in=[])
    vendor = (using or connection).vendor
    if vendor == "postgresql":
        return Q(text__websearch=" ".join(words))
    if vendor == "sqlite":
        # Each word a quoted FTS5 string: the words hold no quotes, so nothing in them is FTS5 syntax.
        expression = " ".join(f'"{word}"' for word in words)
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]))
    # Another database: the slow but correct scan.
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return condition


def ensure_index(*, using=None) -> bool:
    """Create whatever part of the search index is missing (after migrations); True when something was made."""
    conn = using or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            tables = set(conn.introspection.table_names(cursor))
            if COMMENT_TABLE not in tables:
                return False
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [COMMENT_TABLE])
            triggers = {row[0] for row in cursor.fetchall()}
            wanted = {f"{FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")}
            if FTS_TABLE in tables and wanted <= triggers:
                return False
            for statement in SQLITE_INDEX:
                cursor.execute(statement)
            return True
        if conn.vendor == "postgresql":
            cursor.execute(f"SELECT to_regclass('{COMMENT_TABLE}')")
            if cursor.fetchone()[0] is None:
                return False
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'feedback_comment_text_search'")
            if cursor.fetchone():
                return False
            for statement in POSTGRES_INDEX:
                cursor.execute(statement)
            return True
    return False


def create_index(apps, schema_editor) -> None:
    statements = {"postgresql": POSTGRES_INDEX, "sqlite": SQLITE_INDEX}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor) -> None:
    statements = {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
