"""Writes for a project's team: adding members, inviting someone new onto it (and their joining when they accept),
changing a member's role and removing them. Each write is keyword-only, in one transaction, recording one audit
event; validation problems are `ValidationError`s naming the field and an edit that lost a race is an
`EditConflict`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core import services as core_services
from coqi.core.concurrency import ExpectedVersion, lock, save_versioned
from coqi.core.models import Invitation
from coqi.core.roles import Role
from coqi.projects.choices import (
    TeamRole,
)
from coqi.projects.models import (
    Project,
    ProjectMember,
    TeamInvitation,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "project.member_added": "Team member added",
    "project.member_invited": "Team member invited",
    "project.member_joined": "Team member joined",
    "project.member_changed": "Team role changed",
    "project.member_removed": "Team member removed",
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


def _check_team_fields(role: str, role_description: str, joined_on: date | None) -> tuple[str, str]:
    checks.choice("role", role, TeamRole, "Choose a role on the team")
    description = checks.required("role_description", role_description, "Describe their role on the team", 500)
    if joined_on is not None:
        checks.not_future("joined_on", joined_on, "they joined")
    return role, description


@transaction.atomic
def add_team_member(
    *, actor, project: Project, person, role: str, role_description: str, joined_on: date | None = None
) -> ProjectMember:
    """Add someone who is already in the organisation."""
    role, description = _check_team_fields(role, role_description, joined_on)
    checks.organisation_member(project.organisation, person)
    lock(project)  # the same person added twice at once: one joins, the other is told they are on the team
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
    email = checks.required("email", email, "Enter their e-mail address", 254).lower()
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
