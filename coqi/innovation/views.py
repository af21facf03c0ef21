"""Innovation library pages. Thin: forms validate, services write, selectors read; each view declares its rule.

The organisation in the URL is the one the person is looking *from*: the library shows what that organisation may
see, and adopting starts a project there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_rule
from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.innovation import selectors, services
from coqi.innovation.forms import EditInnovationForm, SearchForm, ShareInnovationForm, VisibilityForm
from coqi.innovation.models import (
    INGREDIENT_DESCRIPTIONS,
    VISIBILITY_DESCRIPTIONS,
    VISIBILITY_RANK,
    Visibility,
)


def _can_adopt(access) -> bool:
    return allows(access, "innovation.adopt")


def _can_curate(access, innovation, user) -> bool:
    """The submitter, and the organisation's facilitators and admins, look after an innovation."""
    return (
        allows(access, "organisation.member")
        and innovation.organisation_id == access.organisation.pk
        and (allows(access, "innovation.curate") or innovation.submitted_by_id == user.pk)
    )


def _fields(data: dict) -> dict:
    return {
        k: data[k]
        for k in ("title", "what", "why", "evidence", "co_produced_with", "setting", "ingredients", "population_groups")
    }


@organisation_rule("innovation.view")
def innovation_list(request, organisation):
    form = SearchForm(request.GET or None, sources=selectors.source_organisations(organisation=organisation))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.search(
        organisation=organisation,
        text=filters.get("q", ""),
        ingredient=filters.get("ingredient", ""),
        population=filters.get("population", ""),
        setting=filters.get("setting", ""),
        source=filters.get("source", ""),
    )
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "innovation/list.jinja",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": bool(any(filters.values())) if filters else False,
            "can_share": allows(request.access, "innovation.share"),
        },
    )


@organisation_rule("innovation.share")
@require_http_methods(["GET", "POST"])
def innovation_new(request, organisation):
    form = ShareInnovationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            innovation = services.share_innovation(
                actor=request.user, organisation=organisation, visibility=data["visibility"], **_fields(data)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Innovation shared with: {innovation.get_visibility_display().lower()}.")
            return redirect("innovation:detail", org_slug=organisation.slug, innovation_id=innovation.pk)
    return render(
        request,
        "innovation/new.jinja",
        {
            "organisation": organisation,
            "form": form,
            "descriptions": {
                "ingredients": INGREDIENT_DESCRIPTIONS,
                "visibility": VISIBILITY_DESCRIPTIONS,
            },
        },
    )


@organisation_rule("innovation.view")
def innovation_page(request, organisation, innovation_id):
    innovation = selectors.innovation_for(organisation=organisation, innovation_id=innovation_id)
    access = request.access
    return render(
        request,
        "innovation/detail.jinja",
        {
            "organisation": organisation,
            "innovation": innovation,
            "journey": selectors.journey(innovation=innovation, viewer_organisation=organisation, user=request.user),
            "adopted_here": selectors.adopted_here(innovation=innovation, organisation=organisation),
            "can_adopt": _can_adopt(access) and innovation.organisation_id != organisation.pk,
            "can_curate": _can_curate(access, innovation, request.user),
            "ours": innovation.organisation_id == organisation.pk,
        },
    )


@organisation_rule("innovation.adopt")
@require_http_methods(["GET", "POST"])
def innovation_adopt(request, organisation, innovation_id):
    innovation = selectors.innovation_for(organisation=organisation, innovation_id=innovation_id)
    own = innovation.organisation_id == organisation.pk
    error = services.OWN_INNOVATION if own else None
    if request.method == "POST" and not own:
        link = request.build_absolute_uri(
            reverse("innovation:detail", kwargs={"org_slug": organisation.slug, "innovation_id": innovation.pk})
        )
        try:
            adoption = services.adopt_innovation(
                actor=request.user, organisation=organisation, innovation=innovation, link=link
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"Project started from “{innovation.title}”. Begin with what matters to people here."
            )
            return redirect("projects:detail", org_slug=organisation.slug, project_id=adoption.project_id)
    return render(
        request,
        "innovation/adopt.jinja",
        {
            "organisation": organisation,
            "innovation": innovation,
            "error": error,
            "own": own,
            "adopted_here": selectors.adopted_here(innovation=innovation, organisation=organisation),
        },
        status=400 if error else 200,
    )


@organisation_rule("innovation.curate")
@require_http_methods(["GET", "POST"])
def innovation_edit(request, organisation, innovation_id):
    innovation = selectors.own_innovation(organisation=organisation, innovation_id=innovation_id)
    if not _can_curate(request.access, innovation, request.user):
        raise PermissionDenied  # about this innovation: its submitter may, whatever their role
    initial = {
        "title": innovation.title,
        "what": innovation.what,
        "why": innovation.why,
        "evidence": innovation.evidence,
        "co_produced_with": innovation.co_produced_with,
        "setting": innovation.setting,
        "ingredients": innovation.ingredients,
        "population_groups": innovation.population_groups,
        "version": innovation.version,
    }
    form = EditInnovationForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_innovation(
                actor=request.user, innovation=innovation, expected_version=data["version"], **_fields(data)
            )
        except EditConflict as exc:
            conflict = exc.messages[0]
            innovation = selectors.own_innovation(organisation=organisation, innovation_id=innovation_id)
            form = EditInnovationForm(initial={**initial, "version": innovation.version})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Innovation updated. Who can see it has not changed.")
            return redirect("innovation:detail", org_slug=organisation.slug, innovation_id=innovation.pk)
    return render(
        request,
        "innovation/edit.jinja",
        {
            "organisation": organisation,
            "innovation": innovation,
            "form": form,
            "conflict": conflict,
            "descriptions": {"ingredients": INGREDIENT_DESCRIPTIONS},
        },
    )


@organisation_rule("innovation.curate")
@require_http_methods(["GET", "POST"])
def innovation_visibility(request, organisation, innovation_id):
    """Change who sees an innovation. Narrowing happens at once; widening shows a confirmation step first."""
    innovation = selectors.own_innovation(organisation=organisation, innovation_id=innovation_id)
    if not _can_curate(request.access, innovation, request.user):
        raise PermissionDenied  # about this innovation: its submitter may, whatever their role
    form = VisibilityForm(
        request.POST if request.method == "POST" else None, initial={"visibility": innovation.visibility}
    )
    context = {
        "organisation": organisation,
        "innovation": innovation,
        "form": form,
        "descriptions": VISIBILITY_DESCRIPTIONS,
    }
    if request.method == "POST" and form.is_valid():
        chosen = Visibility(form.cleaned_data["visibility"])
        widening = VISIBILITY_RANK[chosen] > VISIBILITY_RANK[Visibility(innovation.visibility)]
        confirmed = request.POST.get("confirm") == "yes"
        if widening and not confirmed:
            return render(
                request,
                "innovation/visibility_confirm.jinja",
                {**context, "chosen": chosen, "chosen_description": VISIBILITY_DESCRIPTIONS[chosen]},
            )
        try:
            services.change_visibility(
                actor=request.user, innovation=innovation, visibility=chosen, confirm_widening=widening and confirmed
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Who can see it changed to: {chosen.label.lower()}.")
            return redirect("innovation:detail", org_slug=organisation.slug, innovation_id=innovation.pk)
    return render(request, "innovation/visibility.jinja", context)
