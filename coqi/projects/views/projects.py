"""Project pages for the project itself: the list, starting one, its page, its details and its stage. Thin: forms
validate, services write, selectors read; every view declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_rule
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.projects.access import project_access_required
from coqi.projects.choices import STAGE_DESCRIPTIONS, Stage
from coqi.projects.forms.projects import ProjectEditForm, ProjectForm, StageForm
from coqi.projects.selectors import activities as activity_selectors
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.selectors import voting as voting_selectors
from coqi.projects.services import projects as services
from coqi.projects.views import shared


@organisation_rule("projects.view")
def project_list(request, organisation):
    mine = list(project_selectors.projects_of_person(organisation=organisation, person=request.user))
    mine_ids = {p.pk for p in mine}
    others = [p for p in project_selectors.projects_in(organisation=organisation) if p.pk not in mine_ids]
    return render(
        request,
        "projects/list.jinja",
        {
            "organisation": organisation,
            "my_projects": mine,
            "other_projects": others,
            "can_start": allows(request.access, "projects.start"),
            "stages": dict(Stage.choices),
        },
    )


@organisation_rule("projects.start")
@require_http_methods(["GET", "POST"])
def project_new(request, organisation):
    form = ProjectForm(shared.post_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.create_project(
                actor=request.user,
                organisation=organisation,
                title=data["title"],
                description=data["description"],
                creator_role=data["your_role"] or None,
                creator_role_description=data["your_role_description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Project started: {project.title}.")
            return shared.redirect_to("detail", organisation, project)
    return render(request, "projects/new.jinja", {"organisation": organisation, "form": form})


@project_access_required()
def project_page(request, organisation, project):
    first = team_selectors.first_activity(project=project)
    return shared.page(
        request,
        "projects/detail.jinja",
        organisation,
        project,
        partnership=team_selectors.partnership_from_first_conversation(project=project, first=first),
        timeline=team_selectors.team_timeline(project=project, first=first),
        stage_descriptions=STAGE_DESCRIPTIONS,
        stages=Stage.choices,
        recent_activities=list(activity_selectors.activities_of(project=project)[:3]),
        invited=list(team_selectors.pending_team_invitations(project=project)),
        open_vote=voting_selectors.open_prioritisation(project=project),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def project_edit(request, organisation, project):
    edit = shared.versioned_edit(
        request,
        ProjectEditForm,
        project,
        initial=lambda p: {"title": p.title, "description": p.description, "version": p.version},
        save=lambda data: services.update_project(
            actor=request.user,
            project=project,
            version=data["version"],
            title=data["title"],
            description=data["description"],
        ),
        reload=lambda: project_selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, "Project details saved.")
        return shared.redirect_to("detail", organisation, project)
    return shared.page(request, "projects/edit.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def project_stage(request, organisation, project):
    edit = shared.versioned_edit(
        request,
        StageForm,
        project,
        initial=lambda p: {"stage": p.stage, "version": p.version},
        save=lambda data: services.change_stage(
            actor=request.user, project=project, version=data["version"], stage=data["stage"]
        ),
        reload=lambda: project_selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, f"The project is now at the stage: {project.get_stage_display()}.")
        return shared.redirect_to("detail", organisation, project)
    return shared.page(request, "projects/stage.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict)
