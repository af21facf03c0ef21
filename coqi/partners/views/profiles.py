"""Profile pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coqi.core.access import organisation_rule
from coqi.core.permissions import allows
from coqi.partners import services
from coqi.partners.forms import ConsentForm, ProfileForm
from coqi.partners.selectors import profiles as selectors
from coqi.partners.selectors.profiles import PROFILE_FIELDS


def _profile_page(request, organisation, person, own: bool, withheld: tuple[str, ...] = ()):
    profile = selectors.profile_for(organisation=organisation, person=person)
    initial = {name: getattr(profile, name) for name in (*PROFILE_FIELDS, "declines_payment")}
    form = ProfileForm(request.POST or None, initial=initial)
    for name in withheld:
        del form.fields[name]
    if request.method == "POST" and form.is_valid():
        kept = {name: getattr(profile, name) for name in withheld}
        try:
            services.save_profile(
                actor=request.user, organisation=organisation, person=person, **form.cleaned_data, **kept
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, "Profile saved")
            if own and request.GET.get("from") == "involvement":
                return redirect("reports:involvement", org_slug=organisation.slug)
            return redirect(request.path)
    return render(
        request,
        "partners/profile.jinja",
        {
            "organisation": organisation,
            "person": person,
            "profile": profile,
            "form": form,
            "own": own,
            "withheld": withheld,
            "can_record_consent": allows(getattr(request, "access", None), "profiles.keep"),
        },
    )


@organisation_rule("organisation.member")
@require_http_methods(["GET", "POST"])
def my_profile(request, organisation):
    return _profile_page(request, organisation, request.user, own=True)


@organisation_rule("profiles.keep")
@require_http_methods(["GET", "POST"])
def person_profile(request, organisation, person_id):
    membership = selectors.membership_of(organisation=organisation, person_id=person_id)
    person = membership.user
    if person == request.user:
        return redirect("partners:me", org_slug=organisation.slug)
    return _profile_page(
        request,
        organisation,
        person,
        own=False,
        withheld=selectors.withheld_fields(role=membership.role, person=person, reader=request.user),
    )


@organisation_rule("profiles.keep")
@require_http_methods(["GET", "POST"])
def consent_new(request, organisation, person_id):
    """A facilitator or admin records something a person agreed to (consent is usually given in conversation)."""
    person = selectors.member(organisation=organisation, person_id=person_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(
                actor=request.user,
                organisation=organisation,
                person=person,
                what=form.cleaned_data["what"],
                agreed_on=form.cleaned_data["agreed_on"],
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, f"Consent recorded for {person.name}")
            if person == request.user:
                return redirect("partners:me", org_slug=organisation.slug)
            return redirect("partners:profile", org_slug=organisation.slug, person_id=person.pk)
    return render(request, "partners/consent_new.jinja", {"organisation": organisation, "person": person, "form": form})


@organisation_rule("organisation.member")
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, organisation, consent_id):
    """Someone withdraws their own consent, or a facilitator or admin records that they did (for example by phone).
    Asked once more first, because it cannot be undone here."""
    keeper = allows(request.access, "profiles.keep")
    consent = selectors.consent_of(
        organisation=organisation, consent_id=consent_id, person=None if keeper else request.user
    )
    own = consent.profile.person_id == request.user.pk
    if own:
        back = reverse("reports:involvement", kwargs={"org_slug": organisation.slug}) + "#consent"
    else:
        back = reverse(
            "partners:profile", kwargs={"org_slug": organisation.slug, "person_id": consent.profile.person_id}
        )
    error = None
    if request.method == "POST":
        try:
            services.withdraw_consent(actor=request.user, consent=consent)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            who = "You have" if own else f"{consent.profile.person.name} has"
            messages.success(request, f"{who} withdrawn consent: {consent.what}")
            return redirect(back)
    return render(
        request,
        "partners/consent_withdraw.jinja",
        {
            "organisation": organisation,
            "consent": consent,
            "error": error,
            "own": own,
            "back": back,
        },
    )
