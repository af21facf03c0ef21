"""Question pages: improvement questions, choosing the shared one, and prioritising together (opening a dot vote or
ranking, voting, closing it). Thin: forms validate, services write, selectors read; every view declares its access
rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.forms import apply_errors
from coqi.projects.access import project_access_required
from coqi.projects.forms.voting import OpenPrioritisationForm, QuestionForm, VoteForm
from coqi.projects.selectors import evidence as evidence_selectors
from coqi.projects.selectors import voting as voting_selectors
from coqi.projects.services import voting as services
from coqi.projects.views import shared


@project_access_required()
def questions(request, organisation, project):
    latest = voting_selectors.latest_prioritisation(project=project)
    return shared.page(
        request,
        "projects/questions.jinja",
        organisation,
        project,
        questions=list(voting_selectors.questions_of(project=project)),
        prioritisation=latest,
        results=voting_selectors.prioritisation_results(prioritisation=latest) if latest else None,
        my_votes=voting_selectors.votes_of(prioritisation=latest, person=request.user) if latest else {},
        open_form=OpenPrioritisationForm(),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def question_new(request, organisation, project):
    evidence = evidence_selectors.evidence_of(project=project)
    form = QuestionForm(shared.post_data(request), evidence=evidence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def pick(items, ids):
            return [item for item in items if item.pk in set(ids)]

        try:
            services.add_question(
                actor=request.user,
                project=project,
                text=data["text"],
                evidence_note=data["evidence_note"],
                stories=pick(evidence.stories, data["stories"]),
                feedback_themes=pick(evidence.feedback_themes, data["feedback_themes"]),
                always_events=pick(evidence.always_events, data["always_events"]),
                touchpoints=pick(evidence.touchpoints, data["touchpoints"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Question added.")
            return shared.redirect_to("questions", organisation, project)
    return shared.page(request, "projects/question_new.jinja", organisation, project, form=form)


@project_access_required(edit=True)
@require_POST
def question_choose(request, organisation, project, question_id):
    question = voting_selectors.question_in(project=project, question_id=question_id)
    try:
        services.choose_question(actor=request.user, question=question, version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "This is now the project's shared question.")
    return shared.redirect_to("questions", organisation, project)


@project_access_required(edit=True)
@require_POST
def prioritisation_open(request, organisation, project):
    form = OpenPrioritisationForm(request.POST)
    if form.is_valid():
        try:
            services.open_prioritisation(
                actor=request.user,
                project=project,
                method=form.cleaned_data["method"],
                dots_per_person=form.cleaned_data["dots_per_person"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Prioritisation open. Everyone on the team can now vote.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return shared.redirect_to("questions", organisation, project)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def vote(request, organisation, project, prioritisation_id):
    prioritisation = voting_selectors.prioritisation_in(project=project, prioritisation_id=prioritisation_id)
    if not request.project_access.on_team or not prioritisation.is_open:
        # Say why plainly rather than bouncing the person elsewhere.
        return shared.page(
            request, "projects/vote.jinja", organisation, project, form=None, prioritisation=prioritisation
        )
    questions_ = list(voting_selectors.questions_of(project=project))
    form = VoteForm(
        shared.post_data(request),
        questions=questions_,
        method=prioritisation.method,
        dots_per_person=prioritisation.dots_per_person,
        current=voting_selectors.votes_of(prioritisation=prioritisation, person=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_votes(actor=request.user, prioritisation=prioritisation, allocation=form.allocation())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Thank you. Your votes have been saved; you can change them until voting closes.")
            return shared.redirect_to("questions", organisation, project)
    return shared.page(request, "projects/vote.jinja", organisation, project, form=form, prioritisation=prioritisation)


@project_access_required(edit=True)
@require_POST
def prioritisation_close(request, organisation, project, prioritisation_id):
    prioritisation = voting_selectors.prioritisation_in(project=project, prioritisation_id=prioritisation_id)
    try:
        services.close_prioritisation(actor=request.user, prioritisation=prioritisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Voting has closed. The results are below.")
    return shared.redirect_to("questions", organisation, project)
