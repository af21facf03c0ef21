"""Self-assessment pages. Thin: forms validate, services write, selectors read; each view declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coqi.assessment import charts
from coqi.assessment import framework as frameworks
from coqi.assessment.forms.rounds import ResponseForm, RoundForm, rating_field
from coqi.assessment.models import EXPERIENCE_DESCRIPTIONS
from coqi.assessment.selectors import commitments as commitment_selectors
from coqi.assessment.selectors import rounds as selectors
from coqi.assessment.services import rounds as services
from coqi.core import selectors as core_selectors
from coqi.core.access import organisation_rule
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.core.roles import experience_of


def _can_run(request) -> bool:
    return allows(request.access, "assessment.run_round")


def _hide_from_anonymity_breaking_viewers(request) -> None:
    """A system viewer who is not a member gets 404 when the organisation chose anonymity in the system view: its
    named rounds and results would otherwise tell them which anonymised organisation it is (ADR 0026)."""
    if core_selectors.self_assessment_hidden_from(access=request.access):
        raise Http404


@organisation_rule("assessment.view")
def rounds(request, organisation):
    _hide_from_anonymity_breaking_viewers(request)
    all_rounds = list(selectors.rounds_of(organisation=organisation))
    over_time = selectors.rounds_over_time(organisation=organisation)
    return render(
        request,
        "assessment/rounds.jinja",
        {
            "organisation": organisation,
            "rounds": all_rounds,
            "over_time": over_time,
            "can_run": not request.access.read_only and _can_run(request),
            "min_group": selectors.MIN_GROUP,
        },
    )


@organisation_rule("assessment.run_round")
@require_http_methods(["GET", "POST"])
def round_new(request, organisation):
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(
                actor=request.user, organisation=organisation, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            apply_errors(form, error, rename=rating_field)
        else:
            messages.success(request, f"Round opened: {round_.title}. Every member can now answer.")
            return redirect("assessment:round", org_slug=organisation.slug, round_id=round_.pk)
    return render(
        request,
        "assessment/round_new.jinja",
        {"organisation": organisation, "form": form, "min_group": selectors.MIN_GROUP},
    )


@organisation_rule("assessment.view")
def framework_page(request, organisation):
    _hide_from_anonymity_breaking_viewers(request)
    return render(
        request, "assessment/framework.jinja", {"organisation": organisation, "framework": frameworks.current()}
    )


@organisation_rule("assessment.view")
def round_page(request, organisation, round_id):
    _hide_from_anonymity_breaking_viewers(request)
    round_ = selectors.round_for(organisation=organisation, round_id=round_id)
    mine = None if request.access.read_only else selectors.response_of(round=round_, person=request.user)
    return render(
        request,
        "assessment/round.jinja",
        {
            "organisation": organisation,
            "round": round_,
            "mine": mine,
            "can_run": not request.access.read_only and _can_run(request),
            "min_group": selectors.MIN_GROUP,
        },
    )


@organisation_rule("assessment.answer")
@require_http_methods(["GET", "POST"])
def respond(request, organisation, round_id):
    round_ = selectors.round_for(organisation=organisation, round_id=round_id)
    framework = frameworks.load(round_.framework_id, round_.framework_version)
    mine = selectors.response_of(round=round_, person=request.user)
    if (mine is not None and mine.is_submitted) or not round_.is_open:
        return redirect("assessment:round", org_slug=organisation.slug, round_id=round_.pk)
    initial = ResponseForm.initial_from(mine) or {"experience": experience_of(request.access.role)}
    form = ResponseForm(request.POST if request.method == "POST" else None, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        ratings, comments = form.answers()
        try:
            services.save_response(
                actor=request.user,
                round=round_,
                experience=form.cleaned_data["experience"],
                ratings=ratings,
                comments=comments,
                submit=submit,
            )
        except ValidationError as error:
            apply_errors(form, error, rename=rating_field)
        else:
            messages.success(
                request,
                "Thank you: your answers are submitted."
                if submit
                else "Draft saved. It is not counted until you submit it.",
            )
            return redirect("assessment:round", org_slug=organisation.slug, round_id=round_.pk)
    return render(
        request,
        "assessment/respond.jinja",
        {
            "organisation": organisation,
            "round": round_,
            "framework": framework,
            "form": form,
            "experience_descriptions": EXPERIENCE_DESCRIPTIONS,
            "rating_field": rating_field,
        },
    )


@organisation_rule("assessment.view")
def results(request, organisation, round_id):
    _hide_from_anonymity_breaking_viewers(request)
    round_ = selectors.round_for(organisation=organisation, round_id=round_id)
    result = selectors.round_results(round=round_)
    context = {
        "organisation": organisation,
        "round": round_,
        "result": result,
        "min_group": selectors.MIN_GROUP,
        "not_enough": selectors.NOT_ENOUGH,
        "can_commit": allows(request.access, "commitments.make"),
        "following": commitment_selectors.following_up(round=round_) if result.visible else {},
    }
    if result.visible:
        framework = result.framework
        earlier = [
            (r.round.title, r.placement)
            for r in selectors.rounds_over_time(organisation=organisation)
            if r.round.opened_at < round_.opened_at
        ]
        context.update(
            themes_chart=charts.gap_chart(
                result.themes, lowest=framework.lowest, highest=framework.highest, uid="themes"
            ),
            factors_chart=charts.gap_chart(
                result.factors, lowest=framework.lowest, highest=framework.highest, uid="factors"
            ),
            continuum_chart=charts.continuum_chart(result.placement, earlier=earlier),
            curves_chart=charts.curves_chart(result.placement),
            earlier=earlier,
        )
    return render(request, "assessment/results.jinja", context)


@organisation_rule("assessment.run_round")
@require_POST
def round_close(request, organisation, round_id):
    round_ = selectors.round_for(organisation=organisation, round_id=round_id)
    services.close_round(actor=request.user, round=round_)
    messages.success(request, f"Round closed: {round_.title}. It takes no more answers.")
    return redirect("assessment:round", org_slug=organisation.slug, round_id=round_.pk)
