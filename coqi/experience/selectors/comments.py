"""Reads of comments themselves: the filters people set, the comment browser's pages (the full-text index and
keyset pages, ADR 0042), one comment, imports and their jobs, corrections and text models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.experience import search
from coqi.experience.models import FeedbackComment, FeedbackImport, ImportJob

SENTIMENTS = {1: "Very positive", 2: "Positive", 3: "Neutral or mixed", 4: "Negative", 5: "Very negative"}
PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    service: str = ""
    theme: str = ""
    sentiment: int | None = None
    group: str = ""  # "column=value", e.g. "age group=65+"
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        def day(name):
            try:
                return date.fromisoformat(query.get(name, "").strip()) if query.get(name, "").strip() else None
            except ValueError:
                return None

        sentiment = query.get("sentiment", "").strip()
        return cls(
            service=query.get("service", "").strip(),
            theme=query.get("theme", "").strip(),
            sentiment=int(sentiment) if sentiment in {"1", "2", "3", "4", "5"} else None,
            group=query.get("group", "").strip(),
            date_from=day("from"),
            date_to=day("to"),
            search=query.get("q", "").strip()[:200],
        )

    def querystring(self, **changes) -> str:
        from urllib.parse import urlencode

        values = {
            "service": self.service,
            "theme": self.theme,
            "sentiment": self.sentiment or "",
            "group": self.group,
            "from": self.date_from or "",
            "to": self.date_to or "",
            "q": self.search,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def comments_in(*, organisation, filters: Filters = Filters()):
    comments = organisation.feedback_comments.all()
    if filters.service:
        comments = comments.filter(service=filters.service)
    if filters.theme:
        comments = comments.filter(theme_rows__name=filters.theme)
    if filters.sentiment:
        comments = comments.filter(sentiment=filters.sentiment)
    if filters.group and "=" in filters.group:
        column, value = filters.group.split("=", 1)
        comments = comments.filter(**{f"demographics__{column}": value})
    if filters.date_from:
        comments = comments.filter(received_on__gte=filters.date_from)
    if filters.date_to:
        comments = comments.filter(received_on__lte=filters.date_to)
    if filters.search:
        comments = comments.filter(search.matching(filters.search))
    return comments


COUNT_LIMIT = 1_000  # a page counts its matches up to this and then says "more than"
# PostgreSQL: a search its statistics expect to match more comments than this is common enough to find its page
# by walking the newest first; fewer, and the GIN index is asked first (reading its whole bitmap of a common
# word costs more than the walk: 130 ms for 280,000 matches).
COMMON_MATCHES = 20_000


@dataclass(frozen=True)
class Cursor:
    """A place in the newest-first order: (received_on, id) of a comment, written "2025-01-09.123" in links."""

    received_on: date
    id: int

    def __str__(self) -> str:
        return f"{self.received_on.isoformat()}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor a link carries, or None for a missing or malformed one (the first page, never an error)."""
        day, _, number = (text or "").strip().partition(".")
        if not number.isascii() or not number.isdigit() or len(number) > 12:
            return None
        try:
            return cls(date.fromisoformat(day), int(number))
        except ValueError:
            return None

    def token(self) -> str:
        """The API's form: the day as a number (date.toordinal) and the id, e.g. "739260.123"."""
        return f"{self.received_on.toordinal()}.{self.id}"

    @classmethod
    def from_token(cls, text: str) -> Cursor:
        """Any "<digits>.<digits>" is a place in the order: a day beyond the calendar is its first or last day."""
        day, _, number = text.partition(".")
        ordinal = min(max(int(day), 1), date.max.toordinal())
        return cls(date.fromordinal(ordinal), int(number))

    @classmethod
    def of(cls, comment) -> Cursor:
        return cls(comment.received_on, comment.pk)


@dataclass
class CommentPage:
    """One keyset page of comments, newest first, and a count that stops at COUNT_LIMIT."""

    comments: list
    count: int  # exact when `count_is_exact`, else COUNT_LIMIT + 1
    newer: Cursor | None  # link to the page before this one, if there is one
    older: Cursor | None  # link to the page after this one, if there is one

    @property
    def count_is_exact(self) -> bool:
        return self.count <= COUNT_LIMIT

    def __iter__(self):
        return iter(self.comments)

    def __len__(self) -> int:
        return len(self.comments)


def _matches_by_the_index(matching) -> list[int]:
    """PostgreSQL, with a search: the ids of up to COUNT_LIMIT + 1 matches, read through the GIN index's bitmap.

    Left to itself the planner may walk the newest-first index testing each row, betting that some of the next
    rows match; for a rare word or a miss (which its statistics cannot tell from a middling one) that walks the
    trust's whole history. Forbidding plain scans for this
    one query (SET LOCAL, inside its own transaction, then put back) leaves only bitmap scans, which ask the GIN
    index first: a miss costs nothing, a common word stops at the limit.
    """
    planner = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"set_config('{name}', 'off', true)" for name in planner))
        ids = list(matching.order_by().values_list("id", flat=True)[: COUNT_LIMIT + 1])
        cursor.execute(
            "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)", [list(planner)]
        )
    return ids


def _estimated_matches(matching) -> int:
    """PostgreSQL's own estimate of how many comments match (EXPLAIN: planning only, from its word statistics)."""
    sql, params = matching.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(comments, limit: int = COUNT_LIMIT) -> int:
    """How many, counted no further than limit + 1: one bounded query whatever the history holds."""
    return comments.order_by()[: limit + 1].count()


def comment_page(
    *,
    organisation,
    filters: Filters,
    older_than: Cursor | None = None,
    newer_than: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> CommentPage:
    """A page of comments by keyset on (received_on, id): two queries (page, bounded count), never an OFFSET.

    `older_than` pages on (the "Older" link), `newer_than` pages back (the "Newer" link); neither: the newest.
    """
    matching = comments_in(organisation=organisation, filters=filters)
    count = None
    searching = bool(search.words_of(filters.search))  # a search without words matches nothing, by no query
    if searching and connection.vendor == "postgresql" and _estimated_matches(matching) <= COMMON_MATCHES:
        ids = _matches_by_the_index(matching)
        count = len(ids)
        if count <= COUNT_LIMIT:
            matching = matching.filter(pk__in=ids)  # few: the page reads just these, by primary key
    # organisation_id too: rows read through the organisation's manager look it up on each row otherwise.
    comments = matching.only(
        "id",
        "organisation_id",
        "received_on",
        "service",
        "question",
        "fft_score",
        "text",
        "themes",
        "sentiment",
        "demographics",
    )
    if newer_than is not None:
        after = Q(received_on__gt=newer_than.received_on) | Q(received_on=newer_than.received_on, id__gt=newer_than.id)
        rows = list(
            comments.filter(after, received_on__gte=newer_than.received_on).order_by("received_on", "id")[: size + 1]
        )
        more = len(rows) > size
        rows = rows[:size][::-1]
        if not more:  # back at the newest: the first page, whole, as its own link shows it
            return comment_page(organisation=organisation, filters=filters, size=size)
        newer = Cursor.of(rows[0])
        older = Cursor.of(rows[-1])
    else:
        if older_than is not None:
            before = Q(received_on__lt=older_than.received_on) | Q(
                received_on=older_than.received_on, id__lt=older_than.id
            )
            comments = comments.filter(before, received_on__lte=older_than.received_on)
        rows = list(comments.order_by("-received_on", "-id")[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        newer = Cursor.of(rows[0]) if older_than is not None and rows else None
        older = Cursor.of(rows[-1]) if more else None
    return CommentPage(
        comments=rows, count=bounded_count(matching) if count is None else count, newer=newer, older=older
    )


def comment_in(*, organisation, comment_id) -> FeedbackComment:
    try:
        return organisation.feedback_comments.get(pk=id_or_404(comment_id))
    except FeedbackComment.DoesNotExist:
        raise Http404 from None


def import_job_in(*, organisation, job_id) -> ImportJob:
    try:
        return organisation.feedback_import_jobs.defer("content").select_related("result").get(pk=id_or_404(job_id))
    except ImportJob.DoesNotExist:
        raise Http404 from None


def unfinished_jobs_of(*, organisation):
    return list(organisation.feedback_import_jobs.defer("content").exclude(status__in=ImportJob.FINISHED)[:10])


def imports_of(*, organisation, limit: int = 10):
    return organisation.feedback_imports.select_related("imported_by")[:limit]


def import_count(*, organisation) -> int:
    return FeedbackImport.objects.filter(organisation=organisation).count()


def labelled_count(*, organisation) -> int:
    return organisation.feedback_comments.filter(labelled_at__isnull=False).count()


def next_to_label(*, organisation, after: FeedbackComment):
    """The next comment (older first, as the browser lists them) nobody has corrected yet."""
    return (
        organisation.feedback_comments.filter(labelled_at__isnull=True)
        .filter(Q(received_on__lt=after.received_on) | Q(received_on=after.received_on, pk__lt=after.pk))
        .order_by("-received_on", "-id")
        .only("id")
        .first()
    )


def text_models_of(*, organisation):
    return list(organisation.text_models.defer("model_file").select_related("created_by")[:10])


def text_model_in(*, organisation, model_id):
    from coqi.experience.models import OrganisationTextModel

    try:
        return organisation.text_models.defer("model_file").get(pk=id_or_404(model_id))
    except OrganisationTextModel.DoesNotExist:
        raise Http404 from None
