"""The access rule for project pages, built on the foundation's organisation rule.

    @project_access_required()            any member of the organisation (system viewers read-only)
    @project_access_required(edit=True)   the project's team, or staff, facilitators and admins

The view receives `organisation=` and `project=`; `request.project_access` says what the person may do.
Outsiders get 404 (from the organisation rule); ids of other organisations' projects are 404 too.
Other areas' project sub-pages (improvement, measures) use this same decorator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

from coqi.core.access import ACCESS_RULE_ATTRIBUTE, organisation_role_required
from coqi.core.roles import Role
from coqi.projects import selectors
from coqi.projects.models import Project, ProjectMember

# Roles that may work on any project in their organisation; partners work on the projects they are part of.
ORGANISATION_EDITORS = frozenset({Role.STAFF, Role.FACILITATOR, Role.ORGANISATION_ADMIN})


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    team_place: ProjectMember | None  # the signed-in person's place on the team, if they have one
    can_edit: bool

    @property
    def on_team(self) -> bool:
        return self.team_place is not None


def project_access(*, access, project: Project, user) -> ProjectAccess:
    team_place = selectors.team_place_of(project=project, person=user) if user.is_authenticated else None
    can_edit = not access.read_only and (access.role in ORGANISATION_EDITORS or team_place is not None)
    return ProjectAccess(project=project, team_place=team_place, can_edit=can_edit)


def project_access_required(*, edit: bool = False):
    def decorator(view):
        @wraps(view)
        def inner(request, *args, organisation, project_id, **kwargs):
            project = selectors.project_for(organisation=organisation, project_id=project_id)
            request.project_access = project_access(access=request.access, project=project, user=request.user)
            if edit and not request.project_access.can_edit:
                raise PermissionDenied
            return view(request, *args, organisation=organisation, project=project, **kwargs)

        wrapper = organisation_role_required(allow_system_viewer=not edit)(inner)
        setattr(wrapper, ACCESS_RULE_ATTRIBUTE, ("project", edit))
        return wrapper

    return decorator
