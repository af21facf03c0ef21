"""Writes for the Model for Improvement: keyword-only, one transaction and one audit event each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.concurrency import EditConflict, check_version, lock, next_number, save_versioned
from coqi.improvement.models import Aim, DriverNode, PdsaCycle

AUDIT_LABELS = {
    "aim.set": "Aim set",
    "aim.changed": "Aim changed",
    "driver.added": "Driver diagram item added",
    "driver.renamed": "Driver diagram item renamed",
    "driver.moved": "Driver diagram item moved",
    "driver.moved_under": "Driver diagram item moved to another parent",
    "driver.removed": "Driver diagram item removed",
    "pdsa.created": "PDSA cycle planned",
    "pdsa.updated": "PDSA cycle updated",
}

# Which kind of box may sit under which: the aim (None) holds primary drivers, and so on down to change ideas.
ALLOWED_PARENTS = {
    DriverNode.Kind.PRIMARY: {None},
    DriverNode.Kind.SECONDARY: {DriverNode.Kind.PRIMARY},
    DriverNode.Kind.CHANGE_IDEA: {DriverNode.Kind.PRIMARY, DriverNode.Kind.SECONDARY},
}


def _clean_text(value: str, *, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {label}"})
    if len(text) > max_length:
        raise ValidationError({field: f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer"})
    return text


# ----------------------------------------------------------------------------------------------- aim


@transaction.atomic
def set_aim(*, actor, project, what: str, for_whom: str, how_much: str, by_when: date, expected_version=None) -> Aim:
    """Create the project's aim, or change it (then `expected_version` is the version the form was loaded with)."""
    values = {
        "what": _clean_text(what, field="what", label="what will get better", max_length=300),
        "for_whom": _clean_text(for_whom, field="for_whom", label="who it is for", max_length=300),
        "how_much": _clean_text(how_much, field="how_much", label="by how much", max_length=200),
        "by_when": by_when,
    }
    if by_when is None:
        raise ValidationError({"by_when": "Enter the date the aim should be met by"})
    lock(project)  # the aim may not exist yet, and a lock on no rows holds nothing (ADR 0035)
    aim = Aim.objects.select_for_update().filter(project=project).first()
    if aim is None:
        if expected_version not in (None, ""):
            raise EditConflict("aim")  # it was removed or never existed in the copy the person edited
        aim = Aim.objects.create(project=project, **values)
        audit.record(
            actor=actor,
            organisation=project.organisation,
            action="aim.set",
            target=aim,
            changes=_aim_changes(None, aim),
        )
        return aim
    if expected_version in (None, ""):
        raise EditConflict("aim")  # someone set the aim while this person was writing theirs
    before = Aim(**{name: getattr(aim, name) for name in values})
    for name, value in values.items():
        setattr(aim, name, value)
    aim.updated_at = timezone.now()
    save_versioned(aim, expected_version=expected_version, fields=[*values, "updated_at"], what="aim")
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="aim.changed",
        target=aim,
        changes=_aim_changes(before, aim),
    )
    return aim


def _aim_changes(before: Aim | None, after: Aim) -> dict:
    changes = {}
    for name in ("what", "for_whom", "how_much", "by_when"):
        old = getattr(before, name) if before else None
        new = getattr(after, name)
        if old != new:
            changes[name] = [old, new]
    return changes


# ----------------------------------------------------------------------------------------------- driver diagram


@transaction.atomic
def add_driver_node(*, actor, project, kind: str, text: str, parent: DriverNode | None = None) -> DriverNode:
    if kind not in ALLOWED_PARENTS:
        raise ValidationError({"kind": "Choose a primary driver, a secondary driver or a change idea"})
    if parent is not None and parent.project_id != project.pk:
        raise ValidationError({"parent": "That item is not part of this project's driver diagram"})
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = {None: "the aim", **dict(DriverNode.Kind.choices)}[parent_kind]
        raise ValidationError(
            {"kind": f"A {DriverNode.Kind(kind).label.lower()} cannot go under {where.lower() if parent else where}"}
        )
    text = _clean_text(text, field="text", label="the wording", max_length=300)
    lock(project)  # two items added at once must not take the same place
    position = next_number(project.driver_nodes.filter(parent=parent), "position")
    node = DriverNode.objects.create(project=project, parent=parent, kind=kind, text=text, position=position)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="driver.added",
        target=node,
        changes={"kind": kind, "text": text, "under": str(parent) if parent else "the aim"},
    )
    return node


@transaction.atomic
def rename_driver_node(*, actor, node: DriverNode, text: str, expected_version) -> DriverNode:
    text = _clean_text(text, field="text", label="the wording", max_length=300)
    before = node.text
    node.text = text
    save_versioned(node, expected_version=expected_version, fields=["text"], what=node.get_kind_display().lower())
    audit.record(
        actor=actor,
        organisation=node.project.organisation,
        action="driver.renamed",
        target=node,
        changes={"text": [before, text]},
    )
    return node


@transaction.atomic
def move_driver_node(*, actor, node: DriverNode, direction: str) -> DriverNode:
    """Swap the item with its neighbour above or below among its siblings (the keyboard-friendly reorder)."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move up or down"})
    lock(node.project)  # an item added meanwhile takes its place under the same lock
    siblings = list(DriverNode.objects.select_for_update().filter(project_id=node.project_id, parent_id=node.parent_id))
    siblings.sort(key=lambda n: (n.position, n.id))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return node  # already first or last: nothing to do
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    # Renumber the whole sibling list so equal positions left by older data cannot make the move a no-op.
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            DriverNode.objects.filter(pk=sibling.pk).update(position=position)
    node.refresh_from_db()
    audit.record(
        actor=actor,
        organisation=node.project.organisation,
        action="driver.moved",
        target=node,
        changes={"direction": direction, "position": node.position},
    )
    return node


@transaction.atomic
def move_driver_node_under(*, actor, node: DriverNode, new_parent: DriverNode | None, expected_version) -> DriverNode:
    """Move an item, with everything under it, to another parent (the aim, when `new_parent` is None), where it
    goes last. Refused if the kind may not sit there, or if the new parent is the item or lies under it (a cycle
    would cut the branch off the aim)."""
    if new_parent is not None and new_parent.project_id != node.project_id:
        raise ValidationError({"parent": "That item is not part of this project's driver diagram"})
    if new_parent is not None and new_parent.pk in _subtree_ids(node):
        raise ValidationError({"parent": f"“{node.text}” cannot go under itself or under something already under it"})
    parent_kind = new_parent.kind if new_parent is not None else None
    if parent_kind not in ALLOWED_PARENTS[node.kind]:
        where = "the aim" if new_parent is None else f"a {new_parent.get_kind_display().lower()}"
        raise ValidationError({"parent": f"A {node.get_kind_display().lower()} cannot go under {where}"})
    if (new_parent is None and node.parent_id is None) or (new_parent is not None and new_parent.pk == node.parent_id):
        raise ValidationError({"parent": f"“{node.text}” is already there: choose somewhere else"})
    before = str(node.parent) if node.parent_id else "the aim"
    lock(node.project)
    node.parent = new_parent
    node.position = next_number(DriverNode.objects.filter(project_id=node.project_id, parent=new_parent), "position")
    save_versioned(
        node, expected_version=expected_version, fields=["parent", "position"], what=node.get_kind_display().lower()
    )
    audit.record(
        actor=actor,
        organisation=node.project.organisation,
        action="driver.moved_under",
        target=node,
        changes={"under": [before, str(new_parent) if new_parent else "the aim"]},
    )
    return node


def _subtree_ids(node: DriverNode) -> list[int]:
    ids, frontier = [node.pk], [node.pk]
    while frontier:
        frontier = list(DriverNode.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


@transaction.atomic
def remove_driver_node(*, actor, node: DriverNode, expected_version) -> None:
    """Remove an item and everything under it — unless a PDSA cycle tested one of its change ideas."""
    ids = _subtree_ids(node)
    tested = PdsaCycle.objects.filter(change_idea_id__in=ids).order_by("number").first()
    if tested is not None:
        raise ValidationError(
            {
                "node": f"“{node.text}” cannot be removed because {tested} tested it (or a change idea under it). "
                "PDSA cycles are kept as the project's learning."
            }
        )
    check_version(node.version, expected_version, what=node.get_kind_display().lower())
    audit.record(
        actor=actor,
        organisation=node.project.organisation,
        action="driver.removed",
        target=node,
        changes={"kind": node.kind, "text": node.text, "items_removed": len(ids)},
    )
    DriverNode.objects.filter(pk__in=ids).delete()


# ----------------------------------------------------------------------------------------------- PDSA cycles


def _check_change_idea(project, change_idea) -> None:
    if change_idea is None or change_idea.project_id != project.pk or not change_idea.is_change_idea:
        raise ValidationError({"change_idea": "Choose a change idea from this project's driver diagram"})


def _check_participants(project, participants) -> list:
    participants = list(participants or [])
    if any(member.project_id != project.pk for member in participants):
        raise ValidationError({"participants": "Choose people from this project's team"})
    return participants


def _check_dates(started_on, ended_on) -> None:
    if started_on is None:
        raise ValidationError({"started_on": "Enter the date the cycle starts"})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be the same as or after the start date"})


@transaction.atomic
def plan_pdsa_cycle(
    *,
    actor,
    project,
    change_idea: DriverNode,
    title: str,
    plan: str,
    prediction: str,
    started_on: date,
    participants=(),
) -> PdsaCycle:
    """Start a cycle at its Plan: what we will try, and what we predict will happen (the Study compares)."""
    _check_change_idea(project, change_idea)
    participants = _check_participants(project, participants)
    _check_dates(started_on, None)
    # Lock the project, not its cycles: its first cycle has no rows to lock, and a wait on a cycle's lock still
    # misses a cycle inserted meanwhile, so two people planning at once would take the same number (ADR 0035).
    lock(project)
    number = next_number(PdsaCycle.objects.filter(project=project), "number")
    cycle = PdsaCycle.objects.create(
        project=project,
        change_idea=change_idea,
        number=number,
        title=_clean_text(title, field="title", label="a short title", max_length=200),
        plan=_clean_text(plan, field="plan", label="the plan", max_length=10_000),
        prediction=_clean_text(prediction, field="prediction", label="your prediction", max_length=10_000),
        started_on=started_on,
    )
    cycle.participants.set(participants)
    audit.record(
        actor=actor,
        organisation=project.organisation,
        action="pdsa.created",
        target=cycle,
        changes={
            "change_idea": change_idea.text,
            "started_on": started_on,
            "participants": [str(member.person) for member in participants],
        },
    )
    return cycle


PDSA_FIELDS = (
    "change_idea",
    "title",
    "plan",
    "prediction",
    "started_on",
    "do_notes",
    "study_notes",
    "act",
    "act_notes",
    "ended_on",
)


@transaction.atomic
def update_pdsa_cycle(*, actor, cycle: PdsaCycle, expected_version, participants=None, **fields) -> PdsaCycle:
    """Write up the Do, Study and Act (or correct the Plan). Only the fields given change."""
    unknown = set(fields) - set(PDSA_FIELDS)
    if unknown:
        raise TypeError(f"unknown PDSA cycle fields: {', '.join(sorted(unknown))}")
    project = cycle.project
    if "change_idea" in fields:
        _check_change_idea(project, fields["change_idea"])
    if fields.get("act") and fields["act"] not in PdsaCycle.Act.values:
        raise ValidationError({"act": "Choose adopt, adapt or abandon"})
    for name, label, limit in (
        ("title", "a short title", 200),
        ("plan", "the plan", 10_000),
        ("prediction", "your prediction", 10_000),
    ):
        if name in fields:
            fields[name] = _clean_text(fields[name], field=name, label=label, max_length=limit)
    for name in ("do_notes", "study_notes", "act_notes"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    _check_dates(fields.get("started_on", cycle.started_on), fields.get("ended_on", cycle.ended_on))
    if fields.get("act") and not fields.get("study_notes", cycle.study_notes):
        raise ValidationError(
            {"study_notes": "Write what you learnt, against the prediction, before deciding what to do"}
        )
    changes = {}
    for name, value in fields.items():
        before = getattr(cycle, name)
        if before != value:
            changes[name] = [before, value]
        setattr(cycle, name, value)
    save_versioned(cycle, expected_version=expected_version, fields=list(fields), what="PDSA cycle")
    if participants is not None:
        participants = _check_participants(project, participants)
        before_people = sorted(str(m.person) for m in cycle.participants.all())
        cycle.participants.set(participants)
        after_people = sorted(str(m.person) for m in participants)
        if before_people != after_people:
            changes["participants"] = [before_people, after_people]
    audit.record(actor=actor, organisation=project.organisation, action="pdsa.updated", target=cycle, changes=changes)
    return cycle
