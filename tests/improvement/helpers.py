"""Shared set-up for the improvement and measures tests: a project with a team, in the trio's organisation."""

from dataclasses import dataclass
from datetime import date

import pytest

from coqi.projects.choices import TeamRole
from coqi.projects.models import Project, ProjectMember


@dataclass
class ProjectSetup:
    project: object
    other_project: object  # in the other organisation
    facilitator: object  # ProjectMember: trio.member as facilitator
    partner: object  # ProjectMember: trio.partner as lived-experience partner


def make_project(organisation, title="Fewer falls on Ward 7", **extra):
    return Project.objects.create(organisation=organisation, title=title, **extra)


def add_to_team(project, user, role=TeamRole.STAFF_PARTNER, joined_on=date(2024, 1, 10)):
    return ProjectMember.objects.create(
        project=project, person=user, role=role, role_description="Part of the team.", joined_on=joined_on
    )


@pytest.fixture
def setup(trio):
    project = make_project(trio.organisation)
    other = make_project(trio.other_organisation, title="Someone else's project")
    facilitator = add_to_team(project, trio.member, TeamRole.FACILITATOR)
    partner = add_to_team(project, trio.partner, TeamRole.LIVED_EXPERIENCE_PARTNER)
    add_to_team(other, trio.outsider, TeamRole.FACILITATOR)
    return ProjectSetup(project, other, facilitator, partner)
