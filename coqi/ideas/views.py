"""Community ideas pages: the public page and form (no account), and the members' moderation and response pages.
Thin: forms validate, services write, selectors read; each view declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.access import organisation_rule, public
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.ideas import guard, selectors, services
from coqi.ideas.forms import CommunityPageForm, IdeaForm, ModerateForm, RespondForm, SendForm
from coqi.ideas.models import RESPONSE_DESCRIPTIONS, IdeaStatus
from coqi.projects.access import project_access
from coqi.projects.selectors import projects as project_selectors

PUBLIC_PAGE_SIZE = 20
SHOWS = {
    "waiting": "Waiting for moderation",
    "published": "Published",
    "rejected": "Not published",
    "spam": "Spam",
    "all": "All",
}


# --- public: no account ----------------------------------------------------------------------------------------


@public
def community_page(request, community_slug):
    organisation, page = selectors.open_community(slug=community_slug)
    ideas = Paginator(selectors.published(organisation=organisation), PUBLIC_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/page.jinja",
        {
            "organisation": organisation,
            "page": page,
            "ideas": ideas,
            "times": selectors.response_times(organisation=organisation),
            "within_days": selectors.ANSWER_WITHIN_DAYS,
        },
    )


@public
@require_http_methods(["GET", "POST"])
def raise_idea(request, community_slug):
    organisation, _ = selectors.open_community(slug=community_slug)
    form = IdeaForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        address = guard.client_address(request)
        if guard.over_rate_limit(address):
            form.is_valid()
            form.add_error(None, guard.TOO_MANY)
            status = 429
        elif request.POST.get("website"):
            # A person never sees the honeypot. Whoever filled it is thanked and nothing is kept.
            guard.count_submission(address)
            return render(request, "community/thanks.jinja", {"organisation": organisation})
        elif form.is_valid():
            problem = guard.timing_problem(form.cleaned_data["started"])
            if problem:
                form.add_error(None, problem)
            else:
                try:
                    idea = services.raise_idea(
                        organisation=organisation, what=form.cleaned_data["what"], better=form.cleaned_data["better"]
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    guard.count_submission(address)
                    messages.success(
                        request,
                        "Thank you. Your idea has been sent. Keep this page's address to "
                        "see when it is published and what we say back.",
                    )
                    return redirect("community:yours", community_slug=organisation.slug, token=idea.tracking_token)
    return render(
        request,
        "community/raise.jinja",
        {
            "organisation": organisation,
            "form": form,
            "stamp": guard.form_started_stamp(),
        },
        status=status,
    )


@public
def your_idea(request, community_slug, token):
    organisation, _ = selectors.open_community(slug=community_slug)
    idea = selectors.idea_by_token(organisation=organisation, token=token)
    return render(request, "community/yours.jinja", {"organisation": organisation, "idea": idea})


# --- members ----------------------------------------------------------------------------------------------------


@organisation_rule("ideas.view")
def idea_list(request, organisation):
    show = request.GET.get("show", "waiting")
    show = show if show in SHOWS else "waiting"
    ideas = list(selectors.ideas_of(organisation=organisation, status=None if show == "all" else show)[:200])
    return render(
        request,
        "ideas/list.jinja",
        {
            "organisation": organisation,
            "ideas": ideas,
            "show": show,
            "shows": SHOWS,
            "waiting": selectors.waiting_count(organisation=organisation),
            "page": selectors.community_page_of(organisation=organisation),
            "can_change_page": allows(request.access, "ideas.change_page"),
            "times": selectors.response_times(organisation=organisation),
            "within_days": selectors.ANSWER_WITHIN_DAYS,
        },
    )


def _projects_to_send_to(request, organisation):
    if request.access.read_only:
        return []
    if allows(request.access, "projects.change"):
        return list(project_selectors.projects_in(organisation=organisation))
    return list(project_selectors.projects_of_person(organisation=organisation, person=request.user))


def _detail(request, organisation, idea, *, moderate_form=None, respond_form=None, send_form=None):
    can_moderate = allows(request.access, "ideas.moderate")
    can_respond = allows(request.access, "ideas.respond") and idea.status == IdeaStatus.PUBLISHED
    projects = _projects_to_send_to(request, organisation) if idea.status != IdeaStatus.SPAM else []
    return render(
        request,
        "ideas/detail.jinja",
        {
            "organisation": organisation,
            "idea": idea,
            "responses": list(idea.responses.all()),
            "moderate_form": (moderate_form or ModerateForm()) if can_moderate else None,
            "respond_form": (respond_form or RespondForm()) if can_respond else None,
            "send_form": (send_form or SendForm(projects=projects)) if projects else None,
            "response_descriptions": RESPONSE_DESCRIPTIONS,
            "community_open": bool(getattr(selectors.community_page_of(organisation=organisation), "is_open", False)),
        },
    )


@organisation_rule("ideas.view")
def idea_detail(request, organisation, idea_id):
    return _detail(request, organisation, selectors.idea_for(organisation=organisation, idea_id=idea_id))


@organisation_rule("ideas.moderate")
@require_POST
def moderate_idea(request, organisation, idea_id):
    idea = selectors.idea_for(organisation=organisation, idea_id=idea_id)
    form = ModerateForm(request.POST)
    if form.is_valid():
        try:
            idea = services.moderate(
                actor=request.user,
                idea=idea,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                {
                    IdeaStatus.PUBLISHED: "Published. It now shows on the public page, ready for a response.",
                    IdeaStatus.REJECTED: "Not published. The person who raised it can see your reason.",
                    IdeaStatus.SPAM: "Marked as spam. It will not be shown anywhere.",
                }[idea.status],
            )
            return redirect("ideas:detail", org_slug=organisation.slug, idea_id=idea.pk)
    return _detail(request, organisation, idea, moderate_form=form)


@organisation_rule("ideas.respond")
@require_POST
def respond_to_idea(request, organisation, idea_id):
    idea = selectors.idea_for(organisation=organisation, idea_id=idea_id)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.respond(
                actor=request.user,
                idea=idea,
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
                role=request.access.role,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Response published. It shows on the public page under “You said, we did”.")
            return redirect("ideas:detail", org_slug=organisation.slug, idea_id=idea.pk)
    return _detail(request, organisation, idea, respond_form=form)


@organisation_rule("ideas.view")
@require_POST
def send_idea_to_project(request, organisation, idea_id):
    idea = selectors.idea_for(organisation=organisation, idea_id=idea_id)
    projects = _projects_to_send_to(request, organisation)
    form = SendForm(request.POST, projects=projects)
    if not projects:
        raise PermissionDenied  # about projects: only those the person may change are offered
    if form.is_valid():
        project = project_selectors.project_for(organisation=organisation, project_id=form.cleaned_data["project"])
        can_edit = project_access(access=request.access, project=project, user=request.user).can_edit
        try:
            evidence = services.send_to_project(
                actor=request.user, idea=idea, project=project, theme=form.cleaned_data["theme"], can_edit=can_edit
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{evidence.name}” has been added to what matters in {project.title}.")
            return redirect("ideas:detail", org_slug=organisation.slug, idea_id=idea.pk)
    return _detail(request, organisation, idea, send_form=form)


@organisation_rule("ideas.change_page")
@require_http_methods(["GET", "POST"])
def page_settings(request, organisation):
    page = selectors.community_page_of(organisation=organisation)
    initial = {"is_open": page.is_open, "welcome": page.welcome} if page else {}
    form = CommunityPageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.set_community_page(
                actor=request.user,
                organisation=organisation,
                is_open=form.cleaned_data["is_open"],
                welcome=form.cleaned_data["welcome"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The public page is open." if page.is_open else "The public page is closed.")
            return redirect("ideas:list", org_slug=organisation.slug)
    return render(request, "ideas/settings.jinja", {"organisation": organisation, "form": form})
