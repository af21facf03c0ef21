"""Learning together: the learning register and development opportunities in the JSON API.

Mounted under /api/v1/organisations; foreign ids are 404, bad input 422.

Facilitators and organisation admins see every event and opportunity with who attended or answered; anyone else
sees only the events they attended and the opportunities offered to them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, Id, errors, invalid
from coqi.core.permissions import allows
from coqi.learning import selectors, services
from coqi.learning.models import OpportunityKind, ResponseStatus, Topic

# What `services._hours` accepts, as the document can say it: 0.25 to 99 in quarter hours. No look-ahead: the
# regex engines of pydantic and of client generators (Rust's, RE2) have none.
HOURS_PATTERN = r"^(0?\.(25|5|50|75)|0?[1-9](\.(0|00|25|5|50|75))?|[1-9][0-9](\.(0|00|25|5|50|75))?)$"

router = Router(tags=["learning"])


class AttendeeOut(Schema):
    person_id: int | None = Field(..., description="Empty when the person asked to be forgotten")
    name: str
    experience: str = Field(..., description="lived or learnt, as on the day")


class EventOut(Schema):
    id: int
    topic: str = Field(..., description=f"One of: {', '.join(Topic.values)}")
    title: str
    held_on: date
    hours: str
    run_by: str
    learnt_together: bool = Field(..., description="Attended by both lived and learnt experience members")
    attendees: list[AttendeeOut]


class EventIn(Body):
    topic: Topic
    title: FilledLine = Field(..., max_length=200)
    held_on: date
    hours: str = Field(
        ...,
        pattern=HOURS_PATTERN,
        description="Hours as a decimal string, more than 0 and at most 99, to the nearest quarter hour, e.g. '2.5'",
    )
    run_by: FilledLine = Field(..., max_length=200)
    attendee_ids: list[Id] = Field(default_factory=list, description="User ids of members who attended")


class YearOut(Schema):
    financial_year: int = Field(..., description="The year the financial year (1 April – 31 March) starts")
    events: int
    attendances: int
    lived_attendances: int
    learnt_attendances: int
    events_learnt_together: int
    share_learnt_together: float
    opportunities_offered: int
    taken_up: int


class OpportunityResponseOut(Schema):
    person_id: int | None
    name: str
    status: str = Field(..., description=f"One of: {', '.join(ResponseStatus.values)}")


class OpportunityOut(Schema):
    id: int
    kind: str = Field(..., description=f"One of: {', '.join(OpportunityKind.values)}")
    title: str
    description: str
    offered_on: date
    closes_on: date | None
    open_to_all_partners: bool
    responses: list[OpportunityResponseOut]


def _name(person) -> str:
    return person.name if person is not None else "A person who asked to be forgotten"


def _event_out(event) -> dict:
    attendances = list(event.attendances.all())
    return {
        "id": event.pk,
        "topic": event.topic,
        "title": event.title,
        "held_on": event.held_on,
        "hours": f"{event.hours.normalize():f}",
        "run_by": event.run_by,
        "learnt_together": {a.experience for a in attendances} >= {"lived", "learnt"},
        "attendees": [
            {"person_id": a.person_id, "name": _name(a.person), "experience": a.experience} for a in attendances
        ],
    }


def _opportunity_out(opportunity, only_person=None) -> dict:
    responses = [r for r in opportunity.responses.all() if only_person is None or r.person_id == only_person.pk]
    return {
        "id": opportunity.pk,
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "offered_on": opportunity.offered_on,
        "closes_on": opportunity.closes_on,
        "open_to_all_partners": opportunity.open_to_all_partners,
        "responses": [{"person_id": r.person_id, "name": _name(r.person), "status": r.status} for r in responses],
    }


@router.get(
    "/{slug}/learning/events",
    response={200: list[EventOut], **errors(401, 404)},
    summary="Learning events with who attended (facilitators and admins: all; others: those they attended)",
)
@api_rule(see="organisation.view")
def list_events(request, slug: str):
    access = request.access
    events = selectors.events_with_attendance(organisation=access.organisation)
    if not allows(access, "learning.keep"):
        events = events.filter(attendances__person=request.auth)
    return [_event_out(e) for e in events]


@router.post(
    "/{slug}/learning/events",
    response={201: EventOut, **errors(400, 401, 403, 404, 422)},
    summary="Record a learning event and who attended (facilitators and admins)",
)
@api_rule(do="learning.keep")
def record_event(request, slug: str, payload: EventIn):
    access = request.access
    members = {
        m.user_id: m.user
        for m in access.organisation.memberships.select_related("user").filter(user_id__in=payload.attendee_ids)
    }
    unknown = [i for i in payload.attendee_ids if i not in members]
    if unknown:
        return Status(
            422,
            {
                "detail": "Invalid input",
                "errors": [{"field": "attendee_ids", "message": f"{unknown[0]} is not a member of this organisation."}],
            },
        )
    try:
        event = services.record_event(
            actor=request.auth,
            organisation=access.organisation,
            topic=payload.topic,
            title=payload.title,
            held_on=payload.held_on,
            hours=payload.hours,
            run_by=payload.run_by,
            attendees=[members[i] for i in payload.attendee_ids],
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, _event_out(selectors.event_for(organisation=access.organisation, event_id=event.pk)))


@router.get(
    "/{slug}/learning/figures",
    response={200: list[YearOut], **errors(401, 403, 404)},
    summary="Learning figures per financial year: events, attendances, the share learnt together",
)
@api_rule(do="learning.see_figures")
def figures(request, slug: str):
    access = request.access
    return [
        {
            "financial_year": f.year,
            "events": f.events,
            "attendances": f.attendances,
            "lived_attendances": f.lived_attendances,
            "learnt_attendances": f.learnt_attendances,
            "events_learnt_together": f.events_together,
            "share_learnt_together": round(f.share_together, 4),
            "opportunities_offered": f.opportunities_offered,
            "taken_up": f.taken_up,
        }
        for f in selectors.figures_by_year(organisation=access.organisation)
    ]


@router.get(
    "/{slug}/learning/opportunities",
    response={200: list[OpportunityOut], **errors(401, 404)},
    summary="Development opportunities (facilitators and admins: all, with every answer; others: those "
    "offered to them, with their own answer)",
)
@api_rule(see="organisation.view")
def list_opportunities(request, slug: str):
    access = request.access
    if allows(access, "learning.keep"):
        return [_opportunity_out(o) for o in selectors.opportunities_with_responses(organisation=access.organisation)]
    mine = selectors.opportunities_for_person(organisation=access.organisation, person=request.auth, role=access.role)
    wanted = {row.opportunity.pk for row in mine}
    rows = selectors.opportunities_with_responses(organisation=access.organisation).filter(pk__in=wanted)
    return [_opportunity_out(o, only_person=request.auth) for o in rows]
