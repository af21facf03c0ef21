"""Profiles and consent records in the JSON API, under /api/v1/organisations/{slug}/people.

The same rules as the pages: every member reads and changes their own profile and reads their own consent records;
facilitators and organisation admins read everyone's profile, record consent and record a withdrawal. A staff
member's communication and access needs stay with them: another person reading their profile gets null there
(partners' needs are shown, because facilitators arrange activities around them). Someone who is not a member —
including a system viewer — gets 404, a foreign or unknown person or consent 404, bad input 422 naming the field,
the wrong role 403, and a change to a profile that changed since it was read 409.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from ninja import Field, Router, Schema, Status

from coqi.core.access import api_rule
from coqi.core.api_schemas import Body, FilledText, Text, Whole, errors, invalid
from coqi.core.permissions import allows
from coqi.core.roles import Role
from coqi.partners import services
from coqi.partners.selectors import profiles as selectors
from coqi.partners.selectors.profiles import PROFILE_FIELDS

router = Router(tags=["people"])


class PersonProfileOut(Schema):
    person_id: int
    name: str
    email: str
    role: str = Field(..., description=f"One of: {', '.join(Role.values)}")
    lived_experience: str = Field(..., description="Areas of lived experience, in the person's words")
    skills: str
    networks: str = Field(..., description="Groups and communities the person is connected to")
    interests: str
    access_needs: str | None = Field(
        ..., description="Communication and access needs; null on a staff member's profile read by someone else"
    )
    availability: str
    declines_payment: bool = Field(..., description="They chose not to be paid for involvement")
    updated_at: datetime | None = Field(..., description="Null until the profile is first saved")
    version: int = Field(..., description="Send it back when you change the profile; 0 until first saved")


class ProfilePatch(Body):
    """Only the fields you send are changed."""

    version: Whole = Field(..., description="The version you last read; a stale version is refused with 409")
    lived_experience: Text = Field(None, max_length=services.MAX_TEXT)
    skills: Text = Field(None, max_length=services.MAX_TEXT)
    networks: Text = Field(None, max_length=services.MAX_TEXT)
    interests: Text = Field(None, max_length=services.MAX_TEXT)
    access_needs: Text = Field(None, max_length=services.MAX_TEXT)
    availability: Text = Field(None, max_length=services.MAX_TEXT)
    declines_payment: bool = None


class ConsentOut(Schema):
    id: int
    person_id: int
    what: str
    agreed_on: date
    withdrawn_on: date | None
    current: bool = Field(..., description="True until withdrawn")


class ConsentIn(Body):
    what: FilledText = Field(..., max_length=300, description="What the person agreed to, in plain words")
    agreed_on: date = Field(..., description="Today or in the past")


def _profile_out(request, membership, profile) -> dict:
    person = membership.user
    withheld = selectors.withheld_fields(role=membership.role, person=person, reader=request.auth)
    out = {
        "person_id": person.pk,
        "name": person.name,
        "email": person.email,
        "role": membership.role,
        "declines_payment": profile.declines_payment,
        "updated_at": profile.updated_at if profile.pk else None,
        "version": profile.version if profile.pk else 0,
    }
    for name in PROFILE_FIELDS:
        out[name] = None if name in withheld else getattr(profile, name)
    return out


def _consent_out(consent) -> dict:
    return {
        "id": consent.pk,
        "person_id": consent.profile.person_id,
        "what": consent.what,
        "agreed_on": consent.agreed_on,
        "withdrawn_on": consent.withdrawn_on,
        "current": consent.is_current,
    }


@router.get("/{slug}/people/me", response={200: PersonProfileOut, **errors(401, 404)}, summary="Your own profile here")
@api_rule(see="organisation.member")
def my_profile(request, slug: str):
    access = request.access
    profile = selectors.profile_for(organisation=access.organisation, person=request.auth)
    return _profile_out(request, access.membership, profile)


@router.patch(
    "/{slug}/people/me",
    response={200: PersonProfileOut, **errors(400, 401, 404, 409, 422)},
    summary="Change your own profile: what you bring, your needs, when you are available (send the version you read)",
)
@api_rule(see="organisation.member")
def change_my_profile(request, slug: str, payload: ProfilePatch):
    access = request.access
    sent = payload.model_dump(exclude_unset=True)
    for name, value in sent.items():
        if value is None:
            return invalid(ValidationError({name: "Leave this out rather than sending null."}))
    current = selectors.profile_for(organisation=access.organisation, person=request.auth)
    fields = {name: sent.get(name, getattr(current, name)) for name in PROFILE_FIELDS}
    try:
        profile = services.save_profile(
            actor=request.auth,
            organisation=access.organisation,
            person=request.auth,
            declines_payment=sent.get("declines_payment", current.declines_payment),
            expected_version=payload.version,
            **fields,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == services.STALE:
            return Status(409, {"detail": error.messages[0]})
        return invalid(error)
    return _profile_out(request, access.membership, profile)


@router.get(
    "/{slug}/people/me/consents",
    response={200: list[ConsentOut], **errors(401, 404)},
    summary="What you have agreed to here, current ones first",
)
@api_rule(see="organisation.member")
def my_consents(request, slug: str):
    access = request.access
    return [_consent_out(c) for c in selectors.consents_of(organisation=access.organisation, person=request.auth)]


@router.get(
    "/{slug}/people",
    response={200: list[PersonProfileOut], **errors(401, 403, 404)},
    summary="Every member's profile (facilitators and admins)",
)
@api_rule(see="organisation.member", do="profiles.keep")
def list_profiles(request, slug: str):
    access = request.access
    return [_profile_out(request, m, p) for m, p in selectors.member_profiles(organisation=access.organisation)]


@router.get(
    "/{slug}/people/{person_id}",
    response={200: PersonProfileOut, **errors(401, 403, 404, 422)},
    summary="One member's profile, by their person id (facilitators and admins)",
)
@api_rule(see="organisation.member", do="profiles.keep")
def get_profile(request, slug: str, person_id: int):
    access = request.access
    membership = selectors.membership_of(organisation=access.organisation, person_id=person_id)
    profile = selectors.profile_for(organisation=access.organisation, person=membership.user)
    return _profile_out(request, membership, profile)


@router.get(
    "/{slug}/people/{person_id}/consents",
    response={200: list[ConsentOut], **errors(401, 403, 404, 422)},
    summary="What a member has agreed to here (facilitators and admins)",
)
@api_rule(see="organisation.member", do="profiles.keep")
def person_consents(request, slug: str, person_id: int):
    access = request.access
    membership = selectors.membership_of(organisation=access.organisation, person_id=person_id)
    return [_consent_out(c) for c in selectors.consents_of(organisation=access.organisation, person=membership.user)]


@router.post(
    "/{slug}/people/{person_id}/consents",
    response={201: ConsentOut, **errors(400, 401, 403, 404, 422)},
    summary="Record something a member agreed to, usually in conversation (facilitators and admins)",
)
@api_rule(see="organisation.member", do="profiles.keep")
def record_consent(request, slug: str, person_id: int, payload: ConsentIn):
    access = request.access
    membership = selectors.membership_of(organisation=access.organisation, person_id=person_id)
    try:
        consent = services.record_consent(
            actor=request.auth,
            organisation=access.organisation,
            person=membership.user,
            what=payload.what,
            agreed_on=payload.agreed_on,
        )
    except ValidationError as error:
        return invalid(error)
    return Status(201, _consent_out(consent))


@router.post(
    "/{slug}/people/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **errors(401, 404, 409, 422)},
    summary="Withdraw your own consent, or record that a member withdrew theirs (facilitators and admins)",
)
@api_rule(see="organisation.member")
def withdraw_consent(request, slug: str, consent_id: int):
    access = request.access
    keeper = allows(access, "profiles.keep")
    consent = selectors.consent_of(
        organisation=access.organisation, consent_id=consent_id, person=None if keeper else request.auth
    )
    try:
        services.withdraw_consent(actor=request.auth, consent=consent)
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    return _consent_out(consent)


# Profiles used to be served twice, here and by the payments API at /profiles; they live here alone now, and the old
# paths answer with a permanent redirect so a client that used them learns the one place (ADR 0029).
@router.get(
    "/{slug}/profiles/mine",
    response={301: None, **errors(401, 404)},
    deprecated=True,
    summary="Moved permanently to /{slug}/people/me",
)
@api_rule(see="organisation.member")
def my_profile_moved(request, slug: str):
    return HttpResponsePermanentRedirect(request.path.removesuffix("profiles/mine") + "people/me")


@router.get(
    "/{slug}/profiles",
    response={301: None, **errors(401, 403, 404)},
    deprecated=True,
    summary="Moved permanently to /{slug}/people (facilitators and admins)",
)
@api_rule(see="organisation.member", do="profiles.keep")
def profiles_moved(request, slug: str):
    return HttpResponsePermanentRedirect(request.path.removesuffix("profiles") + "people")
