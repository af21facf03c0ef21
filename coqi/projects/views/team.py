"""Team pages: the team, adding a member, inviting someone new, changing a role and removing a member. Thin: forms
validate, services write, selectors read; every view declares its access rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from coqi.core.forms import apply_errors
from coqi.core.permissions import allows
from coqi.projects.access import project_access_required
from coqi.projects.forms.team import AddTeamMemberForm, InviteTeamMemberForm, TeamMemberForm
from coqi.projects.selectors import team as selectors
from coqi.projects.services import team as services
from coqi.projects.views import shared


@project_access_required()
def team(request, organisation, project):
    first = selectors.first_activity(project=project)
    return shared.page(
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
    form = AddTeamMemberForm(shared.post_data(request), people=selectors.people_to_add(project=project))
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
                return shared.redirect_to("team", organisation, project)
    return shared.page(request, "projects/team_add.jinja", organisation, project, form=form)


# Inviting someone new also brings them into the organisation, so it needs an organisation-wide role.
@project_access_required(edit=True, rule="projects.invite_new")
@require_http_methods(["GET", "POST"])
def team_invite(request, organisation, project):
    form = InviteTeamMemberForm(shared.post_data(request))
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
            return shared.redirect_to("team", organisation, project)
    return shared.page(request, "projects/team_invite.jinja", organisation, project, form=form)


@project_access_required(edit=True)
@require_http_methods(["GET", "POST"])
def member_edit(request, organisation, project, member_id):
    member = selectors.member_in(project=project, member_id=member_id)
    edit = shared.versioned_edit(
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
        return shared.redirect_to("team", organisation, project)
    return shared.page(
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
        return shared.redirect_to("team", organisation, project)
    return shared.page(request, "projects/member_remove.jinja", organisation, project, member=member)
