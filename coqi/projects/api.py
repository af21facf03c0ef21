"""Projects in the JSON API: projects, their teams, activities with attendance, and decisions.

Mounted under /api/v1/organisations. Ids of other organisations' records are 404, like unknown ids; bad input
is 422 with each problem naming its field; an edit that lost a race with someone else's is 409.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from coqi.core import selectors as core_selectors
from coqi.core.access import api_require, api_rule
from coqi.core.api_schemas import errors, invalid
from coqi.core.concurrency import EditConflict
from coqi.projects import selectors, services
from coqi.projects.access import project_access
from coqi.projects.choices import ActivityKind, DecisionMethod, Rung, Stage, TeamRole
from coqi.projects.models import Activity, Decision, Project, ProjectMember

router = Router(tags=["projects"])


def _choices(choices) -> str:
    return ", ".join(choices.values)


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    stage: str = Field(..., description=f"One of: {_choices(Stage)}")
    team_size: int
    partner_count: int = Field(..., description="Team members with lived experience (partners, carers, community)")
    activity_count: int
    partner_at_first_activity: bool | None = Field(
        ..., description="Whether someone with lived experience was at the first activity (null before any activity)"
    )
    created_at: datetime
    updated_at: datetime
    version: int = Field(..., description="Send this back when you change the project")


class ProjectDetailOut(ProjectOut):
    first_activity_id: int | None
    first_activity_on: date | None
    what_changed: str


class ProjectIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = ""
    your_role: str | None = Field(None, description=f"Join the team yourself in this role: {_choices(TeamRole)}")
    your_role_description: str = ""


class ProjectPatch(Schema):
    version: int = Field(..., description="The version you last read; a newer one means someone else changed it")
    title: str | None = Field(None, max_length=200)
    description: str | None = None
    stage: str | None = Field(None, description=f"One of: {_choices(Stage)}")


class TeamMemberOut(Schema):
    id: int
    person_id: int
    name: str
    role: str = Field(..., description=f"One of: {_choices(TeamRole)}")
    experience: str = Field(..., description="lived or learnt")
    role_description: str
    joined_on: date
    version: int


class MemberIn(Schema):
    person_id: int | None = Field(None, description="Someone already in the organisation")
    email: str | None = Field(None, description="Or invite someone new by e-mail")
    role: str = Field(..., description=f"One of: {_choices(TeamRole)}")
    role_description: str = Field(..., max_length=500)
    joined_on: date | None = None


class InvitedOut(Schema):
    invited: str
    role: str


class ActivityAttendanceOut(Schema):
    person_id: int
    name: str
    hours: Decimal
    experience: str


class AttendanceIn(Schema):
    person_id: int
    hours: Decimal | None = Field(None, description="Defaults to the activity's length")


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


class ActivityIn(Schema):
    kind: str = Field(..., description=f"One of: {_choices(ActivityKind)}")
    title: str = Field(..., max_length=200)
    held_on: date
    hours: Decimal = Field(..., ge=0, le=24)
    rung: str = Field(..., description=f"Rung on the ladder of co-production: {_choices(Rung)}")
    notes: str = ""
    attendance: list[AttendanceIn] = Field(default_factory=list)


class DissentOut(Schema):
    name: str
    in_their_words: str


class RoomOut(Schema):
    group: str
    count: int


class DecisionOut(Schema):
    id: int
    question: str
    options: list[str]
    method: str
    rung: str
    decided_on: date
    present_member_ids: list[int]
    in_the_room: list[RoomOut]
    others_present: str
    outcome: str
    dissents: list[DissentOut]


class DissentIn(Schema):
    name: str = ""
    in_their_words: str


class DecisionIn(Schema):
    question: str = Field(..., max_length=300)
    options: list[str] = Field(..., min_length=1)
    method: str = Field(..., description=f"One of: {_choices(DecisionMethod)}")
    rung: str = Field(..., description=f"One of: {_choices(Rung)}")
    decided_on: date
    present_member_ids: list[int] = Field(default_factory=list, description="Team member ids of this project")
    others_present: str = ""
    outcome: str
    dissents: list[DissentIn] = Field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------------------


# The services name some fields as the web forms do; the API's payloads name them differently.
API_FIELD_NAMES = {"attendees": "attendance"}


def project_in_request(request, slug: str, project_id: int, *, edit: bool = False) -> tuple[object, Project]:
    """The caller's access (from `api_rule`) and the project, for any area's API: 404 for foreign ids, 403 for a
    caller who may not change it (the team may, whatever their role)."""
    access = request.access
    project = selectors.project_for(organisation=access.organisation, project_id=project_id)
    if edit and not project_access(access=access, project=project, user=request.auth).can_edit:
        raise HttpError(403, "You can read this project but not change it.")
    return access, project


def _project_out(project: Project) -> dict:
    counted = selectors.projects_in(organisation=project.organisation).get(pk=project.pk)
    first = selectors.first_activity(project=project)
    check = selectors.partnership_from_first_conversation(project=project, first=first)
    return {
        "id": counted.pk,
        "title": counted.title,
        "description": counted.description,
        "stage": counted.stage,
        "team_size": counted.team_size,
        "partner_count": counted.partner_count,
        "activity_count": counted.activity_count,
        "created_at": counted.created_at,
        "updated_at": counted.updated_at,
        "version": counted.version,
        "what_changed": counted.what_changed,
        "first_activity_id": first.pk if first else None,
        "first_activity_on": first.held_on if first else None,
        "partner_at_first_activity": (not check.flagged) if first else None,
    }


def _member_out(member: ProjectMember) -> dict:
    return {
        "id": member.pk,
        "person_id": member.person_id,
        "name": member.person.name,
        "role": member.role,
        "experience": member.experience,
        "role_description": member.role_description,
        "joined_on": member.joined_on,
        "version": member.version,
    }


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


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "question": decision.question,
        "options": decision.option_list,
        "method": decision.method,
        "rung": decision.rung,
        "decided_on": decision.decided_on,
        "present_member_ids": [m.pk for m in decision.present.all()],
        "in_the_room": [{"group": label, "count": count} for label, count in decision.room],
        "others_present": decision.others_present,
        "outcome": decision.outcome,
        "dissents": [{"name": d.name, "in_their_words": d.in_their_words} for d in decision.dissents.all()],
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


# --- projects ---------------------------------------------------------------------------------------------

PAGE = Query(100, ge=1, le=500, description="How many to return (1–500).")
SKIP = Query(0, ge=0, description="How many to skip.")


@router.get(
    "/{slug}/projects", response={200: list[ProjectOut], **errors(401, 404, 422)}, summary="The organisation's projects"
)
@api_rule(see="projects.view")
def list_projects(request, slug: str, limit: int = PAGE, offset: int = SKIP):
    access = request.access
    return [
        {
            **{f: getattr(p, f) for f in ProjectOut.model_fields if f != "partner_at_first_activity"},
            "partner_at_first_activity": p.partner_at_first_activity if p.first_activity_id else None,
        }
        for p in selectors.projects_in(organisation=access.organisation)[offset : offset + limit]
    ]


@router.post(
    "/{slug}/projects",
    response={201: ProjectDetailOut, **errors(400, 401, 403, 404, 422)},
    summary="Start a project (optionally joining its team yourself)",
)
@api_rule(do="projects.start")
def create_project(request, slug: str, payload: ProjectIn):
    access = request.access
    try:
        project = services.create_project(
            actor=request.auth,
            organisation=access.organisation,
            title=payload.title,
            description=payload.description,
            creator_role=payload.your_role,
            creator_role_description=payload.your_role_description,
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid project")
    return Status(201, _project_out(project))


@router.get(
    "/{slug}/projects/{project_id}",
    response={200: ProjectDetailOut, **errors(401, 404, 422)},
    summary="One project, with whether a partner was at its first activity",
)
@api_rule(see="projects.view")
def get_project(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return _project_out(project)


@router.patch(
    "/{slug}/projects/{project_id}",
    response={200: ProjectDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Change a project's title, description or stage (send the version you read)",
)
@api_rule(do="projects.change")
def patch_project(request, slug: str, project_id: int, payload: ProjectPatch):
    _, project = project_in_request(request, slug, project_id, edit=True)
    try:
        if payload.title is not None or payload.description is not None:
            services.update_project(
                actor=request.auth,
                project=project,
                version=payload.version,
                title=payload.title if payload.title is not None else project.title,
                description=payload.description if payload.description is not None else project.description,
            )
        if payload.stage is not None and payload.stage != project.stage:
            version = (
                project.version if (payload.title is not None or payload.description is not None) else payload.version
            )
            services.change_stage(actor=request.auth, project=project, version=version, stage=payload.stage)
    except EditConflict as conflict:
        return Status(409, {"detail": conflict.messages[0]})
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid project")
    return _project_out(project)


# --- team -------------------------------------------------------------------------------------------------


@router.get(
    "/{slug}/projects/{project_id}/team",
    response={200: list[TeamMemberOut], **errors(401, 404, 422)},
    summary="The project's team: formal roles, role descriptions and when each person joined",
)
@api_rule(see="projects.view")
def list_team(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return [_member_out(m) for m in selectors.team_of(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/team",
    response={201: TeamMemberOut, 202: InvitedOut, **errors(400, 401, 403, 404, 422)},
    summary="Add someone to the team by person_id, or invite someone new by email (202 until they accept)",
)
@api_rule(do="projects.change")
def add_to_team(request, slug: str, project_id: int, payload: MemberIn):
    access, project = project_in_request(request, slug, project_id, edit=True)
    if (payload.person_id is None) == (payload.email is None):
        return Status(
            422,
            {
                "detail": "Invalid team member",
                "errors": [{"field": "person_id", "message": "Give either person_id or email, not both."}],
            },
        )
    try:
        if payload.person_id is not None:
            membership = (
                access.organisation.memberships.select_related("user").filter(user_id=payload.person_id).first()
            )
            if membership is None:
                raise Http404
            member = services.add_team_member(
                actor=request.auth,
                project=project,
                person=membership.user,
                role=payload.role,
                role_description=payload.role_description,
                joined_on=payload.joined_on,
            )
            return Status(201, _member_out(member))
        api_require(access, "projects.invite_new")
        result = services.invite_team_member(
            actor=request.auth,
            project=project,
            email=payload.email,
            role=payload.role,
            role_description=payload.role_description,
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid team member")
    if isinstance(result, ProjectMember):
        return Status(201, _member_out(result))
    return Status(202, {"invited": result.invitation.email, "role": result.role})


# --- activities -------------------------------------------------------------------------------------------


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


# --- decisions --------------------------------------------------------------------------------------------


@router.get(
    "/{slug}/projects/{project_id}/decisions",
    response={200: list[DecisionOut], **errors(401, 404, 422)},
    summary="The decision log: options, method, who was in the room, outcome and dissent",
)
@api_rule(see="projects.view")
def list_decisions(request, slug: str, project_id: int):
    _, project = project_in_request(request, slug, project_id)
    return [_decision_out(d) for d in selectors.decisions_of(project=project)]


@router.post(
    "/{slug}/projects/{project_id}/decisions",
    response={201: DecisionOut, **errors(400, 401, 403, 404, 422)},
    summary="Log a decision, with any dissent in the dissenter's own words",
)
@api_rule(do="projects.change")
def log_decision(request, slug: str, project_id: int, payload: DecisionIn):
    _, project = project_in_request(request, slug, project_id, edit=True)
    team = {m.pk: m for m in selectors.team_of(project=project)}
    missing = [i for i in payload.present_member_ids if i not in team]
    if missing:
        return Status(
            422,
            {
                "detail": "Invalid decision",
                "errors": [
                    {
                        "field": "present_member_ids",
                        "message": f"Not on this project's team: {', '.join(map(str, missing))}.",
                    }
                ],
            },
        )
    try:
        decision = services.log_decision(
            actor=request.auth,
            project=project,
            question=payload.question,
            options="\n".join(payload.options),
            method=payload.method,
            rung=payload.rung,
            decided_on=payload.decided_on,
            present=[team[i] for i in payload.present_member_ids],
            others_present=payload.others_present,
            outcome=payload.outcome,
            dissents=[(d.name, d.in_their_words) for d in payload.dissents],
        )
    except ValidationError as error:
        return invalid(error, field_names=API_FIELD_NAMES, detail="Invalid decision")
    return Status(201, _decision_out(selectors.decision_in(project=project, decision_id=decision.pk)))
