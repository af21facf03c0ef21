"""Reads for projects themselves: one project, an organisation's projects with their counts, and a person's.
Everything is reached through the organisation, so another organisation's ids are 404."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.projects.choices import LIVED_EXPERIENCE_ROLES
from coqi.projects.models import (
    Activity,
    Attendance,
    Project,
)

LIVED_ROLE_VALUES = [str(role) for role in LIVED_EXPERIENCE_ROLES]


def project_for(*, organisation: Organisation, project_id) -> Project:
    """One project of this organisation, or Http404 for unknown ids and ids of other organisations' projects."""
    project = organisation.projects.select_related("organisation").filter(pk=id_or_404(project_id)).first()
    if project is None:
        raise Http404
    return project


def _with_counts(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Team, partner and activity counts, and whether a partner was at the first activity — still one query."""
    first = Activity.objects.filter(project=OuterRef("pk")).order_by("held_on", "id").values("pk")[:1]
    return projects.annotate(
        team_size=Count("members", distinct=True),
        partner_count=Count("members", filter=Q(members__role__in=LIVED_ROLE_VALUES), distinct=True),
        activity_count=Count("activities", distinct=True),
        first_activity_id=Subquery(first),
        partner_at_first_activity=Exists(
            Attendance.objects.filter(activity_id=OuterRef("first_activity_id"), experience=Experience.LIVED)
        ),
    )


def projects_in(*, organisation: Organisation) -> QuerySet[Project]:
    """Every project of the organisation with its team and activity counts, in one query."""
    return _with_counts(organisation.projects.all()).order_by("title", "id")


def projects_of_person(*, organisation: Organisation, person) -> QuerySet[Project]:
    """The projects someone is on the team of ("my projects")."""
    if not getattr(person, "is_authenticated", False):
        return organisation.projects.none()
    mine = organisation.projects.filter(members__person=person).values("pk")
    return _with_counts(organisation.projects.filter(pk__in=mine)).order_by("title", "id")
