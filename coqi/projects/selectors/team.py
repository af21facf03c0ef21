"""Reads for a project's team: its members, pending invitations, who could be added, and partnership from the first
conversation (was a lived-experience partner there from the first activity; the team timeline). Everything is reached
through the organisation, so another organisation's ids are 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.roles import Experience
from coqi.projects.models import (
    Activity,
    Project,
    ProjectMember,
)


def team_place_of(*, project: Project, person) -> ProjectMember | None:
    return project.members.filter(person=person).first()


def team_of(*, project: Project) -> QuerySet[ProjectMember]:
    return project.members.select_related("person").order_by("joined_on", "id")


def member_in(*, project: Project, member_id) -> ProjectMember:
    member = project.members.select_related("person", "project__organisation").filter(pk=id_or_404(member_id)).first()
    if member is None:
        raise Http404
    return member


def pending_team_invitations(*, project: Project):
    return project.team_invitations.filter(
        member__isnull=True, invitation__accepted_at__isnull=True, invitation__revoked_at__isnull=True
    ).select_related("invitation")


def people_to_add(*, project: Project):
    """Members of the organisation not yet on the team, for the 'add someone' list."""
    return (
        project.organisation.memberships.select_related("user")
        .exclude(user__project_memberships__project=project)
        .order_by("user__display_name", "user__email")
    )


# --- partnership from the first conversation --------------------------------------------------------------


def first_activity(*, project: Project) -> Activity | None:
    return project.activities.order_by("held_on", "id").first()


@dataclass(frozen=True)
class PartnershipCheck:
    """Whether people with lived experience were there from the very first conversation."""

    first_activity: Activity | None
    lived_experience_present: list[str]

    @property
    def has_started(self) -> bool:
        return self.first_activity is not None

    @property
    def flagged(self) -> bool:
        return self.first_activity is not None and not self.lived_experience_present


def partnership_from_first_conversation(*, project: Project, first: Activity | None = None) -> PartnershipCheck:
    first = first if first is not None else first_activity(project=project)
    if first is None:
        return PartnershipCheck(None, [])
    names = [
        a.person.name
        for a in first.attendances.select_related("person").filter(experience=Experience.LIVED).order_by("id")
    ]
    return PartnershipCheck(first, names)


def _span(days: int) -> str:
    days = abs(days)
    if days == 1:
        return "1 day"
    if days < 14:
        return f"{days} days"
    if days < 60:
        return f"{round(days / 7)} weeks"
    months = round(days / 30.4)
    return "1 month" if months == 1 else f"{months} months"


def relative_to_first(joined_on: date, first_on: date | None) -> str:
    """Plain English: when someone joined compared with the project's first activity."""
    if first_on is None:
        return "Before any activity (none recorded yet)"
    days = (joined_on - first_on).days
    if days == 0:
        return "On the day of the first activity"
    return f"{_span(days)} {'before' if days < 0 else 'after'} the first activity"


@dataclass(frozen=True)
class TimelineRow:
    member: ProjectMember
    days_from_first: int | None  # negative: joined before the first activity
    relative: str
    at_first_activity: bool

    @property
    def joined_late(self) -> bool:
        return self.days_from_first is not None and self.days_from_first > 0


def team_timeline(*, project: Project, first: Activity | None = None) -> list[TimelineRow]:
    """Each team member with when they joined relative to the first activity, earliest first."""
    first = first if first is not None else first_activity(project=project)
    at_first = set(first.attendances.values_list("person_id", flat=True)) if first else set()
    rows = []
    for member in team_of(project=project):
        days = (member.joined_on - first.held_on).days if first else None
        rows.append(
            TimelineRow(
                member=member,
                days_from_first=days,
                relative=relative_to_first(member.joined_on, first.held_on if first else None),
                at_first_activity=member.person_id in at_first,
            )
        )
    return rows
