"""Writes for the learning register and development opportunities: keyword-only, one transaction, one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, lock, save_versioned
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.core.selectors import experience_in
from coqi.learning.models import (
    DevelopmentOpportunity,
    LearningAttendance,
    LearningEvent,
    OpportunityKind,
    OpportunityResponse,
    ResponseStatus,
    Topic,
)
from coqi.learning.selectors import can_see

__all__ = ["record_event", "update_event", "set_attendance", "offer_opportunity", "respond"]

AUDIT_LABELS = {
    "learning.event_recorded": "Learning event recorded",
    "learning.event_changed": "Learning event changed",
    "learning.attendance_changed": "Learning attendance changed",
    "learning.opportunity_offered": "Development opportunity offered",
    "learning.opportunity_response": "Development opportunity answered",
}

MAX_HOURS = Decimal("99")
TEXT_LIMIT = 2000


def _required(field: str, value: str, message: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this to {limit} characters or fewer."})
    return text


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": "Enter hours as a number, like 1.5."}) from None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS:
        raise ValidationError({"hours": "Hours must be more than 0 and no more than 99."})
    if (hours * 4) % 1:
        raise ValidationError({"hours": "Give hours to the nearest quarter hour, like 1.25 or 2.5."})
    return hours.quantize(Decimal("0.01"))


def _members(organisation: Organisation, people: Iterable, field: str) -> list:
    people = list(people)
    ids = [p.pk for p in people]
    if len(set(ids)) != len(ids):
        raise ValidationError({field: "Someone is listed twice."})
    members = set(organisation.memberships.filter(user_id__in=ids).values_list("user_id", flat=True))
    strangers = [p for p in people if p.pk not in members]
    if strangers:
        raise ValidationError({field: f"{strangers[0]} is not a member of {organisation.name}."})
    return people


def _check_event(topic, title, held_on, hours, run_by):
    if topic not in Topic.values:
        raise ValidationError({"topic": "Choose what the learning was about."})
    title = _required("title", title, "Enter a title for the learning event.", 200)
    if not isinstance(held_on, date):
        raise ValidationError({"held_on": "Enter the date the learning event was held."})
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": "Record a learning event once it has happened: the date cannot be in the future."}
        )
    hours = _hours(hours)
    run_by = _required("run_by", run_by, "Say who ran it, for example a trainer's name or 'Partners' forum'.", 200)
    return topic, title, held_on, hours, run_by


@transaction.atomic
def record_event(
    *,
    actor,
    organisation: Organisation,
    topic: str,
    title: str,
    held_on: date,
    hours,
    run_by: str,
    attendees: Iterable = (),
) -> LearningEvent:
    """Record a learning event and who attended. Each attendee's lived or learnt experience is kept as on the day."""
    topic, title, held_on, hours, run_by = _check_event(topic, title, held_on, hours, run_by)
    people = _members(organisation, attendees, "attendees")
    event = LearningEvent.objects.create(
        organisation=organisation,
        topic=topic,
        title=title,
        held_on=held_on,
        hours=hours,
        run_by=run_by,
        created_by=actor,
    )
    rows = [
        LearningAttendance(event=event, person=p, experience=experience_in(organisation=organisation, person=p))
        for p in people
    ]
    LearningAttendance.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="learning.event_recorded",
        target=event,
        changes={
            "topic": topic,
            "held_on": held_on.isoformat(),
            "attendees": len(rows),
            "lived_experience_attendees": sum(1 for r in rows if r.experience == Experience.LIVED),
        },
    )
    return event


@transaction.atomic
def update_event(
    *,
    actor,
    event: LearningEvent,
    expected_version: ExpectedVersion,
    topic: str,
    title: str,
    held_on: date,
    hours,
    run_by: str,
) -> LearningEvent:
    """Correct an event's details. Attendance is changed separately (set_attendance)."""
    fields = ("topic", "title", "held_on", "hours", "run_by")
    topic, title, held_on, hours, run_by = _check_event(topic, title, held_on, hours, run_by)
    before = {f: getattr(event, f) for f in fields}
    event.topic, event.title, event.held_on, event.hours, event.run_by = topic, title, held_on, hours, run_by
    save_versioned(event, expected_version=expected_version, fields=list(fields), what="learning event")
    audit.record(
        actor=actor,
        organisation=event.organisation,
        action="learning.event_changed",
        target=event,
        changes={f: [str(before[f]), str(getattr(event, f))] for f in fields if before[f] != getattr(event, f)},
    )
    return event


@transaction.atomic
def set_attendance(
    *, actor, event: LearningEvent, attendees: Iterable, expected_version: ExpectedVersion
) -> LearningEvent:
    """Make the attendance list exactly `attendees`. People still listed keep the experience recorded on the day."""
    organisation = event.organisation
    people = _members(organisation, attendees, "attendees")
    save_versioned(event, expected_version=expected_version, fields=[], what="learning event")
    wanted = {p.pk for p in people}
    existing = set(event.attendances.filter(person__isnull=False).values_list("person_id", flat=True))
    removed = existing - wanted
    event.attendances.filter(person_id__in=removed).delete()
    added = [p for p in people if p.pk not in existing]
    LearningAttendance.objects.bulk_create(
        LearningAttendance(event=event, person=p, experience=experience_in(organisation=organisation, person=p))
        for p in added
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="learning.attendance_changed",
        target=event,
        changes={"added": len(added), "removed": len(removed)},
    )
    return event


@transaction.atomic
def offer_opportunity(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str = "",
    closes_on: date | None = None,
    open_to_all_partners: bool = False,
    offered_to: Iterable = (),
) -> DevelopmentOpportunity:
    """Offer a development opportunity to every lived experience partner, or to the people named (or both)."""
    if kind not in OpportunityKind.values:
        raise ValidationError({"kind": "Choose what kind of opportunity this is."})
    title = _required(
        "title", title, "Say what the opportunity is, for example 'Co-chair the patient safety group'.", 200
    )
    description = (description or "").strip()
    if len(description) > TEXT_LIMIT:
        raise ValidationError({"description": f"Keep this to {TEXT_LIMIT} characters or fewer."})
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The closing date must be today or later."})
    people = _members(organisation, offered_to, "offered_to")
    if not open_to_all_partners and not people:
        raise ValidationError({"offered_to": "Open it to all partners, or name at least one person to offer it to."})
    opportunity = DevelopmentOpportunity.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        description=description,
        closes_on=closes_on,
        open_to_all_partners=bool(open_to_all_partners),
        created_by=actor,
    )
    OpportunityResponse.objects.bulk_create(
        OpportunityResponse(
            opportunity=opportunity,
            person=p,
            status=ResponseStatus.OFFERED,
            experience=experience_in(organisation=organisation, person=p),
        )
        for p in people
    )
    audit.record(
        actor=actor,
        organisation=organisation,
        action="learning.opportunity_offered",
        target=opportunity,
        changes={"open_to_all_partners": bool(open_to_all_partners), "offered_to": len(people)},
    )
    return opportunity


# What each side may say. Partners answer for themselves; facilitators and admins also record who took it up.
SELF_ANSWERS = (ResponseStatus.INTERESTED, ResponseStatus.DECLINED)
KEEPER_ANSWERS = (ResponseStatus.INTERESTED, ResponseStatus.TAKEN_UP, ResponseStatus.DECLINED)


@transaction.atomic
def respond(
    *, actor, opportunity: DevelopmentOpportunity, person, status: str, by_keeper: bool = False
) -> OpportunityResponse:
    """Record where `person` stands: interested or declined (themselves), or taken up (a facilitator or admin)."""
    allowed = KEEPER_ANSWERS if by_keeper else SELF_ANSWERS
    if status not in allowed:
        raise ValidationError({"status": "Choose one of the answers offered."})
    organisation = opportunity.organisation
    _members(organisation, [person], "person")
    role = organisation.memberships.filter(user=person).values_list("role", flat=True).first()
    if not can_see(opportunity=opportunity, person=person, role=role):
        raise ValidationError({"person": "This opportunity was not offered to that person."})
    lock(opportunity)  # a person's first answer has no row to lock yet: two at once would both create one
    existing = OpportunityResponse.objects.filter(opportunity=opportunity, person=person).first()
    if existing is None and opportunity.is_closed() and not by_keeper:
        raise ValidationError({"status": "This opportunity has closed."})
    if existing is not None and existing.status == ResponseStatus.TAKEN_UP and not by_keeper:
        raise ValidationError({"status": "You have already taken this up. Talk to your facilitator to change it."})
    before = existing.status if existing else None
    response = existing or OpportunityResponse(
        opportunity=opportunity, person=person, experience=experience_in(organisation=organisation, person=person)
    )
    response.status = status
    response.updated_at = timezone.now()
    response.save()
    audit.record(
        actor=actor,
        organisation=organisation,
        action="learning.opportunity_response",
        target=opportunity,
        changes={"person": str(person), "status": [before, status]},
    )
    return response
