"""Writes for the self-assessment: each keyword-only, in one transaction, recording one audit event.

A response is saved as a draft as often as the person likes; it counts only once submitted, and it can be
submitted only when every statement has a rating. A closed round takes no more answers.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.assessment import framework as frameworks
from coqi.assessment.models import Response, Round
from coqi.core import audit
from coqi.core.models import Organisation
from coqi.core.roles import Experience

AUDIT_LABELS = {
    "assessment.round_opened": "Self-assessment round opened",
    "assessment.round_closed": "Self-assessment round closed",
    "assessment.response_saved": "Self-assessment draft saved",
    "assessment.response_submitted": "Self-assessment answers submitted",
}

COMMENT_LIMIT = 2000
# Codes for the refusals that are about the round's state rather than the answers (the API answers 409 to them).
ROUND_CLOSED = "round_closed"
ALREADY_SUBMITTED = "already_submitted"


@transaction.atomic
def open_round(*, actor, organisation: Organisation, title: str, framework=None) -> Round:
    framework = framework or frameworks.current()
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter a name for the round, for example 'Spring 2026'."})
    if len(title) > 200:
        raise ValidationError({"title": "The name must be 200 characters or fewer."})
    round_ = Round.objects.create(
        organisation=organisation,
        title=title,
        framework_id=framework.id,
        framework_version=framework.version,
        opened_by=actor,
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="assessment.round_opened",
        target=round_,
        changes={"title": [None, title], "framework": f"{framework.id} v{framework.version}"},
    )
    return round_


@transaction.atomic
def close_round(*, actor, round: Round) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if round_.closed_at is None:
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        audit.record(actor=actor, organisation=round_.organisation, action="assessment.round_closed", target=round_)
    return round_


def _clean_answers(framework, ratings: dict, comments: dict) -> tuple[dict, dict]:
    known = {st.id for st in framework.statements}
    errors = {}
    clean_ratings: dict[str, int] = {}
    for key, value in (ratings or {}).items():
        if key not in known:
            errors[key] = f"'{key}' is not a statement in this self-assessment."
            continue
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number not in framework.scale_values:
            errors[key] = f"Choose a rating from {framework.lowest} to {framework.highest}."
            continue
        clean_ratings[key] = number
    clean_comments: dict[str, str] = {}
    for key, value in (comments or {}).items():
        if key not in known:
            errors[key] = f"'{key}' is not a statement in this self-assessment."
            continue
        text = (value or "").strip()
        if len(text) > COMMENT_LIMIT:
            errors[key] = f"A comment must be {COMMENT_LIMIT} characters or fewer."
        elif text:
            clean_comments[key] = text
    if errors:
        raise ValidationError(errors)
    return clean_ratings, clean_comments


@transaction.atomic
def save_response(
    *, actor, round: Round, experience: str, ratings: dict, comments: dict | None = None, submit: bool = False
) -> Response:
    """Save `actor`'s answers in `round` (a draft), and submit them when `submit` and every statement is rated."""
    round_ = Round.objects.select_for_update().select_related("organisation").get(pk=round.pk)
    if not round_.is_open:
        raise ValidationError("This round has closed, so it takes no more answers.", code=ROUND_CLOSED)
    if experience not in Experience.values:
        raise ValidationError({"experience": "Choose lived or learnt experience."})
    response = Response.objects.filter(round=round_, respondent=actor).first()
    if response is not None and response.is_submitted:
        raise ValidationError("You have already submitted your answers to this round.", code=ALREADY_SUBMITTED)
    framework = frameworks.load(round_.framework_id, round_.framework_version)
    clean_ratings, clean_comments = _clean_answers(framework, ratings, comments or {})
    if submit:
        missing = [st.id for st in framework.statements if st.id not in clean_ratings]
        if missing:
            raise ValidationError({key: "Choose a rating for this statement before you submit." for key in missing})
    now = timezone.now()
    if response is None:
        response = Response(round=round_, respondent=actor)
    response.experience = experience
    response.ratings = clean_ratings
    response.comments = clean_comments
    response.updated_at = now
    response.submitted_at = now if submit else None
    response.save()
    audit.record(
        actor=actor,
        organisation=round_.organisation,
        action="assessment.response_submitted" if submit else "assessment.response_saved",
        target=response,
        changes={"experience": experience, "rated": f"{len(clean_ratings)} of {len(framework.statements)}"},
    )
    return response
