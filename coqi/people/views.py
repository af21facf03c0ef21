"""Profile pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_role_required
from coqi.core.roles import Role
from coqi.people import selectors, services
from coqi.people.forms import ProfileForm
from coqi.people.selectors import PROFILE_FIELDS

PROFILE_KEEPERS = (Role.FACILITATOR, Role.ORGANISATION_ADMIN)


def _profile_page(request, organisation, person, own: bool):
    profile = selectors.profile_for(organisation=organisation, person=person)
    initial = {name: getattr(profile, name) for name in (*PROFILE_FIELDS, "declines_payment")}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(actor=request.user, organisation=organisation, person=person, **form.cleaned_data)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, "Profile saved")
            return redirect(request.path)
    return render(
        request, "people/profile.jinja",
        {"organisation": organisation, "person": person, "profile": profile, "form": form, "own": own},
    )


@organisation_role_required()
@require_http_methods(["GET", "POST"])
def my_profile(request, organisation):
    return _profile_page(request, organisation, request.user, own=True)


@organisation_role_required(*PROFILE_KEEPERS)
@require_http_methods(["GET", "POST"])
def person_profile(request, organisation, person_id):
    person = selectors.member(organisation=organisation, person_id=person_id)
    if person == request.user:
        return redirect("people:me", org_slug=organisation.slug)
    if request.access.read_only:
        raise PermissionDenied
    return _profile_page(request, organisation, person, own=False)
