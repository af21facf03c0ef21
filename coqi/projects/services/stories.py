"""Writes for stories: the organisation's one record of each story told with consent (ADR 0034).

A story is recorded once, either on a project's page (`add_story`, consent for that project's improvement work) or
in the experience-of-care area (`record_story`, with each use the storyteller agreed to asked separately), and
used by any of the organisation's projects its consent allows (`use_story_in_project`). Withdrawing consent deletes
the row, so it leaves every project at once. Free text is redacted before it is stored, and the audit keeps counts,
dates and project titles, never the words."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coqi.core import audit
from coqi.core.models import Organisation
from coqi.core.redaction import redact
from coqi.projects.choices import ConsentUse, StoryTeller
from coqi.projects.models import Project, ProjectStory, Story
from coqi.projects.services import checks

AUDIT_LABELS = {
    "story.added": "Story added",
    "story.recorded": "Story recorded",
    "story.used_in_project": "Story added to a project",
    "story.withdrawn": "Story removed (consent withdrawn)",
}


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _create(*, actor, organisation: Organisation, free_text: dict[str, str], **fields) -> Story:
    """Redact every free-text field, then store the story with the count of identifiers removed."""
    redacted = {name: redact(value) for name, value in free_text.items()}
    limits = {"title": 200, "told_by": 200}
    values = {name: result.text[: limits.get(name, len(result.text))] for name, result in redacted.items()}
    return Story.objects.create(
        organisation=organisation,
        redactions=sum(result.removed for result in redacted.values()),
        recorded_by=_person(actor),
        **values,
        **fields,
    )


def _link(*, actor, story: Story, project: Project) -> ProjectStory:
    try:
        with transaction.atomic():  # a savepoint, so a race to add the same story leaves the outer work intact
            return ProjectStory.objects.create(story=story, project=project, added_by=_person(actor))
    except IntegrityError:
        raise ValidationError({"project": f"This story is already in {project.title}"}) from None


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
    """A story told for this project, with the consent given for its improvement work."""
    title = checks.required("title", title, "Give the story a short title", 200)
    text = checks.required("text", text, "Enter the story")
    consent_given_by = checks.required(
        "consent_given_by", consent_given_by, "Say who gave consent (a name or 'the storyteller')", 200
    )
    consent_scope = checks.required("consent_scope", consent_scope, "Say what they agreed the story may be used for")
    checks.not_future("consent_given_on", consent_given_on, "consent was given")
    story = _create(
        actor=actor,
        organisation=project.organisation,
        free_text={"title": title, "text": text, "told_by": (told_by or "").strip(), "consent_scope": consent_scope},
        consent_given_by=consent_given_by,
        consent_uses=[ConsentUse.IMPROVEMENT.value],
        consent_given_on=consent_given_on,
    )
    _link(actor=actor, story=story, project=project)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="story.added",
        target=story,
        changes={"project": project.title, "redactions": story.redactions, "consent_given_on": str(consent_given_on)},
    )
    return story


def _text(field: str, value, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters or fewer"})
    return value


@transaction.atomic
def record_story(
    *,
    actor,
    organisation: Organisation,
    title: str,
    text: str,
    teller: str,
    consent_given_by: str,
    consent_uses: list[str],
    consent_given_on: date | None,
    consent_scope: str = "",
    told_by: str = "",
    service: str = "",
) -> Story:
    """A story recorded for the organisation, with each use the storyteller agreed to. Every problem is reported
    at once, field by field."""
    errors: dict[str, list[str]] = {}
    values = {}
    for field, value, message, limit in [
        ("title", title, "Give the story a short title", 200),
        ("text", text, "Enter the story", 50_000),
        ("consent_given_by", consent_given_by, "Say who gave consent (for example: the storyteller)", 200),
    ]:
        try:
            values[field] = _text(field, value, message, limit)
        except ValidationError as error:
            errors.update(error.message_dict)
    if teller not in StoryTeller.values:
        errors["teller"] = ["Say who told the story"]
    uses = [use for use in ConsentUse.values if use in set(consent_uses or [])]
    if not uses or len(uses) != len(set(consent_uses or [])):
        errors["consent_uses"] = ["Choose at least one use the storyteller agreed to"]
    if consent_given_on is None:
        errors["consent_given_on"] = ["Enter the date consent was given"]
    else:
        try:
            checks.not_future("consent_given_on", consent_given_on, "consent was given")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    story = _create(
        actor=actor,
        organisation=organisation,
        free_text={
            "title": values["title"],
            "text": values["text"],
            "told_by": (told_by or "").strip()[:200],
            "consent_scope": (consent_scope or "").strip()[:2000],
        },
        service=(service or "").strip()[:200],
        teller=teller,
        consent_given_by=values["consent_given_by"],
        consent_uses=uses,
        consent_given_on=consent_given_on,
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="story.recorded",
        target=story,
        changes={"uses": uses, "consent_given_on": str(consent_given_on), "redactions": story.redactions},
    )
    return story


@transaction.atomic
def use_story_in_project(*, actor, story: Story, project: Project, can_edit: bool) -> ProjectStory:
    """The same story, now also among a project's evidence: only with consent for improvement work, and once."""
    if project.organisation_id != story.organisation_id or not can_edit:
        raise PermissionDenied
    if not story.may_go_to_projects:
        raise ValidationError(
            {
                "project": "The storyteller did not agree to their story being used in improvement "
                "projects, so it cannot be added to one"
            }
        )
    link = _link(actor=actor, story=story, project=project)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="story.used_in_project",
        target=story,
        changes={"project": project.title},
    )
    return link


@transaction.atomic
def withdraw_story(*, actor, story: Story) -> list[str]:
    """The storyteller withdrew consent: the story is deleted, not hidden, from the organisation and every project
    that used it. Returns those projects' titles. The audit keeps that it happened and where, never the words."""
    titles = list(story.projects.order_by("title").values_list("title", flat=True))
    audit.record(
        actor=actor,
        organisation=story.organisation,
        action="story.withdrawn",
        target=story,
        changes={"projects": titles, "consent_given_on": str(story.consent_given_on)},
    )
    story.delete()
    return titles
