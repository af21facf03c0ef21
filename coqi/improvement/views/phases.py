"""Reading a measure's chart: start a phase (logged as a team decision), leave a period out, note a period.
Thin: forms check, services write, selectors read; every view declares its access rule."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.forms import apply_errors
from coqi.improvement.forms.phases import ExcludeForm, NoteForm, PhaseForm
from coqi.improvement.selectors import measures as selectors
from coqi.improvement.services import phases as services
from coqi.projects.access import project_access_required
from coqi.projects.selectors import team as team_selectors


def _to_detail(organisation, project, measure):
    return redirect(
        "projects:measures:detail", org_slug=organisation.slug, project_id=project.pk, measure_id=measure.pk
    )


def _page(request, organisation, project, measure, form, heading, submit, intro, status=200):
    return render(
        request,
        "improvement/measures/reading_form.jinja",
        {
            "organisation": organisation,
            "project": project,
            "measure": measure,
            "form": form,
            "heading": heading,
            "submit": submit,
            "intro": intro,
            "field_descriptions": {"rung": getattr(form, "rung_descriptions", {})},
        },
        status=status,
    )


def _suggested_start(request, periods: list[date]) -> str | None:
    wanted = request.GET.get("from", "")
    try:
        when = date.fromisoformat(wanted)
    except ValueError:
        return None
    return when.isoformat() if when in periods else None


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def phase_new(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    periods = selectors.periods_of(measure=measure)
    team = list(team_selectors.team_of(project=project))
    initial = {"decided_on": timezone.localdate(), "starts_on": _suggested_start(request, periods)}
    form = PhaseForm(request.POST if request.method == "POST" else None, initial=initial, team=team, periods=periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = set(data["present"])
        try:
            phase = services.start_phase(
                actor=request.user,
                measure=measure,
                starts_on=data["starts_on"],
                baseline_points=data["baseline_points"],
                reason=data["reason"],
                evidence=data["evidence"],
                method=data["method"],
                rung=data["rung"],
                decided_on=data["decided_on"],
                present=[m for m in team if m.pk in wanted],
                others_present=data["others_present"],
                dissents=[(data["dissent_name"], data["dissent_words"])] if data["dissent_words"] else [],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"A new phase starts in {phase.starts_on:%B %Y}, and the decision is in the decision log."
            )
            return _to_detail(organisation, project, measure)
    return _page(
        request,
        organisation,
        project,
        measure,
        form,
        "Start a new phase",
        "Start the phase and log the decision",
        "A new phase gives the chart a new centre line and limits from the period you choose. Making Data Count's "
        "rule: only redraw the limits when the team understands why the process changed. The decision, who was in "
        "the room and the evidence go into the project's decision log.",
        status=400 if form.errors else 200,
    )


@project_access_required(edit=True)
@require_POST
def phase_remove(request, organisation, project, measure_id, phase_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    phase = selectors.phase_in(measure=measure, phase_id=phase_id)
    services.remove_phase(actor=request.user, phase=phase)
    messages.success(request, f"The phase from {phase.starts_on:%B %Y} has been removed; its decision stays logged.")
    return _to_detail(organisation, project, measure)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def exclusion_new(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    form = ExcludeForm(
        request.POST if request.method == "POST" else None, periods=selectors.periods_of(measure=measure)
    )
    if request.method == "POST" and form.is_valid():
        try:
            exclusion = services.exclude_period(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{exclusion.period:%B %Y} is left out of the centre line and limits.")
            return _to_detail(organisation, project, measure)
    return _page(
        request,
        organisation,
        project,
        measure,
        form,
        "Leave a period out of the limits",
        "Leave it out",
        "The point stays on the chart, drawn hollow, but is left out of the centre line, the limits and the rules. "
        "Do this only for a known reason, such as a data error.",
        status=400 if form.errors else 200,
    )


@project_access_required(edit=True)
@require_POST
def exclusion_remove(request, organisation, project, measure_id, exclusion_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    exclusion = selectors.exclusion_in(measure=measure, exclusion_id=exclusion_id)
    services.include_period(actor=request.user, exclusion=exclusion)
    messages.success(request, f"{exclusion.period:%B %Y} counts towards the limits again.")
    return _to_detail(organisation, project, measure)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def note_new(request, organisation, project, measure_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    form = NoteForm(request.POST if request.method == "POST" else None, periods=selectors.periods_of(measure=measure))
    if request.method == "POST" and form.is_valid():
        try:
            note = services.add_note(actor=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The note on {note.period:%B %Y} has been added.")
            return _to_detail(organisation, project, measure)
    return _page(
        request,
        organisation,
        project,
        measure,
        form,
        "Add a note to the chart",
        "Add the note",
        "A note marks a period on the chart and in its data table, beside the PDSA cycles and stories.",
        status=400 if form.errors else 200,
    )


@project_access_required(edit=True)
@require_POST
def note_remove(request, organisation, project, measure_id, note_id):
    measure = selectors.measure_in(project=project, measure_id=measure_id)
    note = selectors.note_in(measure=measure, note_id=note_id)
    services.remove_note(actor=request.user, note=note)
    messages.success(request, f"The note on {note.period:%B %Y} has been removed.")
    return _to_detail(organisation, project, measure)
