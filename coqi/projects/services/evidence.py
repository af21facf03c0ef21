"""Writes for what matters to people: feedback themes, Always Events candidates and touchpoints on the care journey,
added and edited (stories have their own module, `stories`). Each write is keyword-only, in one transaction,
recording one audit event; validation problems are `ValidationError`s naming the field and an edit that lost a
race is an `EditConflict`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion
from coqi.core.redaction import redact
from coqi.projects.choices import (
    Emotion,
)
from coqi.projects.models import (
    AlwaysEventCandidate,
    FeedbackTheme,
    Project,
    Touchpoint,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "feedback_theme.added": "Feedback theme linked",
    "always_event.added": "Always Event candidate added",
    "touchpoint.added": "Touchpoint added",
    "feedback_theme.changed": "Feedback theme changed",
    "always_event.changed": "Always Events candidate changed",
    "touchpoint.changed": "Touchpoint changed",
}


@transaction.atomic
def add_feedback_theme(*, actor, project: Project, name: str, source_note: str = "") -> FeedbackTheme:
    theme = FeedbackTheme.objects.create(
        project=project,
        name=checks.required("name", name, "Enter the theme", 200),
        source_note=(source_note or "").strip(),
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="feedback_theme.added",
        target=theme,
        changes={"project": project.title, "name": theme.name},
    )
    return theme


@transaction.atomic
def add_always_event_candidate(
    *,
    actor,
    project: Project,
    statement: str,
    important_to_patients: bool,
    evidence_based: bool,
    measurable: bool,
    affordable_and_sustainable: bool,
    notes: str = "",
) -> AlwaysEventCandidate:
    candidate = AlwaysEventCandidate.objects.create(
        project=project,
        statement=checks.required("statement", statement, "Enter what should always happen", 300),
        important_to_patients=bool(important_to_patients),
        evidence_based=bool(evidence_based),
        measurable=bool(measurable),
        affordable_and_sustainable=bool(affordable_and_sustainable),
        notes=(notes or "").strip(),
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="always_event.added",
        target=candidate,
        changes={"project": project.title, "meets_all_criteria": candidate.meets_all_criteria},
    )
    return candidate


@transaction.atomic
def add_touchpoint(
    *, actor, project: Project, journey_point: str, emotion: str, position: int = 1, what_happened: str = ""
) -> Touchpoint:
    checks.choice("emotion", emotion, Emotion, "Choose how this moment felt")
    if position is None or int(position) < 1:
        raise ValidationError({"position": "Enter where this comes in the journey, 1 or more."})
    redacted, _ = redact((what_happened or "").strip())
    touchpoint = Touchpoint.objects.create(
        project=project,
        journey_point=checks.required("journey_point", journey_point, "Enter the point in the care journey", 200),
        emotion=emotion,
        position=int(position),
        what_happened=redacted,
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="touchpoint.added",
        target=touchpoint,
        changes={"project": project.title, "emotion": emotion},
    )
    return touchpoint


@transaction.atomic
def update_feedback_theme(*, actor, theme: FeedbackTheme, version: ExpectedVersion, name: str, source_note: str = ""):
    values = {"name": checks.required("name", name, "Enter the theme", 200), "source_note": (source_note or "").strip()}
    return checks.save_changes(
        theme,
        actor=actor,
        organisation=theme.project.organisation,
        version=version,
        values=values,
        what="feedback theme",
        action="feedback_theme.changed",
    )


@transaction.atomic
def update_always_event_candidate(
    *,
    actor,
    candidate: AlwaysEventCandidate,
    version: ExpectedVersion,
    statement: str,
    important_to_patients: bool,
    evidence_based: bool,
    measurable: bool,
    affordable_and_sustainable: bool,
    notes: str = "",
):
    values = {
        "statement": checks.required("statement", statement, "Enter what should always happen", 300),
        "important_to_patients": bool(important_to_patients),
        "evidence_based": bool(evidence_based),
        "measurable": bool(measurable),
        "affordable_and_sustainable": bool(affordable_and_sustainable),
        "notes": (notes or "").strip(),
    }
    return checks.save_changes(
        candidate,
        actor=actor,
        organisation=candidate.project.organisation,
        version=version,
        values=values,
        what="Always Events candidate",
        action="always_event.changed",
    )


@transaction.atomic
def update_touchpoint(
    *,
    actor,
    touchpoint: Touchpoint,
    version: ExpectedVersion,
    journey_point: str,
    emotion: str,
    position: int,
    what_happened: str = "",
):
    checks.choice("emotion", emotion, Emotion, "Choose how this moment felt")
    if position is None or int(position) < 1:
        raise ValidationError({"position": "Enter where this comes in the journey, 1 or more."})
    redacted, _ = redact((what_happened or "").strip())
    values = {
        "journey_point": checks.required("journey_point", journey_point, "Enter the point in the care journey", 200),
        "emotion": emotion,
        "position": int(position),
        "what_happened": redacted,
    }
    return checks.save_changes(
        touchpoint,
        actor=actor,
        organisation=touchpoint.project.organisation,
        version=version,
        values=values,
        what="touchpoint",
        action="touchpoint.changed",
    )
