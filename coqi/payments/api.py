"""Payments in the JSON API: your own claims; facilitators and admins see everyone's and decide them; organisation
admins (finance) mark them paid and export them. Claim ids are 'P12' (an involvement payment line) or 'E5' (an
expense claim). Profiles, once served here too, are the partners API's (coqi.partners.api.profiles). Foreign ids are
404, bad input 422, the wrong role 403."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from coqi.core.access import api_rule
from coqi.core.api_schemas import INT_MAX, Body, FilledLine, FilledText, Id, errors, invalid
from coqi.core.permissions import allows
from coqi.payments import selectors, services
from coqi.payments.models import ClaimStatus, ExpenseCategory

router = Router(tags=["payments and profiles"])
PAGE = Query(100, ge=1, le=500, description="How many to return (1–500).")
SKIP = Query(0, ge=0, le=INT_MAX, description="How many to skip.")


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


class PaymentClaimIn(Body):
    attendance_id: Id


class ExpenseClaimIn(Body):
    activity_id: Id
    category: ExpenseCategory
    amount: FilledLine = Field(..., description="Pounds and pence as text, for example '6.40' (never a float)")
    incurred_on: date
    description: FilledText = Field(..., max_length=500)


class RejectIn(Body):
    reason: FilledText = Field(..., max_length=1000)


class PaymentOut(Schema):
    claim_id: str
    status: str
    amount_pence: int
    unit: str


class AttendanceWithPaymentOut(Schema):
    attendance_id: int
    person_id: int
    name: str
    hours: Decimal
    experience: str
    payment: PaymentOut | None = Field(None, description="Shown to facilitators and admins, and to the person")


class ExportRowOut(Schema):
    reference: str
    name: str
    email: str
    kind: str
    activity: str
    date: date
    detail: str
    amount_pence: int
    amount: str
    status: str


class ExportTotalOut(Schema):
    name: str
    email: str
    payments_pence: int
    expenses_pence: int
    total_pence: int
    paid_pence: int


class ExportOut(Schema):
    year: int
    label: str
    rows: list[ExportRowOut]
    totals: list[ExportTotalOut]
    total_pence: int


def _claim_out(claim, kind: str) -> dict:
    from coqi.core.formatting import pounds_plain

    return {
        "id": f"{'P' if kind == 'payment' else 'E'}{claim.pk}",
        "kind": kind,
        "person_email": claim.person.email,
        "activity": claim.activity_title,
        "date": claim.worked_on if kind == "payment" else claim.incurred_on,
        "amount_pence": claim.amount_pence,
        "amount": pounds_plain(claim.amount_pence),
        "status": claim.status,
        "rejection_reason": claim.rejection_reason,
    }


def _claim_from_id(organisation, claim_id: str):
    """'P12' → payment line 12, 'E5' → expense claim 5, in this organisation; anything else 404."""
    kind, number = (claim_id or " ")[0].upper(), claim_id[1:]
    try:
        if kind == "P":
            return selectors.payment_line_in(organisation=organisation, line_id=number), "payment"
        if kind == "E":
            return selectors.expense_claim_in(organisation=organisation, expense_id=number), "expense"
    except Http404:
        pass
    raise HttpError(404, "Not found")


def _refused(error: ValidationError):
    # The one 422 shape, with the services' words kept in `detail` where clients already read them.
    return invalid(error, detail=" ".join(error.messages))


@router.get(
    "/{slug}/claims/mine",
    response={200: list[ClaimOut], **errors(401, 404)},
    summary="Your payment lines and expense claims",
)
@api_rule(see="payments.claim")
def my_claims(request, slug: str):
    access = request.access
    mine = selectors.my_claims(organisation=access.organisation, person=request.auth)
    return [_claim_out(c, "payment") for c in mine.lines] + [_claim_out(c, "expense") for c in mine.expenses]


@router.get(
    "/{slug}/claims/waiting",
    response={200: list[ClaimOut], **errors(401, 403, 404)},
    summary="Claims waiting for approval (facilitators and admins)",
)
@api_rule(see="payments.claim", do="payments.approve")
def waiting(request, slug: str):
    access = request.access
    lines, expenses = selectors.claims_to_decide(organisation=access.organisation)
    return [_claim_out(c, "payment") for c in lines] + [_claim_out(c, "expense") for c in expenses]


@router.post(
    "/{slug}/claims/payment",
    response={201: ClaimOut, **errors(400, 401, 404, 422)},
    summary="Claim payment for one of your attendances",
)
@api_rule(see="payments.claim")
def claim_payment(request, slug: str, payload: PaymentClaimIn):
    access = request.access
    attendance = selectors.my_attendance(
        organisation=access.organisation, person=request.auth, attendance_id=payload.attendance_id
    )
    try:
        line = services.claim_payment(actor=request.auth, attendance=attendance)
    except ValidationError as error:
        return _refused(error)
    return Status(201, _claim_out(line, "payment"))


@router.post(
    "/{slug}/claims/expense",
    response={201: ClaimOut, **errors(400, 401, 404, 422)},
    summary="Claim expenses for an activity you attended",
)
@api_rule(see="payments.claim")
def claim_expense(request, slug: str, payload: ExpenseClaimIn):
    """Receipts are uploaded on the web page (a photo or PDF); an expense claimed here has none."""
    access = request.access
    activity = selectors.activity_in(organisation=access.organisation, activity_id=payload.activity_id)
    try:
        claim = services.submit_expense_claim(
            actor=request.auth,
            organisation=access.organisation,
            person=request.auth,
            activity=activity,
            category=payload.category,
            amount=payload.amount,
            incurred_on=payload.incurred_on,
            description=payload.description,
        )
    except ValidationError as error:
        return _refused(error)
    return Status(201, _claim_out(claim, "expense"))


@router.get(
    "/{slug}/claims",
    response={200: list[ClaimOut], **errors(401, 403, 404, 422)},
    summary="Everyone's claims, newest first, by status (facilitators and admins)",
)
@api_rule(see="payments.claim", do="payments.approve")
def all_claims(request, slug: str, status: ClaimStatus | None = None, limit: int = PAGE, offset: int = SKIP):
    access = request.access
    lines, expenses = selectors.all_claims(organisation=access.organisation, status=status)
    claims = [(c, "payment", c.worked_on) for c in lines] + [(c, "expense", c.incurred_on) for c in expenses]
    claims.sort(key=lambda item: (item[2], item[0].submitted_at), reverse=True)
    return [_claim_out(claim, kind) for claim, kind, _ in claims[offset : offset + limit]]


@router.post(
    "/{slug}/claims/{claim_id}/approve",
    response={200: ClaimOut, **errors(401, 403, 404, 422)},
    summary="Approve a claim (facilitators and admins)",
)
@api_rule(see="payments.claim", do="payments.approve")
def approve(request, slug: str, claim_id: str):
    access = request.access
    claim, kind = _claim_from_id(access.organisation, claim_id)
    try:
        return _claim_out(services.approve_claim(actor=request.auth, claim=claim), kind)
    except ValidationError as error:
        return _refused(error)


@router.post(
    "/{slug}/claims/{claim_id}/reject",
    response={200: ClaimOut, **errors(400, 401, 403, 404, 422)},
    summary="Do not approve a claim, saying why (facilitators and admins)",
)
@api_rule(see="payments.claim", do="payments.approve")
def reject(request, slug: str, claim_id: str, payload: RejectIn):
    access = request.access
    claim, kind = _claim_from_id(access.organisation, claim_id)
    try:
        return _claim_out(services.reject_claim(actor=request.auth, claim=claim, reason=payload.reason), kind)
    except ValidationError as error:
        return _refused(error)


@router.post(
    "/{slug}/claims/{claim_id}/paid",
    response={200: ClaimOut, **errors(401, 403, 404, 422)},
    summary="Mark an approved claim paid (finance: admins)",
)
@api_rule(see="payments.claim", do="payments.mark_paid")
def paid(request, slug: str, claim_id: str):
    access = request.access
    claim, kind = _claim_from_id(access.organisation, claim_id)
    try:
        return _claim_out(services.mark_paid(actor=request.auth, claim=claim), kind)
    except ValidationError as error:
        return _refused(error)


@router.get(
    "/{slug}/activities/{activity_id}/attendance",
    response={200: list[AttendanceWithPaymentOut], **errors(401, 404, 422)},
    summary="Who attended an activity, with the payment for each (yours, or everyone's for facilitators)",
)
@api_rule(see="payments.claim")
def attendance(request, slug: str, activity_id: int):
    access = request.access
    activity = selectors.activity_in(organisation=access.organisation, activity_id=activity_id)
    sees_all = allows(access, "payments.approve")
    rows = []
    for item in selectors.attendance_with_payments(activity=activity):
        line = getattr(item, "payment_line", None) if (sees_all or item.person_id == request.auth.pk) else None
        rows.append(
            {
                "attendance_id": item.pk,
                "person_id": item.person_id,
                "name": item.person.name,
                "hours": item.hours,
                "experience": item.experience,
                "payment": {
                    "claim_id": f"P{line.pk}",
                    "status": line.status,
                    "amount_pence": line.amount_pence,
                    "unit": line.unit,
                }
                if line
                else None,
            }
        )
    return rows


@router.get(
    "/{slug}/finance-export",
    response={200: ExportOut, **errors(401, 403, 404, 422)},
    summary="Approved and paid items for a financial year, with totals per person (finance: admins)",
)
@api_rule(see="payments.claim", do="payments.export")
def finance_export(
    request,
    slug: str,
    year: int | None = Query(
        None, ge=2000, le=2100, description="The year the financial year starts (2026 for 2026/27); default this one"
    ),
):
    from coqi.core.formatting import financial_year, financial_year_label, pounds_plain

    access = request.access
    year = year or financial_year(timezone.localdate())
    rows = []
    for row in selectors.export_rows(organisation=access.organisation, year=year):
        item = row["item"]
        rows.append(
            {
                "reference": f"{'P' if row['kind'] == 'Involvement payment' else 'E'}{item.pk}",
                "name": item.person.display_name,
                "email": item.person.email,
                "kind": row["kind"],
                "activity": item.activity_title,
                "date": row["day"],
                "detail": row["detail"],
                "amount_pence": item.amount_pence,
                "amount": pounds_plain(item.amount_pence),
                "status": item.status,
            }
        )
    totals = [
        {
            "name": t.name,
            "email": t.email,
            "payments_pence": t.payments_pence,
            "expenses_pence": t.expenses_pence,
            "total_pence": t.total_pence,
            "paid_pence": t.paid_pence,
        }
        for t in selectors.totals_by_person_and_year(organisation=access.organisation, year=year)
    ]
    return {
        "year": year,
        "label": financial_year_label(year),
        "rows": rows,
        "totals": totals,
        "total_pence": sum(r["amount_pence"] for r in rows),
    }
