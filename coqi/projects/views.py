"""Project pages. Thin: forms validate, services write, selectors read; every view declares its access rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core.access import organisation_rule
from coqi.core.concurrency import EditConflict
from coqi.core.forms import apply_errors
from coqi.core.permissions import allows, require
from coqi.core.roles import Experience
from coqi.core.selectors import members_of
from coqi.projects import registry, selectors, services
from coqi.projects.access import project_access_required
from coqi.projects.choices import REFLECTION_QUESTIONS, RUNG_DESCRIPTIONS, STAGE_DESCRIPTIONS, Rung, Stage, TeamRole
from coqi.projects.forms import (
    ActivityForm,
    AddTeamMemberForm,
    AlwaysEventEditForm,
    AlwaysEventForm,
    DecisionEditForm,
    DecisionForm,
    DissentForm,
    FeedbackThemeEditForm,
    FeedbackThemeForm,
    InviteTeamMemberForm,
    OpenPrioritisationForm,
    ProjectEditForm,
    ProjectForm,
    QuestionForm,
    ReflectionForm,
    StageForm,
    StoryForm,
    TeamMemberForm,
    TouchpointEditForm,
    TouchpointForm,
    VoteForm,
    WhatChangedForm,
)
from coqi.projects.models import AlwaysEventCandidate


def _post(request):
    return request.POST if request.method == "POST" else None


@dataclass
class VersionedEdit:
    """What `_versioned_edit` leaves for the view: the form to show, the item (reloaded after a conflict), the
    conflict message if someone else saved first, and whatever the service returned when it saved."""

    form: object
    item: object
    conflict: str | None = None
    saved: bool = False
    result: object = None


def _versioned_edit(request, form_class, item, *, initial, save, reload, **form_kwargs) -> VersionedEdit:
    """The edit every versioned form here shares: validate, call `save(cleaned_data)` (a service given the form's
    version), and on EditConflict reload the item and show its latest values unbound with the conflict message,
    or put a service's ValidationError on the form against the field it names."""
    form = form_class(_post(request), initial=initial(item), **form_kwargs)
    if request.method != "POST" or not form.is_valid():
        return VersionedEdit(form=form, item=item)
    try:
        result = save(form.cleaned_data)
    except EditConflict as error:
        item = reload()
        return VersionedEdit(
            form=form_class(initial=initial(item), **form_kwargs), item=item, conflict=error.messages[0]
        )
    except ValidationError as error:
        apply_errors(form, error)
        return VersionedEdit(form=form, item=item)
    return VersionedEdit(form=form, item=item, saved=True, result=result)


def _page(request, template: str, organisation, project, **context):
    context.update(
        organisation=organisation,
        project=project,
        project_access=request.project_access,
        project_links=registry.project_links(project),
    )
    return render(request, template, context)


def _to(name: str, organisation, project, **kwargs):
    return redirect(f"projects:{name}", org_slug=organisation.slug, project_id=project.pk, **kwargs)


# --- projects ---------------------------------------------------------------------------------------------


@organisation_rule("projects.view")
def project_list(request, organisation):
    mine = list(selectors.projects_of_person(organisation=organisation, person=request.user))
    mine_ids = {p.pk for p in mine}
    others = [p for p in selectors.projects_in(organisation=organisation) if p.pk not in mine_ids]
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
    form = ProjectForm(_post(request))
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
            return _to("detail", organisation, project)
    return render(request, "projects/new.jinja", {"organisation": organisation, "form": form})


@project_access_required()
def project_page(request, organisation, project):
    first = selectors.first_activity(project=project)
    return _page(
        request,
        "projects/detail.jinja",
        organisation,
        project,
        partnership=selectors.partnership_from_first_conversation(project=project, first=first),
        timeline=selectors.team_timeline(project=project, first=first),
        stage_descriptions=STAGE_DESCRIPTIONS,
        stages=Stage.choices,
        recent_activities=list(selectors.activities_of(project=project)[:3]),
        invited=list(selectors.pending_team_invitations(project=project)),
        open_vote=selectors.open_prioritisation(project=project),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def project_edit(request, organisation, project):
    edit = _versioned_edit(
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
        reload=lambda: selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, "Project details saved.")
        return _to("detail", organisation, project)
    return _page(request, "projects/edit.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def project_stage(request, organisation, project):
    edit = _versioned_edit(
        request,
        StageForm,
        project,
        initial=lambda p: {"stage": p.stage, "version": p.version},
        save=lambda data: services.change_stage(
            actor=request.user, project=project, version=data["version"], stage=data["stage"]
        ),
        reload=lambda: selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, f"The project is now at the stage: {project.get_stage_display()}.")
        return _to("detail", organisation, project)
    return _page(request, "projects/stage.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict)


# --- the team ---------------------------------------------------------------------------------------------


@project_access_required()
def team(request, organisation, project):
    first = selectors.first_activity(project=project)
    return _page(
        request,
        "projects/team.jinja",
        organisation,
        project,
        timeline=selectors.team_timeline(project=project, first=first),
        partnership=selectors.partnership_from_first_conversation(project=project, first=first),
        invited=list(selectors.pending_team_invitations(project=project)),
        can_invite=allows(request.access, "projects.invite_new"),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def team_add(request, organisation, project):
    form = AddTeamMemberForm(_post(request), people=selectors.people_to_add(project=project))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((m.user for m in selectors.people_to_add(project=project) if m.user_id == data["person"]), None)
        if person is None:
            form.add_error("person", "Choose someone from the list")
        else:
            try:
                member = services.add_team_member(
                    actor=request.user,
                    project=project,
                    person=person,
                    role=data["role"],
                    role_description=data["role_description"],
                    joined_on=data["joined_on"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, f"{member.person.name} has joined the team as {member.get_role_display().lower()}."
                )
                return _to("team", organisation, project)
    return _page(request, "projects/team_add.jinja", organisation, project, form=form)


# Inviting someone new also brings them into the organisation, so it needs an organisation-wide role.
@project_access_required(edit=True, rule="projects.invite_new")
@require_http_methods(["GET", "POST"])
def team_invite(request, organisation, project):
    form = InviteTeamMemberForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.invite_team_member(
                actor=request.user,
                project=project,
                email=data["email"],
                role=data["role"],
                role_description=data["role_description"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if hasattr(result, "person"):
                messages.success(
                    request, f"{result.person.name} was already in {organisation.name} and has joined the team."
                )
            else:
                messages.success(
                    request, f"Invitation sent to {data['email']}. They will join the team when they accept it."
                )
            return _to("team", organisation, project)
    return _page(request, "projects/team_invite.jinja", organisation, project, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def member_edit(request, organisation, project, member_id):
    member = selectors.member_in(project=project, member_id=member_id)
    edit = _versioned_edit(
        request,
        TeamMemberForm,
        member,
        initial=lambda m: {
            "role": m.role,
            "role_description": m.role_description,
            "joined_on": m.joined_on,
            "version": m.version,
        },
        save=lambda data: services.update_team_member(
            actor=request.user,
            member=member,
            version=data["version"],
            role=data["role"],
            role_description=data["role_description"],
            joined_on=data["joined_on"],
        ),
        reload=lambda: selectors.member_in(project=project, member_id=member.pk),
    )
    if edit.saved:
        messages.success(request, f"{member.person.name}'s role has been saved.")
        return _to("team", organisation, project)
    return _page(
        request,
        "projects/member_edit.jinja",
        organisation,
        project,
        form=edit.form,
        member=edit.item,
        conflict=edit.conflict,
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def member_remove(request, organisation, project, member_id):
    member = selectors.member_in(project=project, member_id=member_id)
    if request.method == "POST":
        services.remove_team_member(actor=request.user, member=member)
        messages.success(request, f"{member.person.name} has left the team.")
        return _to("team", organisation, project)
    return _page(request, "projects/member_remove.jinja", organisation, project, member=member)


# --- activities -------------------------------------------------------------------------------------------


def _attendee_choices(organisation, project):
    """Team members first (with their team role), then everyone else in the organisation."""
    people, seen = [], set()
    if project is not None:
        for member in selectors.team_of(project=project):
            people.append((member.person, f"{member.person.name} ({member.get_role_display().lower()})"))
            seen.add(member.person_id)
    for membership in members_of(organisation=organisation):
        if membership.user_id not in seen:
            people.append((membership.user, f"{membership.user.name} ({membership.get_role_display().lower()})"))
    return people


def _activity_form_page(request, organisation, project, activity=None):
    people = _attendee_choices(organisation, project)
    by_id = {person.pk: person for person, _ in people}

    def initial(a):
        if a is None:
            return {}
        return {
            "kind": a.kind,
            "title": a.title,
            "held_on": a.held_on,
            "hours": a.hours,
            "rung": a.rung,
            "notes": a.notes,
            "version": a.version,
            "attendees": [x.person_id for x in a.attendances.all()],
        }

    def save(data):
        fields = dict(
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            hours=data["hours"],
            rung=data["rung"],
            notes=data["notes"],
            attendees=[by_id[pk] for pk in data["attendees"] if pk in by_id],
        )
        if activity is None:
            return services.record_activity(actor=request.user, organisation=organisation, project=project, **fields)
        return services.update_activity(actor=request.user, activity=activity, version=data["version"], **fields)

    edit = _versioned_edit(
        request,
        ActivityForm,
        activity,
        initial=initial,
        save=save,
        people=people,
        reload=lambda: selectors.activity_in(organisation=organisation, activity_id=activity.pk, project=project),
    )
    if edit.saved:
        messages.success(request, f"Activity saved: {edit.result.title}.")
        if project is None:
            return redirect("projects:org-activities", org_slug=organisation.slug)
        return _to("activities", organisation, project)
    form, activity, conflict = edit.form, edit.item, edit.conflict
    context = {"form": form, "activity": activity, "conflict": conflict, "rung_descriptions": RUNG_DESCRIPTIONS}
    if project is None:
        return render(
            request, "projects/activity_form.jinja", {"organisation": organisation, "project": None, **context}
        )
    return _page(request, "projects/activity_form.jinja", organisation, project, **context)


@project_access_required()
def activities(request, organisation, project):
    return _page(
        request,
        "projects/activities.jinja",
        organisation,
        project,
        activities=list(selectors.activities_of(project=project)),
        partnership=selectors.partnership_from_first_conversation(project=project),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def activity_new(request, organisation, project):
    return _activity_form_page(request, organisation, project)


@project_access_required(edit_to_post=True)
@require_http_methods(["GET", "POST"])
def activity_page(request, organisation, project, activity_id):
    activity = selectors.activity_in(organisation=organisation, activity_id=activity_id, project=project)
    if request.method == "POST" or request.GET.get("edit"):
        if not request.project_access.can_edit:
            raise PermissionDenied  # the edit form, asked for by GET: about this project's team
        return _activity_form_page(request, organisation, project, activity)
    return _page(
        request,
        "projects/activity.jinja",
        organisation,
        project,
        activity=activity,
        rung_descriptions=RUNG_DESCRIPTIONS,
        lived=Experience.LIVED,
    )


@project_access_required()
def profile(request, organisation, project):
    return _page(
        request,
        "projects/profile.jinja",
        organisation,
        project,
        profile=selectors.coproduction_profile(project=project),
        rungs=Rung.choices,
        rung_descriptions=RUNG_DESCRIPTIONS,
    )


@organisation_rule("projects.view")
def organisation_activities(request, organisation):
    return render(
        request,
        "projects/org_activities.jinja",
        {
            "organisation": organisation,
            "activities": list(selectors.organisation_activities(organisation=organisation)),
            "can_record": allows(request.access, "activities.record"),
        },
    )


@organisation_rule("activities.record")
@require_http_methods(["GET", "POST"])
def organisation_activity_new(request, organisation):
    return _activity_form_page(request, organisation, None)


@organisation_rule("projects.view", change="activities.record")
@require_http_methods(["GET", "POST"])
def organisation_activity(request, organisation, activity_id):
    # The organisation's register shows any of its activities; project ones are edited on the project's page.
    activity = selectors.activity_in(organisation=organisation, activity_id=activity_id)
    if request.method == "POST" or request.GET.get("edit"):
        require(request.access, "activities.record")
        if activity.project_id is not None:
            raise PermissionDenied  # about this activity: a project's own are edited on the project's page
        return _activity_form_page(request, organisation, None, activity)
    return render(
        request,
        "projects/activity.jinja",
        {
            "organisation": organisation,
            "project": None,
            "activity": activity,
            "rung_descriptions": RUNG_DESCRIPTIONS,
            "lived": Experience.LIVED,
            "can_edit": allows(request.access, "activities.record") and activity.project_id is None,
        },
    )


# --- what matters -----------------------------------------------------------------------------------------


@project_access_required()
def what_matters(request, organisation, project):
    return _page(
        request, "projects/what_matters.jinja", organisation, project, evidence=selectors.evidence_of(project=project)
    )


def _evidence_form(request, organisation, project, form_class, template: str, save, message: str):
    form = form_class(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, message)
            return _to("what-matters", organisation, project)
    return _page(request, template, organisation, project, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def story_new(request, organisation, project):
    def save(data):
        services.add_story(
            actor=request.user,
            project=project,
            title=data["title"],
            text=data["text"],
            told_by=data["told_by"],
            consent_given_by=data["consent_given_by"],
            consent_scope=data["consent_scope"],
            consent_given_on=data["consent_given_on"],
        )

    return _evidence_form(
        request,
        organisation,
        project,
        StoryForm,
        "projects/story_new.jinja",
        save,
        "Story added. Any names or contact details in it were removed before saving.",
    )


@project_access_required()
def story_page(request, organisation, project, story_id):
    return _page(
        request,
        "projects/story.jinja",
        organisation,
        project,
        story=selectors.story_in(project=project, story_id=story_id),
    )


@project_access_required(edit=True)
@require_POST
def story_withdraw(request, organisation, project, story_id):
    story = selectors.story_in(project=project, story_id=story_id)
    services.withdraw_story(actor=request.user, story=story)
    messages.success(request, "The story has been removed because consent was withdrawn.")
    return _to("what-matters", organisation, project)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def theme_new(request, organisation, project):
    def save(data):
        services.add_feedback_theme(
            actor=request.user, project=project, name=data["name"], source_note=data["source_note"]
        )

    return _evidence_form(
        request,
        organisation,
        project,
        FeedbackThemeForm,
        "projects/theme_new.jinja",
        save,
        "Feedback theme linked to the project.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def always_event_new(request, organisation, project):
    def save(data):
        met = set(data["criteria"])
        services.add_always_event_candidate(
            actor=request.user,
            project=project,
            statement=data["statement"],
            notes=data["notes"],
            important_to_patients="important_to_patients" in met,
            evidence_based="evidence_based" in met,
            measurable="measurable" in met,
            affordable_and_sustainable="affordable_and_sustainable" in met,
        )

    return _evidence_form(
        request,
        organisation,
        project,
        AlwaysEventForm,
        "projects/always_event_new.jinja",
        save,
        "Always Events candidate added.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def touchpoint_new(request, organisation, project):
    def save(data):
        services.add_touchpoint(
            actor=request.user,
            project=project,
            journey_point=data["journey_point"],
            emotion=data["emotion"],
            position=data["position"],
            what_happened=data["what_happened"],
        )

    return _evidence_form(
        request,
        organisation,
        project,
        TouchpointForm,
        "projects/touchpoint_new.jinja",
        save,
        "Touchpoint added to the care journey.",
    )


def _evidence_edit(request, organisation, project, edit, *, heading: str, submit: str, message: str):
    if edit.saved:
        messages.success(request, message)
        return _to("what-matters", organisation, project)
    return _page(
        request,
        "projects/evidence_edit.jinja",
        organisation,
        project,
        form=edit.form,
        conflict=edit.conflict,
        heading=heading,
        submit=submit,
        back_text="Back to what matters",
        back_href=reverse("projects:what-matters", kwargs={"org_slug": organisation.slug, "project_id": project.pk}),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def theme_edit(request, organisation, project, theme_id):
    theme = selectors.feedback_theme_in(project=project, theme_id=theme_id)
    edit = _versioned_edit(
        request,
        FeedbackThemeEditForm,
        theme,
        initial=lambda t: {"name": t.name, "source_note": t.source_note, "version": t.version},
        save=lambda data: services.update_feedback_theme(
            actor=request.user,
            theme=theme,
            version=data["version"],
            name=data["name"],
            source_note=data["source_note"],
        ),
        reload=lambda: selectors.feedback_theme_in(project=project, theme_id=theme.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change a feedback theme",
        submit="Save the theme",
        message="Feedback theme saved.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def always_event_edit(request, organisation, project, candidate_id):
    candidate = selectors.always_event_in(project=project, candidate_id=candidate_id)
    criteria = [name for name, _ in AlwaysEventCandidate.CRITERIA]

    def save(data):
        met = set(data["criteria"])
        return services.update_always_event_candidate(
            actor=request.user,
            candidate=candidate,
            version=data["version"],
            statement=data["statement"],
            notes=data["notes"],
            **{name: name in met for name in criteria},
        )

    edit = _versioned_edit(
        request,
        AlwaysEventEditForm,
        candidate,
        save=save,
        initial=lambda c: {
            "statement": c.statement,
            "notes": c.notes,
            "version": c.version,
            "criteria": [name for name in criteria if getattr(c, name)],
        },
        reload=lambda: selectors.always_event_in(project=project, candidate_id=candidate.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change an Always Events candidate",
        submit="Save the candidate",
        message="Always Events candidate saved.",
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request, organisation, project, touchpoint_id):
    touchpoint = selectors.touchpoint_in(project=project, touchpoint_id=touchpoint_id)
    edit = _versioned_edit(
        request,
        TouchpointEditForm,
        touchpoint,
        initial=lambda t: {
            "journey_point": t.journey_point,
            "position": t.position,
            "emotion": t.emotion,
            "what_happened": t.what_happened,
            "version": t.version,
        },
        save=lambda data: services.update_touchpoint(
            actor=request.user,
            touchpoint=touchpoint,
            version=data["version"],
            journey_point=data["journey_point"],
            emotion=data["emotion"],
            position=data["position"],
            what_happened=data["what_happened"],
        ),
        reload=lambda: selectors.touchpoint_in(project=project, touchpoint_id=touchpoint.pk),
    )
    return _evidence_edit(
        request,
        organisation,
        project,
        edit,
        heading="Change a touchpoint",
        submit="Save the touchpoint",
        message="Touchpoint saved. Any names or contact details were removed before saving.",
    )


# --- questions and prioritising together ------------------------------------------------------------------


@project_access_required()
def questions(request, organisation, project):
    latest = selectors.latest_prioritisation(project=project)
    return _page(
        request,
        "projects/questions.jinja",
        organisation,
        project,
        questions=list(selectors.questions_of(project=project)),
        prioritisation=latest,
        results=selectors.prioritisation_results(prioritisation=latest) if latest else None,
        my_votes=selectors.votes_of(prioritisation=latest, person=request.user) if latest else {},
        open_form=OpenPrioritisationForm(),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def question_new(request, organisation, project):
    evidence = selectors.evidence_of(project=project)
    form = QuestionForm(_post(request), evidence=evidence)
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
            return _to("questions", organisation, project)
    return _page(request, "projects/question_new.jinja", organisation, project, form=form)


@project_access_required(edit=True)
@require_POST
def question_choose(request, organisation, project, question_id):
    question = selectors.question_in(project=project, question_id=question_id)
    try:
        services.choose_question(actor=request.user, question=question, version=request.POST.get("version"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "This is now the project's shared question.")
    return _to("questions", organisation, project)


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
    return _to("questions", organisation, project)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def vote(request, organisation, project, prioritisation_id):
    prioritisation = selectors.prioritisation_in(project=project, prioritisation_id=prioritisation_id)
    if not request.project_access.on_team or not prioritisation.is_open:
        # Say why plainly rather than bouncing the person elsewhere.
        return _page(request, "projects/vote.jinja", organisation, project, form=None, prioritisation=prioritisation)
    questions_ = list(selectors.questions_of(project=project))
    form = VoteForm(
        _post(request),
        questions=questions_,
        method=prioritisation.method,
        dots_per_person=prioritisation.dots_per_person,
        current=selectors.votes_of(prioritisation=prioritisation, person=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_votes(actor=request.user, prioritisation=prioritisation, allocation=form.allocation())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Thank you. Your votes have been saved; you can change them until voting closes.")
            return _to("questions", organisation, project)
    return _page(request, "projects/vote.jinja", organisation, project, form=form, prioritisation=prioritisation)


@project_access_required(edit=True)
@require_POST
def prioritisation_close(request, organisation, project, prioritisation_id):
    prioritisation = selectors.prioritisation_in(project=project, prioritisation_id=prioritisation_id)
    try:
        services.close_prioritisation(actor=request.user, prioritisation=prioritisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Voting has closed. The results are below.")
    return _to("questions", organisation, project)


# --- sharing power ----------------------------------------------------------------------------------------


@project_access_required()
def decisions(request, organisation, project):
    return _page(
        request, "projects/decisions.jinja", organisation, project, decisions=selectors.decisions_of(project=project)
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def decision_new(request, organisation, project):
    team_ = list(selectors.team_of(project=project))
    form = DecisionForm(_post(request), team=team_)
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
            return _to("decision", organisation, project, decision_id=decision.pk)
    return _page(request, "projects/decision_new.jinja", organisation, project, form=form)


@project_access_required(edit_to_post=True)
@require_http_methods(["GET", "POST"])
def decision_page(request, organisation, project, decision_id):
    decision = selectors.decision_in(project=project, decision_id=decision_id)
    form = DissentForm(_post(request))
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
                return _to("decision", organisation, project, decision_id=decision.pk)
    return _page(request, "projects/decision.jinja", organisation, project, decision=decision, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def decision_edit(request, organisation, project, decision_id):
    decision = selectors.decision_in(project=project, decision_id=decision_id)
    team_ = list(selectors.team_of(project=project))
    edit = _versioned_edit(
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
        reload=lambda: selectors.decision_in(project=project, decision_id=decision.pk),
    )
    if edit.saved:
        messages.success(request, "Decision saved.")
        return _to("decision", organisation, project, decision_id=decision.pk)
    return _page(
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
    form = ReflectionForm(_post(request))
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
                return _to("reflections", organisation, project)
    return _page(
        request,
        "projects/reflections.jinja",
        organisation,
        project,
        form=form,
        reflections=list(selectors.reflections_of(project=project)),
        prompt_questions=REFLECTION_QUESTIONS,
    )


# --- celebrate --------------------------------------------------------------------------------------------


@project_access_required()
def celebrate(request, organisation, project):
    return _page(
        request,
        "projects/celebrate.jinja",
        organisation,
        project,
        celebration=selectors.celebration(project=project),
        sections=registry.celebration_sections(request, project),
        team_roles=TeamRole,
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def celebrate_edit(request, organisation, project):
    edit = _versioned_edit(
        request,
        WhatChangedForm,
        project,
        initial=lambda p: {"what_changed": p.what_changed, "version": p.version},
        save=lambda data: services.record_what_changed(
            actor=request.user, project=project, version=data["version"], what_changed=data["what_changed"]
        ),
        reload=lambda: selectors.project_for(organisation=organisation, project_id=project.pk),
    )
    if edit.saved:
        messages.success(request, "Saved.")
        return _to("celebrate", organisation, project)
    return _page(
        request, "projects/celebrate_edit.jinja", organisation, edit.item, form=edit.form, conflict=edit.conflict
    )
