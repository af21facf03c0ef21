"""The small checks the project services share: required text, a choice, hours, a date not in the future, membership
of the organisation, lived or learnt experience, and a versioned edit with its audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from coqi.core import audit
from coqi.core import selectors as core_selectors
from coqi.core.concurrency import save_versioned
from coqi.core.models import Organisation
from coqi.projects.models import (
    Project,
)


def required(field: str, value: str, message: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if max_length and len(value) > max_length:
        raise ValidationError({field: f"Use {max_length} characters or fewer."})
    return value


def choice(field: str, value: str, choices, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def hours(field: str, value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: "Enter hours as a number, like 1.5."}) from None
    if not hours.is_finite() or hours < 0 or hours > 24:
        raise ValidationError({field: "Hours must be between 0 and 24."})
    return hours.quantize(Decimal("0.01"))


def not_future(field: str, value: date, what: str) -> date:
    if value is None:
        raise ValidationError({field: f"Enter the date {what}."})
    if value > timezone.localdate():
        raise ValidationError({field: f"The date {what} cannot be in the future."})
    return value


def organisation_member(organisation: Organisation, person, field: str = "person"):
    membership = organisation.memberships.filter(user=person).first()
    if membership is None:
        raise ValidationError({field: f"{person} is not a member of {organisation.name}."})
    return membership


def experience_in(project: Project | None, organisation: Organisation, person) -> str:
    """Lived or learnt: from the person's team role on the project, else from their organisation role."""
    place = project.members.filter(person=person).first() if project is not None else None
    return core_selectors.experience_in(
        organisation=organisation, person=person, team_role=place.role if place else None
    )


def save_changes(item, *, actor, organisation, version, values: dict, what: str, action: str, extra=None):
    """Write `values`, refused if someone saved since `version`; audit what changed (plus `extra` changes)."""
    changes = dict(extra or {})
    for field, value in values.items():
        before = getattr(item, field)
        if before != value:
            changes[field] = [before, value]
        setattr(item, field, value)
    save_versioned(item, expected_version=version, fields=list(values), what=what)
    audit.record(actor=actor, organisation=organisation, action=action, target=item, changes=changes)
    return item
