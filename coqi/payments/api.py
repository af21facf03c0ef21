"""Payments and profiles in the JSON API: your own claims and profile; facilitators and admins see everyone's."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from coqi.core import selectors as core_selectors
from coqi.core.roles import Role
from coqi.payments import selectors, services
from coqi.people import selectors as people_selectors
from coqi.people.selectors import PROFILE_FIELDS

router = Router(tags=["payments and profiles"])
KEEPERS = (Role.FACILITATOR, Role.ORGANISATION_ADMIN)


class ClaimOut(Schema):
    id: str
    kind: str
    person_email: str
    activity: str
    date: date
    amount_pence: int
    amount: str
    status: str
    rejection_reason: str


class ProfileOut(Schema):
    person_email: str
    lived_experience: str
    skills: str
    networks: str
    interests: str
    access_needs: str
    availability: str
    declines_payment: bool


class PaymentClaimIn(Schema):
    attendance_id: int


def _member(request, slug: str):
    access = core_selectors.organisation_access(user=request.auth, slug=slug)
    if access.membership is None:
        raise HttpError(404, "Not found")
    return access


def _claim_out(claim, kind: str) -> dict:
    from coqi.payments.money import pounds_plain

    return {
        "id": f"{'P' if kind == 'payment' else 'E'}{claim.pk}", "kind": kind, "person_email": claim.person.email,
        "activity": claim.activity_title, "date": claim.worked_on if kind == "payment" else claim.incurred_on,
        "amount_pence": claim.amount_pence, "amount": pounds_plain(claim.amount_pence), "status": claim.status,
        "rejection_reason": claim.rejection_reason,
    }


def _profile_out(profile) -> dict:
    return {"person_email": profile.person.email, "declines_payment": profile.declines_payment,
            **{name: getattr(profile, name) for name in PROFILE_FIELDS}}


@router.get("/{slug}/claims/mine", response=list[ClaimOut], summary="Your payment lines and expense claims")
def my_claims(request, slug: str):
    access = _member(request, slug)
    mine = selectors.my_claims(organisation=access.organisation, person=request.auth)
    return [_claim_out(c, "payment") for c in mine.lines] + [_claim_out(c, "expense") for c in mine.expenses]


@router.get("/{slug}/claims/waiting", response=list[ClaimOut],
            summary="Claims waiting for approval (facilitators and admins)")
def waiting(request, slug: str):
    access = _member(request, slug)
    if access.role not in KEEPERS:
        raise HttpError(403, "Only facilitators and organisation admins can see everyone's claims.")
    lines, expenses = selectors.claims_to_decide(organisation=access.organisation)
    return [_claim_out(c, "payment") for c in lines] + [_claim_out(c, "expense") for c in expenses]


@router.post("/{slug}/claims/payment", response={201: ClaimOut}, summary="Claim payment for one of your attendances")
def claim_payment(request, slug: str, payload: PaymentClaimIn):
    access = _member(request, slug)
    attendance = selectors.my_attendance(
        organisation=access.organisation, person=request.auth, attendance_id=payload.attendance_id
    )
    try:
        line = services.claim_payment(actor=request.auth, attendance=attendance)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, _claim_out(line, "payment"))


@router.get("/{slug}/profiles/mine", response=ProfileOut, summary="Your profile in this organisation")
def my_profile(request, slug: str):
    access = _member(request, slug)
    return _profile_out(people_selectors.profile_for(organisation=access.organisation, person=request.auth))


@router.get("/{slug}/profiles", response=list[ProfileOut], summary="Everyone's profiles (facilitators and admins)")
def profiles(request, slug: str):
    access = _member(request, slug)
    if access.role not in KEEPERS:
        raise HttpError(403, "Only facilitators and organisation admins can see everyone's profiles.")
    return [_profile_out(p) for p in people_selectors.profiles(organisation=access.organisation)]
