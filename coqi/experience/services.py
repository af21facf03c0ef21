"""Writes for experience of care: the column mapping, imports (redacted before storing), sending to projects."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from coqi.core import audit
from coqi.experience.importing import DataRejected, Mapping, Problem, read_responses
from coqi.experience.models import ColumnMapping, CommentTheme, FeedbackComment, FeedbackImport

CHUNK = 2_000  # responses redacted, classified and inserted at a time
MAPPING_FIELDS = ("date_column", "service_column", "score_column", "question_column", "text_column",
                  "demographic_columns")


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
    audit.record(actor=actor, organisation=organisation, action="feedback.mapping_saved", target=mapping,
                 changes={name: getattr(mapping, name) for name in MAPPING_FIELDS})
    return mapping


def _existing_fingerprints(organisation, fingerprints: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(fingerprints), 500):
        found.update(organisation.feedback_comments.filter(
            fingerprint__in=fingerprints[start:start + 500]).values_list("fingerprint", flat=True))
    return found


def import_feedback(
    *, actor, organisation, file_name: str, content: bytes, progress: Callable[[int, int], None] | None = None
) -> FeedbackImport:
    """Check the whole file, then redact, classify and store each new response in one transaction.

    Raises DataRejected (nothing saved) when any row has a problem. Responses already stored (same fingerprint)
    are skipped, so importing a file twice adds nothing twice. `progress(done, total)` is called per chunk.
    Synchronous and chunked: the classifier works on CHUNK comments at a time.
    """
    from coqi.text import redact
    from coqi.text.classifier import default_classifier

    mapping = Mapping.of(mapping_for(organisation=organisation))
    responses = read_responses(name=file_name, content=content, mapping=mapping, organisation_id=organisation.pk)
    existing = _existing_fingerprints(organisation, [r.fingerprint for r in responses])
    new = [r for r in responses if r.fingerprint not in existing]
    classifier = default_classifier()
    with transaction.atomic():
        record = FeedbackImport.objects.create(
            organisation=organisation, file_name=(file_name or "upload")[:255], rows_read=len(responses),
            duplicates_skipped=len(responses) - len(new),
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        redacted_total = 0
        if progress:
            progress(0, len(new))
        for start in range(0, len(new), CHUNK):
            chunk = new[start:start + CHUNK]
            redactions = [redact(r.text) for r in chunk]
            texts = [r.text for r in redactions]
            frame = classifier.predict_frame(
                texts, questions=[r.question or None for r in chunk], fft_scores=[r.fft_score for r in chunk]
            )
            comments = []
            for response, redaction, themes, sentiment in zip(chunk, redactions, frame["themes"], frame["sentiment"]):
                names = [name for name in (themes or "").split(";") if name]
                comments.append(FeedbackComment(
                    organisation=organisation, feedback_import=record, received_on=response.received_on,
                    service=response.service, question=response.question, fft_score=response.fft_score,
                    text=redaction.text, redactions=len(redaction.spans), themes=names,
                    sentiment=None if pd.isna(sentiment) else int(sentiment),
                    demographics=response.demographics, fingerprint=response.fingerprint,
                ))
                redacted_total += len(redaction.spans)
            FeedbackComment.objects.bulk_create(comments, batch_size=500)
            stored = dict(organisation.feedback_comments.filter(
                fingerprint__in=[c.fingerprint for c in comments]).values_list("fingerprint", "pk"))
            CommentTheme.objects.bulk_create(
                [CommentTheme(comment_id=stored[c.fingerprint], organisation=organisation, name=name)
                 for c in comments for name in c.themes],
                batch_size=1_000,
            )
            if progress:
                progress(start + len(chunk), len(new))
        record.comments_added = len(new)
        record.identifiers_redacted = redacted_total
        record.save(update_fields=["comments_added", "identifiers_redacted"])
        audit.record(
            actor=actor, organisation=organisation, action="feedback.imported", target=record,
            changes={"file": record.file_name, "responses": len(responses), "added": len(new),
                     "already there": record.duplicates_skipped, "identifiers redacted": redacted_total},
        )
    return record


def send_to_project(*, actor, organisation, project, theme: str = "", comment: FeedbackComment | None = None,
                    can_edit: bool) -> object:
    """A comment or a theme becomes "what matters" evidence on a project, through the projects area's service."""
    from coqi.projects import services as project_services

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


__all__ = ["DataRejected", "Problem", "import_feedback", "save_mapping", "send_to_project", "mapping_for"]
