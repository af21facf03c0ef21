"""Writes for what matters to people: stories with consent, feedback themes, Always Events candidates and touchpoints
on the care journey, added and edited. Each write is keyword-only, in one transaction, recording one audit event;
validation problems are `ValidationError`s naming the field and an edit that lost a race is an `EditConflict`."""

from __future__ import annotations

from datetime import date

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
    Story,
    Touchpoint,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "story.added": "Story added",
    "story.withdrawn": "Story removed (consent withdrawn)",
    "feedback_theme.added": "Feedback theme linked",
    "always_event.added": "Always Event candidate added",
    "touchpoint.added": "Touchpoint added",
    "feedback_theme.changed": "Feedback theme changed",
    "always_event.changed": "Always Events candidate changed",
    "touchpoint.changed": "Touchpoint changed",
}


@transaction.atomic
def add_story(
    *,
    actor,
    project: Project,
    title: str,
    text: str,
    told_by: str = "",
    consent_given_by: str,
    consent_scope: str,
    consent_given_on: date,
) -> Story:
    """A story with its consent. Free text is redacted before storing; nothing identifying goes to the audit."""
    title = checks.required("title", title, "Give the story a short title", 200)
    text = checks.required("text", text, "Enter the story")
    consent_given_by = checks.required(
        "consent_given_by", consent_given_by, "Say who gave consent (a name or 'the storyteller')", 200
    )
    consent_scope = checks.required("consent_scope", consent_scope, "Say what they agreed the story may be used for")
    checks.not_future("consent_given_on", consent_given_on, "consent was given")
    redacted_text, text_hits = redact(text)
    redacted_title, title_hits = redact(title)
    redacted_told_by, told_by_hits = redact((told_by or "").strip())
    story = Story.objects.create(
        project=project,
        title=redacted_title[:200],
        text=redacted_text,
        told_by=redacted_told_by[:200],
        consent_given_by=consent_given_by,
        consent_scope=consent_scope,
        consent_given_on=consent_given_on,
        redactions=text_hits + title_hits + told_by_hits,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="story.added",
        target=story,
        changes={"project": project.title, "redactions": story.redactions, "consent_given_on": str(consent_given_on)},
    )
    return story


@transaction.atomic
def withdraw_story(*, actor, story: Story) -> None:
    """The storyteller withdrew consent: the story is deleted, not hidden. The audit keeps only that it happened."""
    project = story.project
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="story.withdrawn",
        target=story,
        changes={"project": project.title, "consent_given_on": str(story.consent_given_on)},
    )
    story.delete()


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
