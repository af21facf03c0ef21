"""Plan pages: the aim, the driver diagram as an accessible tree, and PDSA cycles. Thin: forms check, services
write, selectors read; every view declares its access rule (coqi.projects.access)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.improvement.forms.plans import (
    AimForm,
    DriverNodeForm,
    NewParentForm,
    PdsaPlanForm,
    PdsaUpdateForm,
    RenameForm,
)
from coqi.improvement.models import DriverNode
from coqi.improvement.selectors import plans as selectors
from coqi.improvement.services import plans as services
from coqi.projects.access import project_access_required


def _plan_url(project) -> str:
    return reverse(
        "projects:improvement:plan", kwargs={"org_slug": project.organisation.slug, "project_id": project.pk}
    )


def _context(request, organisation, project, **extra) -> dict:
    return {"organisation": organisation, "project": project, "can_edit": request.project_access.can_edit, **extra}


@project_access_required()
def plan(request, organisation, project):
    return render(
        request,
        "improvement/plan.jinja",
        _context(
            request,
            organisation,
            project,
            aim=selectors.aim_of(project=project),
            tree=selectors.driver_tree(project=project),
            cycles=selectors.pdsa_cycles(project=project),
        ),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def aim(request, organisation, project):
    current = selectors.aim_of(project=project)
    initial = (
        {
            "what": current.what,
            "for_whom": current.for_whom,
            "how_much": current.how_much,
            "by_when": current.by_when,
            "version": current.version,
        }
        if current
        else {}
    )
    form = AimForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_aim(
                actor=request.user,
                project=project,
                what=data["what"],
                for_whom=data["for_whom"],
                how_much=data["how_much"],
                by_when=data["by_when"],
                expected_version=data.get("version"),
            )
        except EditConflict as conflict:
            latest = selectors.aim_of(project=project)
            form = AimForm(
                initial={
                    "what": latest.what,
                    "for_whom": latest.for_whom,
                    "how_much": latest.how_much,
                    "by_when": latest.by_when,
                    "version": latest.version,
                }
            )
            return render(
                request,
                "improvement/aim.jinja",
                _context(request, organisation, project, form=form, conflict=conflict.messages[0]),
                status=409,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The aim has been saved.")
            return redirect(_plan_url(project))
    return render(
        request, "improvement/aim.jinja", _context(request, organisation, project, form=form, current=current)
    )


def _allowed_kinds(parent: DriverNode | None) -> list[str]:
    if parent is None:
        return [DriverNode.Kind.PRIMARY]
    if parent.kind == DriverNode.Kind.PRIMARY:
        return [DriverNode.Kind.SECONDARY, DriverNode.Kind.CHANGE_IDEA]
    if parent.kind == DriverNode.Kind.SECONDARY:
        return [DriverNode.Kind.CHANGE_IDEA]
    return []


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def driver_add(request, organisation, project):
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    parent = selectors.driver_node_in(project=project, node_id=parent_id) if parent_id else None
    allowed = _allowed_kinds(parent)
    if not allowed:
        messages.error(request, "Nothing can be added under a change idea.")
        return redirect(_plan_url(project))
    form = DriverNodeForm(
        request.POST if request.method == "POST" else None,
        allowed_kinds=allowed,
        initial={"kind": allowed[0]} if len(allowed) == 1 else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            node = services.add_driver_node(
                actor=request.user,
                project=project,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                parent=parent,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{node.text}” has been added to the driver diagram.")
            return redirect(_plan_url(project) + f"#node-{node.pk}")
    return render(
        request, "improvement/driver_add.jinja", _context(request, organisation, project, form=form, parent=parent)
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def driver_rename(request, organisation, project, node_id):
    node = selectors.driver_node_in(project=project, node_id=node_id)
    form = RenameForm(
        request.POST if request.method == "POST" else None, initial={"text": node.text, "version": node.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_driver_node(
                actor=request.user,
                node=node,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as error:
            node.refresh_from_db()
            conflict = error.messages[0]
            form = RenameForm(initial={"text": node.text, "version": node.version})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The wording has been changed.")
            return redirect(_plan_url(project) + f"#node-{node.pk}")
    return render(
        request,
        "improvement/driver_rename.jinja",
        _context(request, organisation, project, form=form, node=node, conflict=conflict),
        status=409 if conflict else 200,
    )


@project_access_required(edit=True)
@require_POST
def driver_move(request, organisation, project, node_id):
    node = selectors.driver_node_in(project=project, node_id=node_id)
    try:
        services.move_driver_node(actor=request.user, node=node, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{node.text}” has been moved {request.POST.get('direction')}.")
    return redirect(_plan_url(project) + f"#node-{node.pk}")


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def driver_move_under(request, organisation, project, node_id):
    """Move an item to another parent: a form with a radio per place it may go, so no dragging is needed."""
    node = selectors.driver_node_in(project=project, node_id=node_id)
    parents = selectors.new_parents_for(node=node)
    form = NewParentForm(
        request.POST if request.method == "POST" else None, parents=parents, initial={"version": node.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        new_parent = next(p for p in parents if p.pk == form.cleaned_data["parent"])
        try:
            services.move_driver_node_under(
                actor=request.user, node=node, new_parent=new_parent, expected_version=form.cleaned_data.get("version")
            )
        except EditConflict as error:
            conflict = error.messages[0]
            node = selectors.driver_node_in(project=project, node_id=node_id)
            parents = selectors.new_parents_for(node=node)
            form = NewParentForm(parents=parents, initial={"version": node.version})
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{node.text}” has been moved under “{new_parent.text}”.")
            return redirect(_plan_url(project) + f"#node-{node.pk}")
    return render(
        request,
        "improvement/driver_move_under.jinja",
        _context(request, organisation, project, form=form, node=node, conflict=conflict, parents=parents),
        status=409 if conflict else 200,
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def driver_remove(request, organisation, project, node_id):
    node = selectors.driver_node_in(project=project, node_id=node_id)
    error = None
    if request.method == "POST":
        try:
            services.remove_driver_node(actor=request.user, node=node, expected_version=request.POST.get("version"))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"“{node.text}” has been removed from the driver diagram.")
            return redirect(_plan_url(project))
    return render(
        request, "improvement/driver_remove.jinja", _context(request, organisation, project, node=node, error=error)
    )


def _pdsa_form(form_class, data, project, **kwargs):
    return form_class(
        data,
        change_ideas=selectors.change_ideas(project=project),
        team=selectors.team_of(project=project),
        **kwargs,
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def pdsa_new(request, organisation, project):
    initial = {}
    if request.GET.get("change_idea"):
        initial["change_idea"] = request.GET["change_idea"]
    form = _pdsa_form(PdsaPlanForm, request.POST if request.method == "POST" else None, project, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.plan_pdsa_cycle(
                actor=request.user,
                project=project,
                change_idea=selectors.driver_node_in(project=project, node_id=data["change_idea"]),
                title=data["title"],
                plan=data["plan"],
                prediction=data["prediction"],
                started_on=data["started_on"],
                participants=selectors.team_member_ids_in(project=project, ids=data["participants"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{cycle} has been planned.")
            return redirect(
                "projects:improvement:pdsa-detail", org_slug=organisation.slug, project_id=project.pk, cycle_id=cycle.pk
            )
    return render(
        request,
        "improvement/pdsa_form.jinja",
        _context(
            request,
            organisation,
            project,
            form=form,
            cycle=None,
            has_change_ideas=selectors.change_ideas(project=project).exists(),
        ),
    )


@project_access_required()
def pdsa_detail(request, organisation, project, cycle_id):
    cycle = selectors.pdsa_cycle_in(project=project, cycle_id=cycle_id)
    return render(request, "improvement/pdsa_detail.jinja", _context(request, organisation, project, cycle=cycle))


def _cycle_initial(cycle) -> dict:
    return {
        "change_idea": cycle.change_idea_id,
        "title": cycle.title,
        "plan": cycle.plan,
        "prediction": cycle.prediction,
        "started_on": cycle.started_on,
        "participants": [m.pk for m in cycle.participants.all()],
        "do_notes": cycle.do_notes,
        "study_notes": cycle.study_notes,
        "act": cycle.act,
        "act_notes": cycle.act_notes,
        "ended_on": cycle.ended_on,
        "version": cycle.version,
    }


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def pdsa_edit(request, organisation, project, cycle_id):
    cycle = selectors.pdsa_cycle_in(project=project, cycle_id=cycle_id)
    data = request.POST if request.method == "POST" else None
    form = _pdsa_form(PdsaUpdateForm, data, project, initial=_cycle_initial(cycle))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        participant_ids = data.pop("participants")
        data["change_idea"] = selectors.driver_node_in(project=project, node_id=data["change_idea"])
        try:
            services.update_pdsa_cycle(
                actor=request.user,
                cycle=cycle,
                expected_version=version,
                participants=selectors.team_member_ids_in(project=project, ids=participant_ids),
                **data,
            )
        except EditConflict as error:
            conflict = error.messages[0]
            cycle = selectors.pdsa_cycle_in(project=project, cycle_id=cycle_id)
            # Show the version now saved, unbound, so the person can redo their change on top of it.
            form = _pdsa_form(PdsaUpdateForm, None, project, initial=_cycle_initial(cycle))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{cycle} has been saved.")
            return redirect(
                "projects:improvement:pdsa-detail", org_slug=organisation.slug, project_id=project.pk, cycle_id=cycle.pk
            )
    return render(
        request,
        "improvement/pdsa_form.jinja",
        _context(request, organisation, project, form=form, cycle=cycle, conflict=conflict, has_change_ideas=True),
        status=409 if conflict else 200,
    )
