"""Activities with attendance in the JSON API, in a project and organisation-wide. Mounted under
/api/v1/organisations. Ids of other organisations' records are 404, like unknown ids; bad input is 422 with each
problem naming its field; an edit that lost a race with someone else's is 409."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from coqi.core import selectors as core_selectors
from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledLine, Id, Text, decimal, errors, invalid
from coqi.projects.api.projects import API_FIELD_NAMES, PAGE, SKIP, project_in_request
from coqi.projects.choices import ActivityKind, Rung
from coqi.projects.models import Activity
from coqi.projects.selectors import activities as selectors
from coqi.projects.services import activities as services

router = Router(tags=["projects"])


class ActivityAttendanceOut(Schema):
    person_id: int
    name: str
    hours: Decimal
    experience: str


# Hours on one day.
DayHours = decimal(ge=0, le=24)


class AttendanceIn(Body):
    person_id: Id
    hours: DayHours | None = Field(None, description="Defaults to the activity's length")


class ActivityOut(Schema):
    id: int
    project_id: int | None
    kind: str
    title: str
    held_on: date
    hours: Decimal
    rung: str
    notes: str
    attendance: list[ActivityAttendanceOut]
    version: int


class ActivityIn(Body):
    kind: ActivityKind
    title: FilledLine = Field(..., max_length=200)
    held_on: date
    hours: DayHours
    rung: Rung = Field(..., description="Rung on the ladder of co-production")
    notes: Text = ""
    attendance: list[AttendanceIn] = Field(default_factory=list)


def _activity_out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "project_id": activity.project_id,
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "hours": activity.hours,
        "rung": activity.rung,
        "notes": activity.notes,
        "version": activity.version,
        "attendance": [
            {"person_id": a.person_id, "name": a.person.name, "hours": a.hours, "experience": a.experience}
            for a in activity.attendances.all()
        ],
    }


def _attendees(organisation, rows: list[AttendanceIn]):
    """People for an attendance list; anyone not in the organisation is a 422 naming the row."""
    members = {m.user_id: m.user for m in core_selectors.members_of(organisation=organisation)}
    people, errors = [], []
    for index, row in enumerate(rows):
        person = members.get(row.person_id)
        if person is None:
            errors.append(
                {
                    "field": f"attendance.{index}.person_id",
                    "message": f"No one with id {row.person_id} is in this organisation.",
                }
            )
        else:
            people.append((person, row.hours) if row.hours is not None else person)
    return people, errors


def _record(request, organisation, project, payload: ActivityIn):
    people, errors = _attendees(organisation, payload.attendance)
    if errors:
        return Status(422, {"detail": "Invalid activity", "errors": errors})
    try:
        activity = services.record_activity(
            actor=request.auth,
            organisation=organisation,
            project=project,
            kind=payload.kind,
            title=payload.title,
            held_on=payload.held_on,
            hours=payload.hours,
            rung=payload.rung,
            notes=payload.notes,
            attendees=people,
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid activity")
    return Status(201, _activity_out(selectors.activity_in(organisation=organisation, activity_id=activity.pk)))


@router.get(
    "/{slug}/projects/{project_id}/activities",
    response={200: list[ActivityOut], **errors(401, 404, 422)},
    summary="The project's activities with attendance, latest first",
)
@api_rule(see="projects.view")
def list_activities(request, slug: str, project_id: int, limit: int = PAGE, offset: int = SKIP):
    _, project = project_in_request(request, slug, project_id)
    rows = selectors.activities_of(project=project).prefetch_related("attendances__person")[offset : offset + limit]
    return [_activity_out(a) for a in rows]


@router.post(
    "/{slug}/projects/{project_id}/activities",
    response={201: ActivityOut, **errors(400, 401, 403, 404, 422)},
    summary="Record an activity and who was there",
)
@api_rule(do="projects.change")
def record_activity(request, slug: str, project_id: int, payload: ActivityIn):
    access, project = project_in_request(request, slug, project_id, edit=True)
    return _record(request, access.organisation, project, payload)


@router.get(
    "/{slug}/activities",
    response={200: list[ActivityOut], **errors(401, 404, 422)},
    summary="Activities outside any project (forums, training, events)",
)
@api_rule(see="projects.view")
def list_organisation_activities(request, slug: str, limit: int = PAGE, offset: int = SKIP):
    access = request.access
    rows = selectors.organisation_activities(organisation=access.organisation).prefetch_related("attendances__person")[
        offset : offset + limit
    ]
    return [_activity_out(a) for a in rows]


@router.post(
    "/{slug}/activities",
    response={201: ActivityOut, **errors(400, 401, 403, 404, 422)},
    summary="Record an activity outside any project",
)
@api_rule(do="activities.record")
def record_organisation_activity(request, slug: str, payload: ActivityIn):
    access = request.access
    return _record(request, access.organisation, None, payload)
