"""Writes about how comments are read: one comment's themes and sentiment corrected by a person, and an
organisation's own text model trained from such corrections and chosen for later imports (ADR 0012)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.experience import summaries
from coqi.experience.models import CommentTheme, FeedbackComment, OrganisationTextModel

logger = logging.getLogger(__name__)


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
