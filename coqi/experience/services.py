"""Writes for experience of care: the column mapping, imports (redacted before storing), sending feedback to
projects, correcting comments and the organisation's own text model. Stories are written by
`coqi.projects.services.stories`, the one Story's own services (ADR 0034)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coqi.core import audit
from coqi.core.redaction import redact
from coqi.core.tabular import DataRejected
from coqi.experience import summaries
from coqi.experience.importing import Mapping, read_responses
from coqi.experience.models import (
    ColumnMapping,
    CommentTheme,
    FeedbackComment,
    FeedbackImport,
    ImportJob,
    OrganisationTextModel,
)

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


def _existing_fingerprints(organisation, fingerprints: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(fingerprints), 500):
        found.update(
            organisation.feedback_comments.filter(fingerprint__in=fingerprints[start : start + 500]).values_list(
                "fingerprint", flat=True
            )
        )
    return found


def import_feedback(
    *, actor, organisation, file_name: str, content: bytes, progress: Callable[[int, int], None] | None = None
) -> FeedbackImport:
    """Check the whole file, redact and classify each new response, then store them all in one transaction.

    Raises DataRejected (nothing saved) when any row has a problem. Responses already stored (same fingerprint)
    are skipped, so importing a file twice adds nothing twice. `progress(done, total)` is called per chunk while
    redacting and classifying. That slow part runs outside the transaction so a background job can commit its
    progress as it goes; only the inserts are inside it, so a failure leaves nothing half-imported.
    """
    mapping = Mapping.of(mapping_for(organisation=organisation))
    responses = read_responses(name=file_name, content=content, mapping=mapping, organisation_id=organisation.pk)
    existing = _existing_fingerprints(organisation, [r.fingerprint for r in responses])
    new = [r for r in responses if r.fingerprint not in existing]
    classifier = classifier_for(organisation=organisation)
    # (response, redacted text, identifiers removed, theme names, sentiment) per new response
    prepared: list[tuple] = []
    if progress:
        progress(0, len(new))
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        redactions = [redact(r.text) for r in chunk]
        frame = classifier.predict_frame(
            [r.text for r in redactions],
            questions=[r.question or None for r in chunk],
            fft_scores=[r.fft_score for r in chunk],
        )
        for response, redaction, themes, sentiment in zip(chunk, redactions, frame["themes"], frame["sentiment"]):
            prepared.append(
                (
                    response,
                    redaction.text,
                    redaction.removed,
                    [name for name in (themes or "").split(";") if name],
                    None if pd.isna(sentiment) else int(sentiment),
                )
            )
        if progress:
            progress(start + len(chunk), len(new))
    redacted_total = sum(item[2] for item in prepared)
    with transaction.atomic():
        record = FeedbackImport.objects.create(
            organisation=organisation,
            file_name=(file_name or "upload")[:255],
            rows_read=len(responses),
            duplicates_skipped=len(responses) - len(new),
            comments_added=len(new),
            identifiers_redacted=redacted_total,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for start in range(0, len(prepared), CHUNK):
            comments = [
                FeedbackComment(
                    organisation=organisation,
                    feedback_import=record,
                    received_on=response.received_on,
                    service=response.service,
                    question=response.question,
                    fft_score=response.fft_score,
                    text=text,
                    redactions=removed,
                    themes=names,
                    sentiment=sentiment,
                    demographics=response.demographics,
                    fingerprint=response.fingerprint,
                )
                for response, text, removed, names, sentiment in prepared[start : start + CHUNK]
            ]
            FeedbackComment.objects.bulk_create(comments, batch_size=500)
            stored = dict(
                organisation.feedback_comments.filter(fingerprint__in=[c.fingerprint for c in comments]).values_list(
                    "fingerprint", "pk"
                )
            )
            CommentTheme.objects.bulk_create(
                [
                    CommentTheme(comment_id=stored[c.fingerprint], organisation=organisation, name=name)
                    for c in comments
                    for name in c.themes
                ],
                batch_size=1_000,
            )
        # In the same transaction as the comments, so the dashboard's figures never disagree with them (ADR 0041).
        summaries.add_import(feedback_import=record)
        audit.record(
            actor=actor,
            organisation=organisation,
            action="feedback.imported",
            target=record,
            changes={
                "file": record.file_name,
                "responses": len(responses),
                "added": len(new),
                "already there": record.duplicates_skipped,
                "identifiers redacted": redacted_total,
            },
        )
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
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    content = bytes(job.content or b"")

    def report(done: int, total: int) -> None:
        stage = "Saving the comments" if total and done >= total else "Redacting and classifying"
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


def classifier_for(*, organisation):
    """The organisation's chosen model when it has one in use, else the model shipped with coqi.text."""
    from coqi.experience import retraining
    from coqi.text.classifier import default_classifier

    chosen = organisation.text_models.filter(in_use=True).values_list("pk", flat=True).first()
    if chosen is None:
        return default_classifier()
    return retraining.load_classifier(
        chosen, lambda: OrganisationTextModel.objects.values_list("model_file", flat=True).get(pk=chosen)
    )


@transaction.atomic
def relabel_comment(
    *, actor, organisation, comment: FeedbackComment, themes: list[str], sentiment: int | None
) -> FeedbackComment:
    """A person corrects a comment's themes and sentiment; corrected comments are the organisation's training data."""
    from coqi.text import framework

    if comment.organisation_id != organisation.pk:
        raise PermissionDenied
    known = framework.subcategories()
    chosen = [name for name in known if name in set(themes or [])]
    errors = {}
    if not chosen or len(chosen) != len(set(themes or [])):
        errors["themes"] = ["Choose at least one theme from the list"]
    if framework.NOT_POSSIBLE in chosen and len(chosen) > 1:
        errors["themes"] = [f"“{framework.NOT_POSSIBLE}” cannot go with other themes"]
    if sentiment is not None and sentiment not in range(1, 6):
        errors["sentiment"] = ["Choose a sentiment from 1 to 5"]
    if sentiment is None and framework.NOT_POSSIBLE not in chosen:
        errors["sentiment"] = ["Choose a sentiment from 1 to 5"]
    if errors:
        raise ValidationError(errors)
    before = {"themes": comment.themes, "sentiment": comment.sentiment}
    comment.themes = chosen
    comment.sentiment = None if framework.NOT_POSSIBLE in chosen else sentiment
    comment.labelled_at = timezone.now()
    comment.labelled_by = actor if getattr(actor, "is_authenticated", False) else None
    comment.save(update_fields=["themes", "sentiment", "labelled_at", "labelled_by"])
    comment.theme_rows.all().delete()
    CommentTheme.objects.bulk_create(
        [CommentTheme(comment=comment, organisation=organisation, name=name) for name in chosen]
    )
    summaries.relabelled(comment=comment, before=before)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="feedback.relabelled",
        target=comment,
        changes={"before": before, "after": {"themes": chosen, "sentiment": comment.sentiment}},
    )
    return comment


def run_training(*, model_id: int) -> OrganisationTextModel | None:
    """Train and score (called by the worker). The model's bytes and scores are saved together at the end."""
    from coqi.experience import retraining

    claimed = OrganisationTextModel.objects.filter(pk=model_id, status="queued").update(status="running")
    if not claimed:
        return None
    version = OrganisationTextModel.objects.select_related("organisation", "created_by").get(pk=model_id)
    rows = [
        retraining.LabelledComment(
            fingerprint=c.fingerprint,
            text=c.text,
            question=c.question,
            fft_score=c.fft_score,
            themes=list(c.themes),
            sentiment=c.sentiment,
        )
        for c in version.organisation.feedback_comments.filter(labelled_at__isnull=False).order_by("pk")
    ]
    try:
        result = retraining.train_and_score(rows)
    except retraining.NotEnoughLabels as error:
        changes = {"status": "failed", "error": str(error)}
    except Exception:
        logger.exception("Training text model %s failed", model_id)
        changes = {"status": "failed", "error": "Something went wrong on our side while training. Try again."}
    else:
        changes = {
            "status": "ready",
            "model_file": result.model_file,
            "trained_rows": result.trained_rows,
            "held_out_rows": result.held_out_rows,
            "scores": result.scores,
        }
    with transaction.atomic():
        OrganisationTextModel.objects.filter(pk=model_id).update(
            labelled_rows=len(rows), finished_at=timezone.now(), **changes
        )
        version.refresh_from_db()
        audit.record(
            actor=version.created_by,
            organisation=version.organisation,
            action="text_model.trained",
            target=version,
            changes={"status": version.status, "scores": version.scores},
        )
    return version


@transaction.atomic
def use_text_model(*, actor, organisation, version: OrganisationTextModel | None) -> None:
    """Use this model for new imports (only when it is at least as good as the shipped one on the same held-out
    rows), or go back to the shipped model with `version=None`."""
    if version is not None:
        if version.organisation_id != organisation.pk:
            raise PermissionDenied
        if not version.at_least_as_good:
            raise ValidationError(
                "This model is not at least as good as the shipped one on the held-out comments, so it cannot be used"
            )
    organisation.text_models.filter(in_use=True).update(in_use=False)
    if version is not None:
        OrganisationTextModel.objects.filter(pk=version.pk).update(in_use=True)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="text_model.chosen",
        target=version or organisation,
        changes={"model": version.pk if version else "shipped"},
    )


__all__ = [
    "import_feedback",
    "run_import_job",
    "save_mapping",
    "send_to_project",
    "mapping_for",
]
