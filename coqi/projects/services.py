"""Writes for projects: each keyword-only, in one transaction, recording one audit event.

Validation problems are `ValidationError`s naming the field; an edit that lost a race is an `EditConflict`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core import selectors as core_selectors
from coqi.core import services as core_services
from coqi.core.concurrency import ExpectedVersion, save_versioned
from coqi.core.models import Invitation, Organisation
from coqi.core.redaction import redact
from coqi.core.roles import Experience, Role, experience_of
from coqi.projects import registry
from coqi.projects.choices import (
    LIVED_EXPERIENCE_ROLES,
    ActivityKind,
    DecisionMethod,
    Emotion,
    ReflectionPrompt,
    Rung,
    Stage,
    TeamRole,
    VotingMethod,
)
from coqi.projects.models import (
    Activity,
    AlwaysEventCandidate,
    Attendance,
    Decision,
    Dissent,
    FeedbackTheme,
    ImprovementQuestion,
    Prioritisation,
    Project,
    ProjectMember,
    Reflection,
    Story,
    TeamInvitation,
    Touchpoint,
    Vote,
)

AUDIT_LABELS = {
    "project.created": "Project started",
    "project.updated": "Project details changed",
    "project.stage_changed": "Project stage changed",
    "project.what_changed": "Celebration updated",
    "project.member_added": "Team member added",
    "project.member_invited": "Team member invited",
    "project.member_joined": "Team member joined",
    "project.member_changed": "Team role changed",
    "project.member_removed": "Team member removed",
    "activity.recorded": "Activity recorded",
    "activity.updated": "Activity changed",
    "story.added": "Story added",
    "story.withdrawn": "Story removed (consent withdrawn)",
    "feedback_theme.added": "Feedback theme linked",
    "always_event.added": "Always Event candidate added",
    "touchpoint.added": "Touchpoint added",
    "question.added": "Improvement question added",
    "question.chosen": "Shared question chosen",
    "prioritisation.opened": "Prioritisation opened",
    "prioritisation.voted": "Votes cast",
    "prioritisation.closed": "Prioritisation closed",
    "decision.logged": "Decision logged",
    "decision.dissent_added": "Dissent recorded",
    "reflection.added": "Reflection added",
}

# The organisation role someone new gets when invited onto a team in a given team role.
ORGANISATION_ROLE_FOR = {
    TeamRole.LIVED_EXPERIENCE_PARTNER: Role.LIVED_EXPERIENCE_PARTNER,
    TeamRole.CARER: Role.LIVED_EXPERIENCE_PARTNER,
    TeamRole.COMMUNITY_MEMBER: Role.LIVED_EXPERIENCE_PARTNER,
    TeamRole.STAFF_PARTNER: Role.STAFF,
    TeamRole.FACILITATOR: Role.FACILITATOR,
    TeamRole.EXECUTIVE_SPONSOR: Role.STAFF,
}


# --- small checks shared by the services ------------------------------------------------------------------


def _required(field: str, value: str, message: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if max_length and len(value) > max_length:
        raise ValidationError({field: f"Use {max_length} characters or fewer."})
    return value


def _choice(field: str, value: str, choices, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message})
    return value


def _hours(field: str, value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: "Enter hours as a number, like 1.5."}) from None
    if not hours.is_finite() or hours < 0 or hours > 24:
        raise ValidationError({field: "Hours must be between 0 and 24."})
    return hours.quantize(Decimal("0.01"))


def _not_future(field: str, value: date, what: str) -> date:
    if value is None:
        raise ValidationError({field: f"Enter the date {what}."})
    if value > timezone.localdate():
        raise ValidationError({field: f"The date {what} cannot be in the future."})
    return value


def _organisation_member(organisation: Organisation, person, field: str = "person"):
    membership = organisation.memberships.filter(user=person).first()
    if membership is None:
        raise ValidationError({field: f"{person} is not a member of {organisation.name}."})
    return membership


def _experience_in(project: Project | None, organisation: Organisation, person) -> str:
    """Lived or learnt: from the person's team role on the project, else from their organisation role."""
    place = project.members.filter(person=person).first() if project is not None else None
    return core_selectors.experience_in(
        organisation=organisation, person=person, team_role=place.role if place else None
    )


# --- projects ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    actor,
    organisation: Organisation,
    title: str,
    description: str = "",
    creator_role: str | None = None,
    creator_role_description: str = "",
) -> Project:
    """Start a project; the person starting it can join the team straight away in the role they choose."""
    title = _required("title", title, "Enter a title for the project", 200)
    project = Project.objects.create(
        organisation=organisation, title=title, description=(description or "").strip(), created_by=actor
    )
    changes = {"title": title, "stage": project.stage}
    if creator_role:
        _choice("creator_role", creator_role, TeamRole, "Choose your role on the team")
        _organisation_member(organisation, actor, "creator_role")
        ProjectMember.objects.create(
            project=project,
            person=actor,
            role=creator_role,
            role_description=_required(
                "creator_role_description", creator_role_description, "Describe your role on the team", 500
            ),
        )
        changes["team"] = {str(actor): creator_role}
    audit.record(actor=actor, organisation=organisation, action="project.created", target=project, changes=changes)
    return project


@transaction.atomic
def update_project(*, actor, project: Project, version: ExpectedVersion, title: str, description: str) -> Project:
    before = {"title": project.title, "description": project.description}
    project.title = _required("title", title, "Enter a title for the project", 200)
    project.description = (description or "").strip()
    save_versioned(project, expected_version=version, fields=["title", "description"], what="project")
    changes = {k: [v, getattr(project, k)] for k, v in before.items() if v != getattr(project, k)}
    audit.record(
        actor=actor, organisation=project.organisation, action="project.updated", target=project, changes=changes
    )
    return project


@transaction.atomic
def change_stage(*, actor, project: Project, version: ExpectedVersion, stage: str) -> Project:
    _choice("stage", stage, Stage, "Choose a stage")
    before = project.stage
    project.stage = stage
    save_versioned(project, expected_version=version, fields=["stage"], what="project")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="project.stage_changed",
        target=project,
        changes={"stage": [before, stage]},
    )
    return project


@transaction.atomic
def record_what_changed(*, actor, project: Project, version: ExpectedVersion, what_changed: str) -> Project:
    project.what_changed = _required("what_changed", what_changed, "Say what has changed because of the project")
    save_versioned(project, expected_version=version, fields=["what_changed"], what="celebration")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="project.what_changed",
        target=project,
        changes={"what_changed": "updated"},
    )
    return project


# --- the team ---------------------------------------------------------------------------------------------


def _check_team_fields(role: str, role_description: str, joined_on: date | None) -> tuple[str, str]:
    _choice("role", role, TeamRole, "Choose a role on the team")
    description = _required("role_description", role_description, "Describe their role on the team", 500)
    if joined_on is not None:
        _not_future("joined_on", joined_on, "they joined")
    return role, description


@transaction.atomic
def add_team_member(
    *, actor, project: Project, person, role: str, role_description: str, joined_on: date | None = None
) -> ProjectMember:
    """Add someone who is already in the organisation."""
    role, description = _check_team_fields(role, role_description, joined_on)
    _organisation_member(project.organisation, person)
    if project.members.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already on the team."})
    member = ProjectMember.objects.create(
        project=project,
        person=person,
        role=role,
        role_description=description,
        joined_on=joined_on or timezone.localdate(),
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="project.member_added",
        target=member,
        changes={"project": project.title, "person": person.email, "role": role},
    )
    return member


@transaction.atomic
def invite_team_member(
    *, actor, project: Project, email: str, role: str, role_description: str, base_url: str | None = None
) -> ProjectMember | TeamInvitation:
    """Invite someone by e-mail. If they are already in the organisation they join the team at once;
    otherwise they get the organisation's usual invitation and take their team place when they accept."""
    role, description = _check_team_fields(role, role_description, None)
    email = _required("email", email, "Enter their e-mail address", 254).lower()
    existing = project.organisation.memberships.select_related("user").filter(user__email__iexact=email).first()
    if existing is not None:
        return add_team_member(
            actor=actor, project=project, person=existing.user, role=role, role_description=description
        )
    invitation = core_services.invite_person(
        actor=actor,
        organisation=project.organisation,
        email=email,
        role=ORGANISATION_ROLE_FOR[role],
        base_url=base_url,
    )
    team_invitation = TeamInvitation.objects.create(
        project=project, invitation=invitation, role=role, role_description=description
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="project.member_invited",
        target=project,
        changes={"email": email, "role": role},
    )
    return team_invitation


@transaction.atomic
def join_team_from_invitation(*, invitation: Invitation) -> list[ProjectMember]:
    """Listed in INVITATION_ACCEPTED_LISTENERS, so core calls it inside the transaction that accepts an invitation:
    the person takes the team places they were invited to."""
    if invitation.accepted_by_id is None:
        return []
    joined = []
    for waiting in TeamInvitation.objects.select_related("project").filter(invitation=invitation, member=None):
        person = invitation.accepted_by
        member = waiting.project.members.filter(person=person).first()
        if member is None:
            member = ProjectMember.objects.create(
                project=waiting.project,
                person=person,
                role=waiting.role,
                role_description=waiting.role_description,
                joined_on=timezone.localdate(),
            )
            audit.record(
                actor=person,
                organisation=waiting.project.organisation,
                action="project.member_joined",
                target=member,
                changes={"project": waiting.project.title, "person": person.email, "role": waiting.role},
            )
            joined.append(member)
        waiting.member = member
        waiting.save(update_fields=["member"])
    return joined


@transaction.atomic
def update_team_member(
    *, actor, member: ProjectMember, version: ExpectedVersion, role: str, role_description: str, joined_on: date
) -> ProjectMember:
    role, description = _check_team_fields(role, role_description, joined_on)
    before = {"role": member.role, "role_description": member.role_description, "joined_on": member.joined_on}
    member.role, member.role_description, member.joined_on = role, description, joined_on
    save_versioned(
        member, expected_version=version, fields=["role", "role_description", "joined_on"], what="team member"
    )
    changes = {k: [v, getattr(member, k)] for k, v in before.items() if v != getattr(member, k)}
    audit.record(
        actor=actor,
        organisation=member.project.organisation,
        action="project.member_changed",
        target=member,
        changes=changes,
    )
    return member


@transaction.atomic
def remove_team_member(*, actor, member: ProjectMember) -> None:
    audit.record(
        actor=actor,
        organisation=member.project.organisation,
        action="project.member_removed",
        target=member,
        changes={"project": member.project.title, "person": member.person.email, "role": member.role},
    )
    member.delete()


# --- activities -------------------------------------------------------------------------------------------


# How far ahead an activity can be planned; further out is almost always a mistyped year.
PLANNING_HORIZON = timedelta(days=2 * 366)


def _check_activity(kind, title, held_on, hours, rung, *, attendees) -> tuple[str, str, date, Decimal, str]:
    """An activity may be planned ahead (so partners see what is coming up), but who came, and so payment,
    can only be recorded once it has happened."""
    _choice("kind", kind, ActivityKind, "Choose the kind of activity")
    title = _required("title", title, "Enter a title for the activity", 200)
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the activity."})
    today = timezone.localdate()
    if held_on > today + PLANNING_HORIZON:
        raise ValidationError({"held_on": "Activities can be planned up to two years ahead. Check the year."})
    if held_on > today and attendees:
        raise ValidationError(
            {
                "attendees": "You can record who came once the activity has happened. "
                "Save it without anyone ticked to plan it ahead."
            }
        )
    hours = _hours("hours", hours)
    _choice("rung", rung, Rung, "Choose where the activity sat on the ladder of co-production")
    return kind, title, held_on, hours, rung


def _attendance_rows(organisation, project, attendees, default_hours: Decimal) -> list[tuple[object, Decimal, str]]:
    rows, seen = [], set()
    for entry in attendees:
        person, hours = entry if isinstance(entry, tuple) else (entry, None)
        if person.pk in seen:
            raise ValidationError({"attendees": f"{person} is listed twice."})
        seen.add(person.pk)
        _organisation_member(organisation, person, "attendees")
        rows.append(
            (
                person,
                default_hours if hours is None else _hours("attendees", hours),
                _experience_in(project, organisation, person),
            )
        )
    return rows


@transaction.atomic
def record_activity(
    *,
    actor,
    organisation: Organisation,
    project: Project | None = None,
    kind: str,
    title: str,
    held_on: date,
    hours,
    rung: str,
    notes: str = "",
    attendees: Iterable = (),
) -> Activity:
    """Record an activity and who was there. `attendees`: people, or (person, hours) when they stayed less."""
    if project is not None and project.organisation_id != organisation.pk:
        raise ValidationError({"project": "That project is not in this organisation."})
    attendees = list(attendees)
    kind, title, held_on, hours, rung = _check_activity(kind, title, held_on, hours, rung, attendees=attendees)
    rows = _attendance_rows(organisation, project, attendees, hours)
    activity = Activity.objects.create(
        organisation=organisation,
        project=project,
        kind=kind,
        title=title,
        held_on=held_on,
        hours=hours,
        rung=rung,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    Attendance.objects.bulk_create(
        Attendance(activity=activity, person=person, hours=h, experience=experience) for person, h, experience in rows
    )
    registry.attendance_changed(actor=actor, activity=activity)
    audit.record(
        actor=actor,
        organisation=organisation,
        action="activity.recorded",
        target=activity,
        changes={
            "project": project.title if project else None,
            "kind": kind,
            "held_on": held_on.isoformat(),
            "rung": rung,
            "attendees": len(rows),
            "lived_experience_attendees": sum(1 for *_, e in rows if e == Experience.LIVED),
        },
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    actor,
    activity: Activity,
    version: ExpectedVersion,
    kind: str,
    title: str,
    held_on: date,
    hours,
    rung: str,
    notes: str = "",
    attendees: Iterable = (),
) -> Activity:
    """Change an activity. Attendance records are kept where the person is still listed (payments refer to them)."""
    attendees = list(attendees)
    kind, title, held_on, hours, rung = _check_activity(kind, title, held_on, hours, rung, attendees=attendees)
    rows = _attendance_rows(activity.organisation, activity.project, attendees, hours)
    before = {f: getattr(activity, f) for f in ("kind", "title", "held_on", "hours", "rung")}
    activity.kind, activity.title, activity.held_on, activity.hours, activity.rung = kind, title, held_on, hours, rung
    activity.notes = (notes or "").strip()
    save_versioned(
        activity,
        expected_version=version,
        fields=["kind", "title", "held_on", "hours", "rung", "notes"],
        what="activity",
    )
    existing = {a.person_id: a for a in activity.attendances.all()}
    wanted = {person.pk for person, *_ in rows}
    activity.attendances.exclude(person_id__in=wanted).delete()
    for person, h, experience in rows:
        current = existing.get(person.pk)
        if current is None:
            Attendance.objects.create(activity=activity, person=person, hours=h, experience=experience)
        elif current.hours != h:
            current.hours = h
            current.save(update_fields=["hours"])
    registry.attendance_changed(actor=actor, activity=activity)
    changes = {k: [str(v), str(getattr(activity, k))] for k, v in before.items() if v != getattr(activity, k)}
    changes["attendees"] = [len(existing), len(rows)]
    audit.record(
        actor=actor, organisation=activity.organisation, action="activity.updated", target=activity, changes=changes
    )
    return activity


# --- what matters: evidence -------------------------------------------------------------------------------


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
    title = _required("title", title, "Give the story a short title", 200)
    text = _required("text", text, "Enter the story")
    consent_given_by = _required(
        "consent_given_by", consent_given_by, "Say who gave consent (a name or 'the storyteller')", 200
    )
    consent_scope = _required("consent_scope", consent_scope, "Say what they agreed the story may be used for")
    _not_future("consent_given_on", consent_given_on, "consent was given")
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
        name=_required("name", name, "Enter the theme", 200),
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
        statement=_required("statement", statement, "Enter what should always happen", 300),
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
    _choice("emotion", emotion, Emotion, "Choose how this moment felt")
    if position is None or int(position) < 1:
        raise ValidationError({"position": "Enter where this comes in the journey, 1 or more."})
    redacted, _ = redact((what_happened or "").strip())
    touchpoint = Touchpoint.objects.create(
        project=project,
        journey_point=_required("journey_point", journey_point, "Enter the point in the care journey", 200),
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


# --- improvement questions and prioritising together ------------------------------------------------------


def _own(project: Project, items, field: str) -> list:
    items = list(items or [])
    if any(item.project_id != project.pk for item in items):
        raise ValidationError({field: "Choose evidence from this project."})
    return items


@transaction.atomic
def add_question(
    *,
    actor,
    project: Project,
    text: str,
    evidence_note: str = "",
    stories=(),
    feedback_themes=(),
    always_events=(),
    touchpoints=(),
) -> ImprovementQuestion:
    question = ImprovementQuestion.objects.create(
        project=project,
        text=_required("text", text, "Enter the question", 300),
        evidence_note=(evidence_note or "").strip(),
        created_by=actor,
    )
    links = {
        "stories": _own(project, stories, "stories"),
        "feedback_themes": _own(project, feedback_themes, "feedback_themes"),
        "always_events": _own(project, always_events, "always_events"),
        "touchpoints": _own(project, touchpoints, "touchpoints"),
    }
    for name, items in links.items():
        if items:
            getattr(question, name).set(items)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="question.added",
        target=question,
        changes={"project": project.title, "text": question.text, **{k: len(v) for k, v in links.items() if v}},
    )
    return question


@transaction.atomic
def choose_question(*, actor, question: ImprovementQuestion, version: ExpectedVersion) -> ImprovementQuestion:
    """Mark the team's shared question (one per project)."""
    project = question.project
    project.questions.exclude(pk=question.pk).filter(chosen=True).update(chosen=False)
    question.chosen = True
    save_versioned(question, expected_version=version, fields=["chosen"], what="question")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="question.chosen",
        target=question,
        changes={"project": project.title},
    )
    return question


@transaction.atomic
def open_prioritisation(*, actor, project: Project, method: str, dots_per_person: int = 3) -> Prioritisation:
    _choice("method", method, VotingMethod, "Choose how the team will prioritise")
    if method == VotingMethod.DOTS and not (1 <= int(dots_per_person or 0) <= 20):
        raise ValidationError({"dots_per_person": "Give each person between 1 and 20 dots."})
    if project.questions.count() < 2:
        raise ValidationError({"method": "Add at least two questions before prioritising them."})
    # Lock the project row so two people opening a round at once cannot leave two rounds open.
    type(project)._default_manager.select_for_update().filter(pk=project.pk).first()
    if project.prioritisations.filter(closed_at__isnull=True).exists():
        raise ValidationError({"method": "A prioritisation is already open. Close it before starting another."})
    round_ = Prioritisation.objects.create(
        project=project, method=method, dots_per_person=int(dots_per_person or 3), opened_by=actor
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="prioritisation.opened",
        target=round_,
        changes={"project": project.title, "method": method, "dots_per_person": round_.dots_per_person},
    )
    return round_


@transaction.atomic
def cast_votes(*, actor, prioritisation: Prioritisation, allocation: dict[int, int]) -> list[Vote]:
    """`allocation` maps question id → dots (dot voting) or → rank, 1 highest (ranking). Replaces earlier votes."""
    project = prioritisation.project
    if not prioritisation.is_open:
        raise ValidationError({"votes": "This prioritisation has closed."})
    place = project.members.filter(person=actor).first()
    if place is None:
        raise ValidationError({"votes": "Only members of the project team can vote."})
    questions = {q.pk: q for q in project.questions.all()}
    unknown = [qid for qid in allocation if qid not in questions]
    if unknown:
        raise ValidationError({"votes": "Vote only on this project's questions."})
    values = {qid: int(v) for qid, v in allocation.items() if v not in (None, "", 0, "0")}
    if any(v < 0 for v in values.values()):
        raise ValidationError({"votes": "Votes cannot be negative."})
    if prioritisation.method == VotingMethod.DOTS:
        if not values:
            raise ValidationError({"votes": "Place at least one dot."})
        if sum(values.values()) > prioritisation.dots_per_person:
            raise ValidationError(
                {"votes": f"You have {prioritisation.dots_per_person} dots; you placed {sum(values.values())}."}
            )
    else:
        ranks = sorted(values.values())
        if ranks != list(range(1, len(questions) + 1)):
            raise ValidationError({"votes": f"Rank every question once, from 1 (most important) to {len(questions)}."})
    prioritisation.votes.filter(voter=actor).delete()
    experience = experience_of(place.role)
    votes = Vote.objects.bulk_create(
        Vote(
            prioritisation=prioritisation,
            question=questions[qid],
            voter=actor,
            dots=value if prioritisation.method == VotingMethod.DOTS else 0,
            rank=value if prioritisation.method == VotingMethod.RANK else None,
            experience=experience,
        )
        for qid, value in values.items()
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="prioritisation.voted",
        target=prioritisation,
        changes={"project": project.title, "experience": experience, "questions": len(votes)},
    )
    return votes


@transaction.atomic
def close_prioritisation(*, actor, prioritisation: Prioritisation) -> Prioritisation:
    if not prioritisation.is_open:
        raise ValidationError({"prioritisation": "This prioritisation has already closed."})
    prioritisation.closed_at = timezone.now()
    prioritisation.save(update_fields=["closed_at"])
    audit.record(
        actor=actor,
        organisation=prioritisation.project.organisation,
        action="prioritisation.closed",
        target=prioritisation,
        changes={"voters": prioritisation.votes.values("voter").distinct().count()},
    )
    return prioritisation


# --- sharing power: decisions and reflections -------------------------------------------------------------


@transaction.atomic
def log_decision(
    *,
    actor,
    project: Project,
    question: str,
    options: str,
    method: str,
    rung: str,
    decided_on: date,
    present: Iterable[ProjectMember] = (),
    others_present: str = "",
    outcome: str,
    dissents: Iterable[tuple[str, str]] = (),
) -> Decision:
    """Log a decision. `dissents`: (name, words) pairs, each in the dissenter's own words."""
    question = _required("question", question, "Enter the question that was decided", 300)
    options = _required("options", options, "List the options that were considered")
    _choice("method", method, DecisionMethod, "Choose how the decision was made")
    _choice("rung", rung, Rung, "Choose where the decision sat on the ladder of co-production")
    _not_future("decided_on", decided_on, "of the decision")
    outcome = _required("outcome", outcome, "Enter what was decided")
    present = list(present)
    if any(member.project_id != project.pk for member in present):
        raise ValidationError({"present": "Choose people from this project's team."})
    dissents = [(name, words) for name, words in dissents if (words or "").strip()]
    decision = Decision.objects.create(
        project=project,
        question=question,
        options=options,
        method=method,
        rung=rung,
        decided_on=decided_on,
        others_present=(others_present or "").strip(),
        outcome=outcome,
        recorded_by=actor,
    )
    decision.present.set(present)
    for name, words in dissents:
        Dissent.objects.create(
            decision=decision, name=(name or "").strip() or "Anonymous", in_their_words=words.strip()
        )
    lived = sum(1 for m in present if m.role in LIVED_EXPERIENCE_ROLES)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="decision.logged",
        target=decision,
        changes={
            "project": project.title,
            "method": method,
            "rung": rung,
            "present": {"lived_experience": lived, "learnt_experience": len(present) - lived},
            "dissents": len(dissents),
        },
    )
    return decision


@transaction.atomic
def add_dissent(*, actor, decision: Decision, in_their_words: str, name: str = "") -> Dissent:
    """Someone records their own disagreement with a decision, in their own words."""
    words = _required("in_their_words", in_their_words, "Write your disagreement in your own words")
    dissent = Dissent.objects.create(
        decision=decision, person=actor, name=(name or "").strip() or str(actor), in_their_words=words
    )
    audit.record(
        actor=actor,
        organisation=decision.project.organisation,
        action="decision.dissent_added",
        target=decision,
        changes={"project": decision.project.title},
    )
    return dissent


@transaction.atomic
def add_reflection(*, actor, project: Project, prompt: str, text: str) -> Reflection:
    _choice("prompt", prompt, ReflectionPrompt, "Choose what you are reflecting on")
    reflection = Reflection.objects.create(
        project=project, prompt=prompt, text=_required("text", text, "Write your reflection"), author=actor
    )
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="reflection.added",
        target=reflection,
        changes={"project": project.title, "prompt": prompt},
    )
    return reflection


# --- editing evidence and decisions (added after the first slice; kept together at the end of the file) -------

EVIDENCE_AUDIT_LABELS = {
    "feedback_theme.changed": "Feedback theme changed",
    "always_event.changed": "Always Events candidate changed",
    "touchpoint.changed": "Touchpoint changed",
    "decision.changed": "Decision changed",
}


def _save_changes(item, *, actor, organisation, version, values: dict, what: str, action: str, extra=None):
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


@transaction.atomic
def update_feedback_theme(*, actor, theme: FeedbackTheme, version: ExpectedVersion, name: str, source_note: str = ""):
    values = {"name": _required("name", name, "Enter the theme", 200), "source_note": (source_note or "").strip()}
    return _save_changes(
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
        "statement": _required("statement", statement, "Enter what should always happen", 300),
        "important_to_patients": bool(important_to_patients),
        "evidence_based": bool(evidence_based),
        "measurable": bool(measurable),
        "affordable_and_sustainable": bool(affordable_and_sustainable),
        "notes": (notes or "").strip(),
    }
    return _save_changes(
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
    _choice("emotion", emotion, Emotion, "Choose how this moment felt")
    if position is None or int(position) < 1:
        raise ValidationError({"position": "Enter where this comes in the journey, 1 or more."})
    redacted, _ = redact((what_happened or "").strip())
    values = {
        "journey_point": _required("journey_point", journey_point, "Enter the point in the care journey", 200),
        "emotion": emotion,
        "position": int(position),
        "what_happened": redacted,
    }
    return _save_changes(
        touchpoint,
        actor=actor,
        organisation=touchpoint.project.organisation,
        version=version,
        values=values,
        what="touchpoint",
        action="touchpoint.changed",
    )


@transaction.atomic
def update_decision(
    *,
    actor,
    decision: Decision,
    version: ExpectedVersion,
    question: str,
    options: str,
    method: str,
    rung: str,
    decided_on: date,
    present: Iterable[ProjectMember] = (),
    others_present: str = "",
    outcome: str,
):
    """Correct a logged decision. Dissent stays as it was written: it is the dissenter's words, not the log's."""
    _choice("method", method, DecisionMethod, "Choose how the decision was made")
    _choice("rung", rung, Rung, "Choose where the decision sat on the ladder of co-production")
    present = list(present)
    if any(member.project_id != decision.project_id for member in present):
        raise ValidationError({"present": "Choose people from this project's team."})
    values = {
        "question": _required("question", question, "Enter the question that was decided", 300),
        "options": _required("options", options, "List the options that were considered"),
        "method": method,
        "rung": rung,
        "decided_on": _not_future("decided_on", decided_on, "of the decision"),
        "others_present": (others_present or "").strip(),
        "outcome": _required("outcome", outcome, "Enter what was decided"),
    }
    before_present = set(decision.present.values_list("pk", flat=True))
    after_present = {m.pk for m in present}
    room = {"present": [len(before_present), len(after_present)]} if before_present != after_present else {}
    _save_changes(
        decision,
        actor=actor,
        organisation=decision.project.organisation,
        version=version,
        values=values,
        what="decision",
        action="decision.changed",
        extra=room,
    )
    if room:
        decision.present.set(present)
    return decision
