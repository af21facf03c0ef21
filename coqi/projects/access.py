"""The access rule for project pages, built on the foundation's organisation rule.

    @project_access_required()            rule "projects.view": any member (system viewers read-only)
    @project_access_required(edit=True)   rule "projects.change": the project's team, or the roles the rule names
    @project_access_required(edit_to_post=True)   reading as the first, changing (POST) as the second

The view receives `organisation=` and `project=`; `request.project_access` says what the person may do.
Outsiders get 404 (from the organisation rule); ids of other organisations' projects are 404 too.
Other areas' project sub-pages (improvement, measures) use this same decorator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied

from coqi.core.access import SAFE_METHODS, organisation_rule, stamp
from coqi.core.permissions import role_allowed
from coqi.projects.models import Project, ProjectMember
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.selectors import team as team_selectors


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    team_place: ProjectMember | None  # the signed-in person's place on the team, if they have one
    can_edit: bool

    @property
    def on_team(self) -> bool:
        return self.team_place is not None


def project_access(*, access, project: Project, user) -> ProjectAccess:
    team_place = team_selectors.team_place_of(project=project, person=user) if user.is_authenticated else None
    # The rule's roles may work on any project in the organisation; partners on the projects they are part of.
    can_edit = not access.read_only and (role_allowed(access.role, "projects.change") or team_place is not None)
    return ProjectAccess(project=project, team_place=team_place, can_edit=can_edit)


def project_access_required(*, edit: bool = False, edit_to_post: bool = False, rule: str | None = None):
    """`rule` names an organisation rule the person must pass as well, for pages that need more than the team."""

    def decorator(view):
        @wraps(view)
        def inner(request, *args, organisation, project_id, **kwargs):
            project = project_selectors.project_for(organisation=organisation, project_id=project_id)
            request.project_access = project_access(access=request.access, project=project, user=request.user)
            needs_edit = edit or (edit_to_post and request.method not in SAFE_METHODS)
            if needs_edit and not request.project_access.can_edit:
                raise PermissionDenied  # about this project: its team may, whatever their role
            return view(request, *args, organisation=organisation, project=project, **kwargs)

        read = rule or ("projects.change" if edit else "projects.view")
        wrapper = organisation_rule(rule or ("organisation.member" if edit else read))(inner)
        return stamp(wrapper, read, rule or ("projects.change" if edit or edit_to_post else read))

    return decorator
