"""Writes for the innovation library: each keyword-only, in one transaction, recording one audit event.

Free text may mention patients, so every text field is redacted with coqi.text before it is stored. Visibility is
set once, explicitly, when an innovation is shared; after that only `change_visibility` changes it, and widening
needs `confirm_widening=True` (ADR 0021).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, save_versioned
from coqi.core.models import Organisation
from coqi.core.permissions import role_allowed
from coqi.core.redaction import redact
from coqi.innovation.models import (
    VISIBILITY_RANK,
    Adoption,
    Ingredient,
    Innovation,
    InnovationTag,
    PopulationGroup,
    Setting,
    Visibility,
)
from coqi.projects.services import projects as project_services

__all__ = ["share_innovation", "update_innovation", "change_visibility", "adopt_innovation"]

AUDIT_LABELS = {
    "innovation.shared": "Innovation shared",
    "innovation.updated": "Innovation changed",
    "innovation.visibility_widened": "Innovation shown more widely",
    "innovation.visibility_narrowed": "Innovation shown less widely",
    "innovation.adopted": "Innovation adopted",
}

TITLE_LIMIT = 200
TEXT_LIMIT = 4000

_TEXT_FIELDS = {
    "what": "what changed",
    "why": "why it was needed",
    "evidence": "how you know it worked",
    "co_produced_with": "who co-produced it",
}


def _text(field: str, value: str, what: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {what}."})
    if len(text) > limit:
        raise ValidationError({field: f"{what[0].upper() + what[1:]}: use {limit} characters or fewer."})
    return redact(text).text


def _choices(field: str, values, choices, message: str, *, required: bool) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if required and not values:
        raise ValidationError({field: message})
    unknown = [v for v in values if v not in choices.values]
    if unknown:
        raise ValidationError({field: f"{message} ({', '.join(map(str, unknown))} is not one of them)."})
    return values


def _cleaned(*, title, what, why, evidence, co_produced_with, setting, ingredients, population_groups) -> dict:
    data = {"title": _text("title", title, "a title", TITLE_LIMIT)}
    given = {"what": what, "why": why, "evidence": evidence, "co_produced_with": co_produced_with}
    for field, label in _TEXT_FIELDS.items():
        data[field] = _text(field, given[field], label, TEXT_LIMIT)
    if setting not in Setting.values:
        raise ValidationError({"setting": "Choose the setting where it worked."})
    data["setting"] = setting
    data["ingredients"] = _choices(
        "ingredients", ingredients, Ingredient, "Choose at least one of the four critical ingredients", required=True
    )
    data["population_groups"] = _choices(
        "population_groups",
        population_groups,
        PopulationGroup,
        "Choose the population groups it affects",
        required=True,
    )
    return data


def _set_tags(innovation: Innovation, ingredients: list[str], population_groups: list[str]) -> None:
    innovation.tags.all().delete()
    InnovationTag.objects.bulk_create(
        [InnovationTag(innovation=innovation, kind=InnovationTag.Kind.INGREDIENT, value=v) for v in ingredients]
        + [InnovationTag(innovation=innovation, kind=InnovationTag.Kind.POPULATION, value=v) for v in population_groups]
    )


@transaction.atomic
def share_innovation(
    *,
    actor,
    organisation: Organisation,
    title: str,
    what: str,
    why: str,
    evidence: str,
    co_produced_with: str,
    setting: str,
    ingredients,
    population_groups,
    visibility: str,
) -> Innovation:
    """Any member shares a change that worked. `visibility` has no default: the person chooses it on purpose."""
    if not organisation.memberships.filter(user=actor).exists():
        raise ValidationError("Only members of the organisation can share its innovations.")
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Choose who can see this innovation."})
    data = _cleaned(
        title=title,
        what=what,
        why=why,
        evidence=evidence,
        co_produced_with=co_produced_with,
        setting=setting,
        ingredients=ingredients,
        population_groups=population_groups,
    )
    tags = (data.pop("ingredients"), data.pop("population_groups"))
    innovation = Innovation.objects.create(organisation=organisation, visibility=visibility, submitted_by=actor, **data)
    _set_tags(innovation, *tags)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="innovation.shared",
        target=innovation,
        changes={"visibility": visibility, "setting": data["setting"]},
    )
    return innovation


@transaction.atomic
def update_innovation(
    *,
    actor,
    innovation: Innovation,
    expected_version: ExpectedVersion,
    title: str,
    what: str,
    why: str,
    evidence: str,
    co_produced_with: str,
    setting: str,
    ingredients,
    population_groups,
) -> Innovation:
    """Edit the description. Deliberately takes no visibility: an edit can never widen who sees it."""
    data = _cleaned(
        title=title,
        what=what,
        why=why,
        evidence=evidence,
        co_produced_with=co_produced_with,
        setting=setting,
        ingredients=ingredients,
        population_groups=population_groups,
    )
    tags = (data.pop("ingredients"), data.pop("population_groups"))
    before = {field: getattr(innovation, field) for field in data}
    for field, value in data.items():
        setattr(innovation, field, value)
    innovation.updated_at = timezone.now()
    save_versioned(innovation, expected_version=expected_version, fields=[*data, "updated_at"], what="innovation")
    _set_tags(innovation, *tags)
    changed = sorted(field for field, value in before.items() if value != data[field])
    audit.record(
        actor=actor,
        organisation=innovation.organisation,
        action="innovation.updated",
        target=innovation,
        changes={"fields": changed},
    )
    return innovation


@transaction.atomic
def change_visibility(*, actor, innovation: Innovation, visibility: str, confirm_widening: bool = False) -> Innovation:
    """Narrowing is allowed at any time; widening only when the person has confirmed it (`confirm_widening`)."""
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Choose who can see this innovation."})
    innovation = Innovation.objects.select_for_update().select_related("organisation").get(pk=innovation.pk)
    before = innovation.visibility
    if visibility == before:
        raise ValidationError({"visibility": "That is who can already see it. Choose a different option."})
    widening = VISIBILITY_RANK[Visibility(visibility)] > VISIBILITY_RANK[Visibility(before)]
    if widening and not confirm_widening:
        raise ValidationError(
            {"confirm": "Confirm that you mean to let more people see this innovation."}, code="unconfirmed"
        )
    innovation.visibility = visibility
    innovation.version += 1
    innovation.updated_at = timezone.now()
    innovation.save(update_fields=["visibility", "version", "updated_at"])
    audit.record(
        actor=actor,
        organisation=innovation.organisation,
        action="innovation.visibility_widened" if widening else "innovation.visibility_narrowed",
        target=innovation,
        changes={"visibility": [before, visibility]},
    )
    return innovation


def _project_description(innovation: Innovation, link: str) -> str:
    return (
        f"Adopted from “{innovation.title}”, shared by {innovation.organisation.name}.\n\n"
        f"What matters: {innovation.why}\n\n"
        f"What they changed: {innovation.what}\n\n"
        f"How they knew it worked: {innovation.evidence}\n\n"
        f"The original: {link}"
    )


OWN_INNOVATION = (
    "This innovation is your own organisation's, so it cannot be adopted here. To do more of it, start a project."
)


@transaction.atomic
def adopt_innovation(*, actor, organisation: Organisation, innovation: Innovation, link: str = "") -> Adoption:
    """Start a project in `organisation` seeded from the innovation, and record the adoption.

    The caller finds `innovation` through a selector that only returns what `organisation` may see; the check here
    refuses anything else all the same.
    """
    membership = organisation.memberships.filter(user=actor).first()
    if membership is None or not role_allowed(membership.role, "innovation.adopt"):
        raise ValidationError("Only staff, facilitators and admins can start a project from an innovation.")
    if innovation.organisation_id == organisation.pk:
        # Adoption is one organisation learning from another: counting one's own change would inflate the spread.
        raise ValidationError(OWN_INNOVATION)
    visible = (
        innovation.organisation_id == organisation.pk
        or innovation.visibility == Visibility.EVERYONE
        or (innovation.visibility == Visibility.SYSTEM and innovation.organisation.system_id == organisation.system_id)
    )
    if not visible:  # the selectors already 404 this; a second lock on the door for any other caller
        raise ValidationError("That innovation has not been shared with your organisation.")
    project = project_services.create_project(
        actor=actor,
        organisation=organisation,
        title=f"Adopting: {innovation.title}"[:200],
        description=_project_description(innovation, link),
    )
    adoption = Adoption.objects.create(
        innovation=innovation, organisation=organisation, project=project, adopted_by=actor
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="innovation.adopted",
        target=innovation,
        changes={"source_organisation": innovation.organisation.name, "project": project.title},
    )
    return adoption
