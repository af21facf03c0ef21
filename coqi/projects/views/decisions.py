"""Sharing power and celebrating: the decision log with dissent, reflections on power, and the celebration page with
what changed. Thin: forms validate, services write, selectors read; every view declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from coqi.core.forms import apply_errors
from coqi.projects import registry
from coqi.projects.access import project_access_required
from coqi.projects.choices import REFLECTION_QUESTIONS, TeamRole
from coqi.projects.forms.decisions import DecisionEditForm, DecisionForm, DissentForm, ReflectionForm, WhatChangedForm
from coqi.projects.selectors import decisions as decision_selectors
from coqi.projects.selectors import projects as project_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.services import decisions as services
from coqi.projects.views import shared


@project_access_required()
def decisions(request, organisation, project):
    return shared.page(
        request,
        "projects/decisions.jinja",
        organisation,
        project,
        decisions=decision_selectors.decisions_of(project=project),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def decision_new(request, organisation, project):
    team_ = list(team_selectors.team_of(project=project))
    form = DecisionForm(shared.post_data(request), team=team_)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = set(data["present"])
        try:
            decision = services.log_decision(
                actor=request.user,
                project=project,
                question=data["question"],
                options=data["options"],
                method=data["method"],
                rung=data["rung"],
                decided_on=data["decided_on"],
                present=[m for m in team_ if m.pk in wanted],
                others_present=data["others_present"],
                outcome=data["outcome"],
                dissents=[(data["dissent_name"], data["dissent_words"])] if data["dissent_words"] else [],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Decision logged.")
            return shared.redirect_to("decision", organisation, project, decision_id=decision.pk)
    return shared.page(request, "projects/decision_new.jinja", organisation, project, form=form)


@project_access_required(edit_to_post=True)
@require_http_methods(["GET", "POST"])
def decision_page(request, organisation, project, decision_id):
    decision = decision_selectors.decision_in(project=project, decision_id=decision_id)
    form = DissentForm(shared.post_data(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_dissent(
                    actor=request.user,
                    decision=decision,
                    name=form.cleaned_data["name"],
                    in_their_words=form.cleaned_data["in_their_words"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Your disagreement has been recorded in your own words.")
                return shared.redirect_to("decision", organisation, project, decision_id=decision.pk)
    return shared.page(request, "projects/decision.jinja", organisation, project, decision=decision, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def decision_edit(request, organisation, project, decision_id):
    decision = decision_selectors.decision_in(project=project, decision_id=decision_id)
    team_ = list(team_selectors.team_of(project=project))
    edit = shared.versioned_edit(
        request,
        DecisionEditForm,
        decision,
        team=team_,
        initial=lambda d: {
            "question": d.question,
            "options": d.options,
            "method": d.method,
            "rung": d.rung,
            "decided_on": d.decided_on,
            "present": [m.pk for m in d.present.all()],
            "others_present": d.others_present,
            "outcome": d.outcome,
            "version": d.version,
        },
        save=lambda data: services.update_decision(
            actor=request.user,
            decision=decision,
            version=data["version"],
            question=data["question"],
            options=data["options"],
            method=data["method"],
            rung=data["rung"],
            decided_on=data["decided_on"],
            present=[m for m in team_ if m.pk in set(data["present"])],
            others_present=data["others_present"],
            outcome=data["outcome"],
        ),
        reload=lambda: decision_selectors.decision_in(project=project, decision_id=decision.pk),
    )
    if edit.saved:
        messages.success(request, "Decision saved.")
        return shared.redirect_to("decision", organisation, project, decision_id=decision.pk)
    return shared.page(
        request,
        "projects/decision_edit.jinja",
        organisation,
        project,
        form=edit.form,
        conflict=edit.conflict,
        decision=edit.item,
    )


@project_access_required(edit_to_post=True)
@require_http_methods(["GET", "POST"])
def reflections(request, organisation, project):
    form = ReflectionForm(shared.post_data(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_reflection(
                    actor=request.user,
                    project=project,
                    prompt=form.cleaned_data["prompt"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Thank you for your reflection.")
                return shared.redirect_to("reflections", organisation, project)
    return shared.page(
        request,
        "projects/reflections.jinja",
        organisation,
        project,
        form=form,
        reflections=list(decision_selectors.reflections_of(project=project)),
        prompt_questions=REFLECTION_QUESTIONS,
    )


# --- celebrate --------------------------------------------------------------------------------------------


@project_access_required()
def celebrate(request, organisation, project):
    return shared.page(
        request,
        "projects/celebrate.jinja",
        organisation,
        project,
        celebration=decision_selectors.celebration(project=project),
        sections=registry.celebration_sections(request, project),
        team_roles=TeamRole,
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def celebrate_edit(request, organisation, project):
    edit = shared.versioned_edit(
        request,
        WhatChangedForm,
        project,
        initial=lambda p: {"what_changed": p.what_changed, "version": p.version},
        save=lambda data: services.record_what_changed(
            actor=request.user, project=project, version=data["version"], what_changed=data["what_changed"]
        ),
        reload=lambda: project_selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, "Saved.")
        return shared.redirect_to("celebrate", organisation, project)
    return shared.page(
        request, "projects/celebrate_edit.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict
    )
