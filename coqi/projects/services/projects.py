"""Writes for a project itself: starting it, changing its details and moving it through its stages. Each write is
keyword-only, in one transaction, recording one audit event; validation problems are `ValidationError`s naming the
field and an edit that lost a race is an `EditConflict`."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import ExpectedVersion, save_versioned
from coqi.core.models import Organisation
from coqi.projects.choices import (
    Stage,
    TeamRole,
)
from coqi.projects.models import (
    Project,
    ProjectMember,
)
from coqi.projects.services import checks

AUDIT_LABELS = {
    "project.created": "Project started",
    "project.updated": "Project details changed",
    "project.stage_changed": "Project stage changed",
}


@transaction.atomic
def create_project(
    *,
    actor,
    organisation: Organisation,
    title: str,
    description: str = "",
    creator_role: str | None = None,
    creator_role_description: str = "",
    creator_joined_on: date | None = None,
) -> Project:
    """Start a project; the person starting it can join the team straight away in the role they choose. A project
    recorded after the fact (an import, an older project) says when they really joined: today otherwise."""
    title = checks.required("title", title, "Enter a title for the project", 200)
    project = Project.objects.create(
        organisation=organisation, title=title, description=(description or "").strip(), created_by=actor
    )
    changes = {"title": title, "stage": project.stage}
    if creator_role:
        checks.choice("creator_role", creator_role, TeamRole, "Choose your role on the team")
        checks.organisation_member(organisation, actor, "creator_role")
        if creator_joined_on is not None:
            checks.not_future("creator_joined_on", creator_joined_on, "you joined")
        ProjectMember.objects.create(
            project=project,
            person=actor,
            joined_on=creator_joined_on or timezone.localdate(),
            role=creator_role,
            role_description=checks.required(
                "creator_role_description", creator_role_description, "Describe your role on the team", 500
            ),
        )
        changes["team"] = {str(actor): creator_role}
    audit.record(actor=actor, organisation=organisation, action="project.created", target=project, changes=changes)
    return project


@transaction.atomic
def update_project(*, actor, project: Project, version: ExpectedVersion, title: str, description: str) -> Project:
    before = {"title": project.title, "description": project.description}
    project.title = checks.required("title", title, "Enter a title for the project", 200)
    project.description = (description or "").strip()
    save_versioned(project, expected_version=version, fields=["title", "description"], what="project")
    changes = {k: [v, getattr(project, k)] for k, v in before.items() if v != getattr(project, k)}
    audit.record(
        actor=actor, organisation=project.organisation, action="project.updated", target=project, changes=changes
    )
    return project


@transaction.atomic
def change_stage(*, actor, project: Project, version: ExpectedVersion, stage: str) -> Project:
    checks.choice("stage", stage, Stage, "Choose a stage")
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
