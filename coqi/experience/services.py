"""Writes for experience of care: the column mapping, imports (redacted before storing), sending feedback to
projects, correcting comments and the organisation's own text model. Stories are written by
`coqi.projects.services.stories`, the one Story's own services (ADR 0034)."""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from coqi.core import audit
from coqi.core.tabular import DataRejected
from coqi.experience import importing, summaries
from coqi.experience.corrections import classifier_for
from coqi.experience.importing import Mapping, read_responses
from coqi.experience.models import (
    ColumnMapping,
    CommentTheme,
    FeedbackComment,
    FeedbackImport,
    ImportJob,
)
from coqi.experience.progress import ImportHeartbeat

logger = logging.getLogger(__name__)
MAX_PROBLEMS_KEPT = 200

AUDIT_LABELS = {
    "feedback.imported": "Feedback imported",
    "feedback.mapping_saved": "Feedback columns mapped",
    "feedback.import_queued": "Feedback import started in the background",
    "feedback.import_rejected": "Feedback import rejected",
    "feedback.import_failed": "Feedback import failed",
    "feedback.import_stalled": "Feedback import stopped before it finished",
    "feedback.relabelled": "Comment's themes and sentiment corrected",
    "text_model.queued": "Organisation text model training started",
    "text_model.trained": "Organisation text model trained",
    "text_model.chosen": "Text model chosen for imports",
}

CHUNK = 2_000  # responses redacted, classified and inserted at a time
MAPPING_FIELDS = (
    "date_column",
    "service_column",
    "score_column",
    "question_column",
    "text_column",
    "demographic_columns",
)


def mapping_for(*, organisation) -> ColumnMapping:
    """The organisation's saved mapping, or the default one (not saved) when it has none yet."""
    try:
        return organisation.feedback_mapping
    except ColumnMapping.DoesNotExist:
        return ColumnMapping(organisation=organisation)


@transaction.atomic
def save_mapping(*, actor, organisation, **columns) -> ColumnMapping:
    unknown = set(columns) - set(MAPPING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown mapping fields: {', '.join(sorted(unknown))}")
    mapping = mapping_for(organisation=organisation)
    errors = {}
    for name in MAPPING_FIELDS:
        if name in columns:
            value = (columns[name] or "").strip()
            if not value and name in ("date_column", "service_column", "score_column", "text_column"):
                errors[name] = "Enter the name of the column"
            setattr(mapping, name, value)
    if errors:
        raise ValidationError(errors)
    mapping.save()
    audit.record(
        actor=actor,
        organisation=organisation,
        action="feedback.mapping_saved",
        target=mapping,
        changes={name: getattr(mapping, name) for name in MAPPING_FIELDS},
    )
    return mapping


DEDUPE_BATCH = 20_000  # stored fingerprints fetched at a time while looking for responses already here
INSERT_BATCH = 5_000  # comments per executemany (SQLite) and between progress reports (both)
SQLITE_INSERT_CACHE_KB = 512 * 1024  # SQLite's page cache while an import inserts (see _insert_comments)
PARALLEL_FROM = 20_000  # new responses from which redaction and classification use a pool of processes


def _existing_fingerprints(organisation, responses: list) -> set[str]:
    """The fingerprints of the file's responses already stored. A fingerprint holds the response's date, so only
    comments within the file's dates can match: they are read in one streamed query (none for a new trust's first
    file; a few seconds for a million), rather than probing the file's fingerprints a batch at a time (240 queries
    of 5,000 parameters for 1.2 M rows, minutes on a busy PostgreSQL)."""
    if not responses:
        return set()
    first = min(r.received_on for r in responses)
    last = max(r.received_on for r in responses)
    stored = organisation.feedback_comments.filter(received_on__gte=first, received_on__lte=last)
    return set(stored.values_list("fingerprint", flat=True).iterator(chunk_size=DEDUPE_BATCH))


class _Stages:
    """Times each stage of an import and logs it (benchmarks/big_import.py reads these lines), and tells
    `progress(stage, done, total)` as each begins and moves on, so a background job's page keeps moving."""

    def __init__(self, progress: Callable[[str, int, int], None] | None, file_name: str):
        self.progress = progress
        self.file_name = file_name
        self.stage = ""
        self.started = 0.0

    def begin(self, stage: str, *, total: int = 0) -> None:
        self.end()
        self.stage, self.started = stage, time.perf_counter()
        self.tell(0, total)

    def tell(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(self.stage, done, total)

    def end(self) -> None:
        if self.stage:
            seconds = time.perf_counter() - self.started
            logger.info(
                "Import of %s: %s took %.1f s",
                self.file_name,
                self.stage,
                seconds,
                extra={"import_stage": self.stage, "import_seconds": seconds},
            )
            self.stage = ""


def _prepare(new: list, classifier, stages: _Stages) -> list[tuple]:
    """(redacted text, identifiers removed, theme names, sentiment) for each new response, in order.

    The slow part of an import (2,000–4,000 responses a second on one core). What comes out depends only on the
    text, question and score, so a response that repeats another ("Very good", or a score with no comment: a
    large part of real FFT files) is redacted and classified once. From PARALLEL_FROM responses it runs in a pool
    of COQI_IMPORT_PROCESSES processes (default: up to 2, one per core). The children are started fresh ("spawn":
    nothing of this process is copied into them, no database connection above all) and get only texts,
    questions, scores and the classifier."""
    keys: dict[tuple, int] = {}
    order = [keys.setdefault((r.text, r.question, r.fft_score), len(keys)) for r in new]
    distinct = list(keys)
    del keys
    chunks = [
        (
            [text for text, _, _ in distinct[start : start + CHUNK]],
            [question or None for _, question, _ in distinct[start : start + CHUNK]],
            [score for _, _, score in distinct[start : start + CHUNK]],
        )
        for start in range(0, len(distinct), CHUNK)
    ]
    processes = getattr(settings, "COQI_IMPORT_PROCESSES", 0) or min(2, os.cpu_count() or 1)
    done: list[tuple] = []

    def tell() -> None:  # progress in responses, as the person counts them
        stages.tell(len(new) * len(done) // max(len(distinct), 1), len(new))

    if processes > 1 and len(distinct) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes, initializer=importing.start_worker, initargs=(classifier,)) as pool:
            for result in pool.imap(importing.prepare_in_worker, chunks):
                done.extend(result)
                tell()
    else:
        for chunk in chunks:
            done.extend(importing.prepare(classifier, *chunk))
            tell()
    return [done[index] for index in order]


def _insert_comments(rows, *, count: int, stages: _Stages) -> None:
    """Insert the comments (`rows`: one dict of field values each, made as they are inserted), telling progress
    every INSERT_BATCH.

    Hand-written rather than bulk_create (ADR 0044): bulk_create builds a model instance per row (a gigabyte for a
    million) and, on SQLite, one INSERT per 71 rows (Django's bound of 999 parameters); PostgreSQL takes the rows
    through COPY, SQLite through one prepared INSERT run for many rows. Each value is prepared by its model field
    (`get_db_prep_save`, what bulk_create does), so the stored rows are the same."""
    fields = [f for f in FeedbackComment._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}  # one created_at for the whole import
    quote = connection.ops.quote_name
    table, columns = quote(FeedbackComment._meta.db_table), ", ".join(quote(f.column) for f in fields)

    def prepared(row: dict) -> list:
        return [f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY per INSERT_BATCH rows, progress told between them: while a COPY runs its connection takes
            # no other statement, and the progress may be written on this connection (inside a caller's
            # transaction, where there is no heartbeat thread).
            rows, number = iter(rows), 0
            while batch := list(islice(rows, INSERT_BATCH)):
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(prepared(row))
                number += len(batch)
                stages.tell(number, count)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
            # The unique (organisation, fingerprint) index takes rows in random order: with SQLite's default 2 MB
            # page cache a million inserts spend their time re-reading index pages (20 minutes at 1.2 M on a busy
            # machine). A bigger cache for this connection while the import inserts; the old size after.
            cursor.execute("PRAGMA cache_size")
            (cache_size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-SQLITE_INSERT_CACHE_KB}")
            try:
                batch: list[list] = []
                for number, row in enumerate(rows, start=1):
                    batch.append(prepared(row))
                    if len(batch) == INSERT_BATCH:
                        cursor.executemany(sql, batch)
                        batch = []
                        stages.tell(number, count)
                if batch:
                    cursor.executemany(sql, batch)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    stages.tell(count, count)


def _insert_themes(record: FeedbackImport) -> None:
    comment = FeedbackComment._meta.db_table
    theme = CommentTheme._meta.db_table
    elements = (
        "jsonb_array_elements_text(c.themes) AS t(value)"
        if connection.vendor == "postgresql"
        else "json_each(c.themes) AS t"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {theme} (comment_id, organisation_id, name) "  # noqa: S608 - table names from the models
            f"SELECT c.id, c.organisation_id, t.value FROM {comment} AS c, {elements} "
            "WHERE c.feedback_import_id = %s ORDER BY c.id",
            [record.pk],
        )


def _after_insert(record: FeedbackImport) -> None:
    """Called inside the import's transaction once its comments and theme rows are in: the one place where what
    is derived from an import's comments is brought up to date with them, so figures never disagree with the
    comments (ADR 0044): the summaries the dashboard reads (ADR 0041)."""
    summaries.add_import(feedback_import=record)


def import_feedback(
    *, actor, organisation, file_name: str, content: bytes, progress: Callable[[str, int, int], None] | None = None
) -> FeedbackImport:
    """Check the whole file, redact and classify each new response, then store them all in one transaction.

    Raises DataRejected (nothing saved) when any row has a problem. Responses already stored (same fingerprint)
    are skipped, so importing a file twice adds nothing twice. `progress(stage, done, total)` is called as each
    stage begins and as it moves on. The slow part (redacting and classifying) runs outside the transaction so a
    background job can commit its progress as it goes; only the inserts are inside it, so a failure leaves nothing
    half-imported.
    """
    stages = _Stages(progress, file_name)
    stages.begin("Checking the file")
    mapping = Mapping.of(mapping_for(organisation=organisation))
    try:
        responses = read_responses(name=file_name, content=content, mapping=mapping, organisation_id=organisation.pk)
        stages.begin("Looking for responses already here", total=len(responses))
        existing = _existing_fingerprints(organisation, responses)
        new = [r for r in responses if r.fingerprint not in existing]
        classifier = classifier_for(organisation=organisation)
        stages.begin("Redacting and classifying", total=len(new))
        prepared = _prepare(new, classifier, stages)
        redacted_total = sum(item[1] for item in prepared)
        rows_read, duplicates, added = len(responses), len(responses) - len(new), len(new)
        del responses, existing
        with ImportHeartbeat(progress) as heartbeat:
            stages.progress = heartbeat
            stages.begin("Saving the comments", total=added)
            with transaction.atomic():
                record = FeedbackImport.objects.create(
                    organisation=organisation,
                    file_name=(file_name or "upload")[:255],
                    rows_read=rows_read,
                    duplicates_skipped=duplicates,
                    comments_added=added,
                    identifiers_redacted=redacted_total,
                    imported_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                rows = (
                    {
                        "organisation_id": organisation.pk,
                        "feedback_import_id": record.pk,
                        "received_on": response.received_on,
                        "service": response.service,
                        "question": response.question,
                        "fft_score": response.fft_score,
                        "text": text,
                        "redactions": removed,
                        "themes": names,
                        "sentiment": sentiment,
                        "demographics": response.demographics,
                        "fingerprint": response.fingerprint,
                    }
                    for response, (text, removed, names, sentiment) in zip(new, prepared)
                )
                _insert_comments(rows, count=added, stages=stages)
                stages.begin("Saving the themes")
                _insert_themes(record)
                stages.begin("Updating the summaries")
                _after_insert(record)
                audit.record(
                    actor=actor,
                    organisation=organisation,
                    action="feedback.imported",
                    target=record,
                    changes={
                        "file": record.file_name,
                        "responses": rows_read,
                        "added": added,
                        "already there": duplicates,
                        "identifiers redacted": redacted_total,
                    },
                )
                stages.begin("Committing")
    finally:
        stages.end()
    return record


# Files up to this size import while the person waits; bigger ones become a background job with a progress page.
INLINE_MAX_BYTES = 200 * 1024


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run a queued import (called by the worker). Progress is committed as it goes so the job page can show it.

    Whatever happens, the job ends succeeded, rejected (with every row/column problem) or failed, and the
    uploaded bytes are dropped.
    """
    # Claim the job: only a queued job starts, so a task delivered twice never imports twice.
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, stage="Checking the file", started_at=now, progress_at=now
    )
    if not claimed:
        return None
    # The file is read once, as bytes (a memoryview from some drivers would be copied by bytes() anyway).
    job = ImportJob.objects.defer("content").select_related("organisation", "created_by").get(pk=job_id)
    content = ImportJob.objects.values_list("content", flat=True).get(pk=job_id) or b""
    content = content if isinstance(content, bytes) else bytes(content)

    def report(stage: str, done: int, total: int) -> None:
        # Every stage moves the heartbeat, the long inserts too (see ImportHeartbeat), so a slow big import is never
        # taken for a dead one by fail_stalled_imports.
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=total, stage=stage, progress_at=timezone.now()
        )

    finish = {"content": None, "finished_at": None, "stage": ""}
    try:
        record = import_feedback(
            actor=job.created_by,
            organisation=job.organisation,
            file_name=job.file_name,
            content=content,
            progress=report,
        )
    except DataRejected as rejected:
        finish.update(status=ImportJob.Status.REJECTED, problems=rejected.messages[:MAX_PROBLEMS_KEPT])
        action = "feedback.import_rejected"
    except Exception:  # a bug or a lost database: the job must still end, and say so
        logger.exception("Feedback import job %s failed", job.pk)
        finish.update(
            status=ImportJob.Status.FAILED,
            error="Something went wrong on our side and nothing was imported. Try again, and tell "
            "your administrator if it happens again.",
        )
        action = "feedback.import_failed"
    else:
        finish.update(
            status=ImportJob.Status.SUCCEEDED,
            result=record,
            rows_done=record.comments_added,
            rows_total=record.comments_added,
        )
        action = None
    finish["finished_at"] = timezone.now()
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(**finish)
        job.refresh_from_db()
        if action:  # a success is already audited by import_feedback
            audit.record(
                actor=job.created_by,
                organisation=job.organisation,
                action=action,
                target=job,
                changes={"file": job.file_name, "problems": len(job.problems)},
            )
    return job


STALLED_ERROR = "The import stopped before it finished, so nothing was saved. Upload the file again."


def import_stall_limit() -> timedelta:
    """How long a running import may go without progress before it counts as stopped (setting
    FEEDBACK_IMPORT_STALL_MINUTES, default 10). A chunk of 2,000 comments takes seconds, so 10 minutes of silence
    means the worker died (restart, out of memory, a killed container), not that it is slow."""
    return timedelta(minutes=getattr(settings, "FEEDBACK_IMPORT_STALL_MINUTES", 10))


def fail_stalled_imports(*, organisation=None, now: datetime | None = None) -> int:
    """End as failed every running import that has made no progress for `import_stall_limit()`, and drop its
    uploaded bytes; returns how many. Called when a job page is read and when the worker takes an import, so a
    job whose worker died does not say "Importing" for ever.

    Nothing of such a job was saved: its comments are stored in one transaction at the very end, which a dead
    worker never committed. If the worker was only very slow and does finish, its own final update wins.
    """
    cutoff = (now or timezone.now()) - import_stall_limit()
    stalled_filter = Q(status=ImportJob.Status.RUNNING) & (
        Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, started_at__lt=cutoff)
    )
    stalled = ImportJob.objects.filter(stalled_filter)
    if organisation is not None:
        stalled = stalled.filter(organisation=organisation)
    failed = 0
    for job in stalled.defer("content").select_related("organisation"):
        with transaction.atomic():
            # Decided again in the UPDATE itself: a worker that reports progress meanwhile keeps its job.
            ended = ImportJob.objects.filter(stalled_filter, pk=job.pk).update(
                status=ImportJob.Status.FAILED, error=STALLED_ERROR, stage="", content=None, finished_at=timezone.now()
            )
            if ended:
                failed += 1
                audit.record(
                    actor=None,
                    organisation=job.organisation,
                    action="feedback.import_stalled",
                    target=job,
                    changes={"file": job.file_name, "last progress": str(job.progress_at or job.started_at)},
                )
    return failed


def send_to_project(
    *, actor, organisation, project, theme: str = "", comment: FeedbackComment | None = None, can_edit: bool
) -> object:
    """A comment or a theme becomes "what matters" evidence on a project, through the projects area's service."""
    from coqi.projects.services import evidence as project_services

    if project.organisation_id != organisation.pk:
        raise PermissionDenied
    if not can_edit:
        raise PermissionDenied
    if comment is not None:
        if comment.organisation_id != organisation.pk:
            raise PermissionDenied
        name = (theme or (comment.themes[0] if comment.themes else "Feedback comment"))[:200]
        score = f", FFT score {comment.fft_score}" if comment.fft_score else ""
        note = f"FFT comment, {comment.service}, {comment.received_on:%-d %B %Y}{score}: “{comment.text[:1500]}”"
    elif theme.strip():
        name = theme.strip()[:200]
        count = organisation.feedback_comments.filter(theme_rows__name=name).count()
        note = f"FFT theme across {count} comment{'s' if count != 1 else ''} in {organisation.name}"
    else:
        raise ValidationError({"theme": "Choose a theme or a comment to send"})
    # The projects service writes and audits ("feedback_theme.added"); the note says it came from feedback.
    return project_services.add_feedback_theme(actor=actor, project=project, name=name, source_note=note)


__all__ = [
    "import_feedback",
    "run_import_job",
    "save_mapping",
    "send_to_project",
    "mapping_for",
]
