"""Reads for the innovation library. Every read starts from the organisation the person is looking from, and
returns only what that organisation may see: its own innovations, those shared with its system, and those shared
with everyone. Anything else is simply not found (404), so a private innovation's existence is never revealed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.models import Organisation, SystemViewer
from coqi.innovation.models import Adoption, Innovation, InnovationTag, Visibility


def visible_to(*, organisation: Organisation) -> QuerySet[Innovation]:
    """What people in `organisation` may see, with what every list needs in a fixed number of queries."""
    rule = (
        Q(organisation=organisation)
        | Q(visibility=Visibility.SYSTEM, organisation__system_id=organisation.system_id)
        | Q(visibility=Visibility.EVERYONE)
    )
    return (
        Innovation.objects.filter(rule)
        .select_related("organisation", "organisation__system")
        .prefetch_related(Prefetch("tags", queryset=InnovationTag.objects.order_by("kind", "id")))
    )


def search(
    *,
    organisation: Organisation,
    text: str = "",
    ingredient: str = "",
    population: str = "",
    setting: str = "",
    source: str = "",
) -> QuerySet[Innovation]:
    """Text search and filters. `source` is "ours", a visibility ("system", "everyone") or an organisation slug."""
    rows = visible_to(organisation=organisation)
    for word in (text or "").split()[:8]:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(what__icontains=word)
            | Q(why__icontains=word)
            | Q(evidence__icontains=word)
            | Q(co_produced_with__icontains=word)
        )
    for kind, value in ((InnovationTag.Kind.INGREDIENT, ingredient), (InnovationTag.Kind.POPULATION, population)):
        if value:
            rows = rows.filter(pk__in=InnovationTag.objects.filter(kind=kind, value=value).values("innovation_id"))
    if setting:
        rows = rows.filter(setting=setting)
    if source == "ours":
        rows = rows.filter(organisation=organisation)
    elif source in (Visibility.SYSTEM, Visibility.EVERYONE):
        rows = rows.filter(visibility=source).exclude(organisation=organisation)
    elif source:
        rows = rows.filter(organisation__slug=source)
    return rows.order_by("-created_at", "-id")


def source_organisations(*, organisation: Organisation) -> list[tuple[str, str]]:
    """(slug, name) of the organisations whose innovations `organisation` can see, for the filter."""
    rows = visible_to(organisation=organisation).values_list("organisation__slug", "organisation__name").distinct()
    return sorted(set(rows), key=lambda row: row[1].lower())


def innovation_for(*, organisation: Organisation, innovation_id) -> Innovation:
    innovation = visible_to(organisation=organisation).filter(pk=id_or_404(innovation_id)).first()
    if innovation is None:
        raise Http404
    return innovation


def own_innovation(*, organisation: Organisation, innovation_id) -> Innovation:
    """One of `organisation`'s own innovations (for editing and changing who sees it), or 404."""
    innovation = (
        organisation.innovations.select_related("organisation")
        .prefetch_related("tags")
        .filter(pk=id_or_404(innovation_id))
        .first()
    )
    if innovation is None:
        raise Http404
    return innovation


@dataclass(frozen=True)
class JourneyStep:
    organisation_name: str
    adopted_at: object
    stage: str  # the adopting project's stage, or "" when the viewer may not see that project
    project_url_kwargs: dict | None  # set when the viewer is looking from the adopting organisation


def journey(*, innovation: Innovation, viewer_organisation: Organisation, user) -> list[JourneyStep]:
    """Where the innovation has been adopted and when. A project's stage shows only to people who can see the
    project: members of the adopting organisation, and viewers of its system."""
    adoptions = list(
        Adoption.objects.filter(innovation=innovation)
        .select_related("organisation", "project")
        .order_by("adopted_at", "id")
    )
    member_of = set(user.memberships.values_list("organisation_id", flat=True)) if user.is_authenticated else set()
    viewer_of = (
        set(SystemViewer.objects.filter(user=user).values_list("system_id", flat=True))
        if user.is_authenticated
        else set()
    )
    steps = []
    for adoption in adoptions:
        project = adoption.project
        can_see = project is not None and (
            adoption.organisation_id in member_of or adoption.organisation.system_id in viewer_of
        )
        here = can_see and adoption.organisation_id == viewer_organisation.pk
        steps.append(
            JourneyStep(
                organisation_name=adoption.organisation.name,
                adopted_at=adoption.adopted_at,
                stage=project.get_stage_display() if can_see else "",
                project_url_kwargs=({"org_slug": viewer_organisation.slug, "project_id": project.pk} if here else None),
            )
        )
    return steps


def adopted_here(*, innovation: Innovation, organisation: Organisation) -> Adoption | None:
    return innovation.adoptions.filter(organisation=organisation).select_related("project").first()
