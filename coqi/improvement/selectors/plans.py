"""Reads for the Model for Improvement. Everything is reached through a project the caller may already see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.improvement.models import Aim, DriverNode, PdsaCycle


def aim_of(*, project) -> Aim | None:
    return Aim.objects.filter(project=project).first()


@dataclass
class TreeItem:
    """A driver diagram box with its children, in order, and whether it can move up or down."""

    node: DriverNode
    children: list[TreeItem] = field(default_factory=list)
    first: bool = False
    last: bool = False
    depth: int = 1


def driver_tree(*, project) -> list[TreeItem]:
    """The whole diagram from one query: primary drivers, each with its secondary drivers and change ideas."""
    nodes = list(project.driver_nodes.order_by("position", "id"))
    by_parent: dict[int | None, list[DriverNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(parent_id, depth) -> list[TreeItem]:
        siblings = by_parent.get(parent_id, [])
        items = []
        for index, node in enumerate(siblings):
            items.append(
                TreeItem(
                    node=node,
                    children=build(node.pk, depth + 1),
                    first=index == 0,
                    last=index == len(siblings) - 1,
                    depth=depth,
                )
            )
        return items

    return build(None, 1)


def driver_node_in(*, project, node_id) -> DriverNode:
    node = project.driver_nodes.filter(pk=id_or_404(node_id)).first()
    if node is None:
        raise Http404
    return node


def new_parents_for(*, node: DriverNode) -> list[DriverNode]:
    """Where an item could move to: drivers of a kind it may sit under, other than where it is now, and never
    itself or anything under it (that would make a cycle). Primary drivers sit under the aim and stay there."""
    from coqi.improvement.services.plans import ALLOWED_PARENTS

    kinds = [k for k in ALLOWED_PARENTS[node.kind] if k is not None]
    if not kinds:
        return []
    nodes = list(node.project.driver_nodes.order_by("position", "id"))
    under: set[int] = {node.pk}
    grew = True
    while grew:  # the item's own branch, from the one list already read
        more = {n.pk for n in nodes if n.parent_id in under} - under
        under |= more
        grew = bool(more)
    return [n for n in nodes if n.kind in kinds and n.pk not in under and n.pk != node.parent_id]


def drivers_for_choice(*, project) -> QuerySet[DriverNode]:
    """Drivers a new item can hang under (change ideas hold nothing)."""
    return project.driver_nodes.exclude(kind=DriverNode.Kind.CHANGE_IDEA).order_by("kind", "position", "id")


def change_ideas(*, project) -> QuerySet[DriverNode]:
    return project.driver_nodes.filter(kind=DriverNode.Kind.CHANGE_IDEA).order_by("position", "id")


def pdsa_cycles(*, project) -> QuerySet[PdsaCycle]:
    from coqi.projects.models import ProjectMember

    return project.pdsa_cycles.select_related("change_idea").prefetch_related(
        Prefetch("participants", queryset=ProjectMember.objects.select_related("person"))
    )


def pdsa_cycle_in(*, project, cycle_id) -> PdsaCycle:
    cycle = pdsa_cycles(project=project).filter(pk=id_or_404(cycle_id)).first()
    if cycle is None:
        raise Http404
    return cycle


def team_of(*, project):
    """The project's team, for choosing who took part in a cycle."""
    return project.members.select_related("person").order_by("joined_on", "id")


def team_member_ids_in(*, project, ids) -> list:
    """Team members of this project with these ids; ids from elsewhere are simply not found."""
    clean = []
    for value in ids or []:
        try:
            clean.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(project.members.select_related("person").filter(pk__in=clean))
