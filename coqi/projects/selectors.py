"""Reads for projects. Everything is reached through the organisation, so another organisation's ids are 404."""

from __future__ import annotations

from django.http import Http404

from coqi.core.models import Organisation
from coqi.projects.models import Project, ProjectMember


def _as_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if number <= 0:
        raise Http404
    return number


def project_for(*, organisation: Organisation, project_id) -> Project:
    """One project of this organisation, or Http404 for unknown ids and ids of other organisations' projects."""
    project = organisation.projects.filter(pk=_as_id(project_id)).first()
    if project is None:
        raise Http404
    return project


def team_place_of(*, project: Project, person) -> ProjectMember | None:
    return project.members.filter(person=person).first()
