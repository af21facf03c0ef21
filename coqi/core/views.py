"""Tenancy pages: landing, home pages by role, people and invitations, the audit trail. Thin: forms validate,
services write, selectors read; every view declares its access rule."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coqi.core import invitations, selectors, services
from coqi.core.access import (
    login_required_rule,
    organisation_rule,
    public,
    system_viewer_required,
)
from coqi.core.forms import AcceptInvitationForm, AuditFilterForm, ChangeRoleForm, InviteForm, apply_errors
from coqi.core.navigation import next_steps_for
from coqi.core.roles import ROLE_DESCRIPTIONS, Role


@public
def landing(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/landing.jinja")


@login_required_rule
def home(request):
    """Where signing in lands: straight to the only place someone belongs, or a choice."""
    memberships = list(selectors.memberships_for(user=request.user))
    systems = list(selectors.viewable_systems_for(user=request.user))
    if len(memberships) == 1 and not systems:
        return redirect("core:organisation-home", org_slug=memberships[0].organisation.slug)
    if len(systems) == 1 and not memberships:
        return redirect("core:system-home", system_slug=systems[0].slug)
    if not systems and all(m.role == Role.LIVED_EXPERIENCE_PARTNER for m in memberships) and memberships:
        # A partner in several organisations lands on one My involvement across them all (issue 18).
        return redirect("me:involvement")
    return redirect("core:organisations")


@login_required_rule
def organisations(request):
    """The organisation switcher: every organisation and system this person can open."""
    return render(
        request,
        "core/organisations.jinja",
        {
            "memberships": selectors.memberships_for(user=request.user),
            "systems": selectors.viewable_systems_for(user=request.user),
        },
    )


_HOME_TEMPLATES = {
    Role.LIVED_EXPERIENCE_PARTNER: "core/home/partner.jinja",
    Role.STAFF: "core/home/staff.jinja",
    Role.FACILITATOR: "core/home/facilitator.jinja",
    Role.ORGANISATION_ADMIN: "core/home/admin.jinja",
}


@organisation_rule("organisation.view")
def organisation_home(request, organisation):
    access = request.access
    template = _HOME_TEMPLATES.get(access.role, "core/home/system_viewer_organisation.jinja")
    return render(
        request,
        template,
        {"organisation": organisation, "next_steps": next_steps_for(access), "role_descriptions": ROLE_DESCRIPTIONS},
    )


@system_viewer_required
def system_home(request, system):
    return render(
        request,
        "core/home/system_viewer.jinja",
        {"system": system, "organisations": selectors.organisations_in_system(system=system)},
    )


@organisation_rule("people.manage")
def members(request, organisation):
    return render(
        request,
        "core/members.jinja",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation=organisation),
            "invitations": selectors.pending_invitations(organisation=organisation),
        },
    )


@organisation_rule("people.manage")
@require_http_methods(["GET", "POST"])
def invite(request, organisation):
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("core:members", org_slug=organisation.slug)
    return render(request, "core/invite.jinja", {"organisation": organisation, "form": form})


@organisation_rule("people.manage")
@require_http_methods(["GET", "POST"])
def member_role(request, organisation, membership_id):
    membership = selectors.membership_in(organisation=organisation, membership_id=membership_id)
    form = ChangeRoleForm(request.POST if request.method == "POST" else None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{membership.user.name} is now {membership.get_role_display().lower()}.")
            return redirect("core:members", org_slug=organisation.slug)
    return render(
        request, "core/member_role.jinja", {"organisation": organisation, "membership": membership, "form": form}
    )


@organisation_rule("people.manage")
@require_http_methods(["GET", "POST"])
def member_remove(request, organisation, membership_id):
    membership = selectors.membership_in(organisation=organisation, membership_id=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.remove_member(actor=request.user, membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{membership.user.name} has been removed from {organisation.name}.")
            if membership.user_id == request.user.id:
                return redirect("core:home")
            return redirect("core:members", org_slug=organisation.slug)
    return render(
        request,
        "core/member_remove.jinja",
        {"organisation": organisation, "membership": membership, "error": error},
    )


@organisation_rule("people.manage")
@require_POST
def invitation_withdraw(request, organisation, invitation_id):
    invitation = selectors.invitation_in(organisation=organisation, invitation_id=invitation_id)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("core:members", org_slug=organisation.slug)


@organisation_rule("audit.view")
def audit_trail(request, organisation):
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_actions(organisation=organisation),
        people=selectors.audit_actors(organisation=organisation),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.audit_trail(
        organisation=organisation,
        action=filters.get("action") or None,
        actor_id=filters.get("person") or None,
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit.jinja",
        {"organisation": organisation, "form": form, "page": page, "query": query.urlencode()},
    )


def _invitation_problem(request, problem: invitations.InvitationLinkError, status: int = 400):
    return render(request, "core/invitation_problem.jinja", {"message": problem.message}, status=status)


@public
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = selectors.invitation_by_id(invitation_id=invitations.read_token(token))
        if invitation is None:
            raise invitations.InvitationLinkTampered
        if not invitation.is_pending:
            raise invitations.InvitationAlreadyUsed
    except invitations.InvitationLinkError as problem:
        return _invitation_problem(
            request, problem, status=410 if isinstance(problem, invitations.InvitationLinkExpired) else 400
        )

    context = {"invitation": invitation, "organisation": invitation.organisation}
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "core/invitation_wrong_person.jinja", context, status=403)
        if request.method == "POST":
            try:
                membership = services.accept_invitation(invitation=invitation, user=user)
            except invitations.InvitationLinkError as problem:
                return _invitation_problem(request, problem)
            messages.success(request, f"You have joined {membership.organisation.name}.")
            return redirect("core:organisation-home", org_slug=membership.organisation.slug)
        return render(request, "core/invitation_confirm.jinja", context)

    if selectors.email_has_account(email=invitation.email):
        context["sign_in_url"] = reverse("accounts:sign-in") + "?next=" + request.path
        return render(request, "core/invitation_sign_in.jinja", context)

    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user, membership = services.register_from_invitation(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
            )
        except invitations.InvitationLinkError as problem:
            return _invitation_problem(request, problem)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_errors(form, error)
            else:
                form.add_error("password", error.messages)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Co-QI. You have joined {membership.organisation.name}.")
            return redirect("core:organisation-home", org_slug=membership.organisation.slug)
    context["form"] = form
    return render(request, "core/invitation_register.jinja", context)


def error_404(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def error_403(request, exception=None):
    return render(request, "errors/403.jinja", status=403)


def error_400(request, exception=None):
    return render(request, "errors/400.jinja", status=400)


def error_500(request):
    return render(request, "errors/500.jinja", status=500)


def csrf_failure(request, reason=""):
    """A form sent from an old or expired page (CSRF_FAILURE_VIEW): say what to do, in plain English."""
    return render(request, "errors/csrf.jinja", status=403)
