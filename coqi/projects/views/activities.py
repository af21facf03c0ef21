"""Activity pages: a project's activities with attendance, the co-production (involvement) profile, and activities
held by the organisation outside any project. Thin: forms validate, services write, selectors read; every view
declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_rule
from coqi.core.permissions import allows, require
from coqi.core.roles import Experience
from coqi.core.selectors import members_of
from coqi.projects.access import project_access_required
from coqi.projects.choices import RUNG_DESCRIPTIONS, Rung
from coqi.projects.forms.activities import ActivityForm
from coqi.projects.selectors import activities as activity_selectors
from coqi.projects.selectors import team as team_selectors
from coqi.projects.services import activities as services
from coqi.projects.views import shared


def _attendee_choices(organisation, project):
    """Team members first (with their team role), then everyone else in the organisation."""
    people, seen = [], set()
    if project is not None:
        for member in team_selectors.team_of(project=project):
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

    edit = shared.versioned_edit(
        request,
        ActivityForm,
        activity,
        initial=initial,
        save=save,
        people=people,
        reload=lambda: activity_selectors.activity_in(
            organisation=organisation, activity_id=activity.pk, project=project
        ),
    )
    if edit.saved:
        messages.success(request, f"Activity saved: {edit.result.title}.")
        if project is None:
            return redirect("projects:org-activities", org_slug=organisation.slug)
        return shared.redirect_to("activities", organisation, project)
    form, activity, conflict = edit.form, edit.item, edit.conflict
    context = {"form": form, "activity": activity, "conflict": conflict, "rung_descriptions": RUNG_DESCRIPTIONS}
    if project is None:
        return render(
            request, "projects/activity_form.jinja", {"organisation": organisation, "project": None, **context}
        )
    return shared.page(request, "projects/activity_form.jinja", organisation, project, **context)


@project_access_required()
def activities(request, organisation, project):
    return shared.page(
        request,
        "projects/activities.jinja",
        organisation,
        project,
        activities=list(activity_selectors.activities_of(project=project)),
        partnership=team_selectors.partnership_from_first_conversation(project=project),
    )


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def activity_new(request, organisation, project):
    return _activity_form_page(request, organisation, project)


@project_access_required(edit_to_post=True)
@require_http_methods(["GET", "POST"])
def activity_page(request, organisation, project, activity_id):
    activity = activity_selectors.activity_in(organisation=organisation, activity_id=activity_id, project=project)
    if request.method == "POST" or request.GET.get("edit"):
        if not request.project_access.can_edit:
            raise PermissionDenied  # the edit form, asked for by GET: about this project's team
        return _activity_form_page(request, organisation, project, activity)
    return shared.page(
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
    return shared.page(
        request,
        "projects/profile.jinja",
        organisation,
        project,
        profile=activity_selectors.coproduction_profile(project=project),
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
            "activities": list(activity_selectors.organisation_activities(organisation=organisation)),
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
    activity = activity_selectors.activity_in(organisation=organisation, activity_id=activity_id)
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
