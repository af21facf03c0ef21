"""Writes for payments: keyword-only, one transaction, one audit event each. Money in whole pence (int).

Two approvers acting on one claim at once cannot both move it: every transition is a conditional UPDATE
(`WHERE status = <expected>`) on a row locked with select_for_update, and the loser is told it was already done.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coqi.core import audit
from coqi.core.formatting import pounds
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.partners.selectors.profiles import declines_payment
from coqi.payments.models import (
    ClaimStatus,
    ExpenseCategory,
    ExpenseClaim,
    PaymentLine,
    Rate,
    RateBasis,
    RateCard,
)
from coqi.payments.money import MAX_EXPENSE_PENCE, MoneyError, pence_from_pounds, rates_in_pence
from coqi.payments.receipts import ReceiptError, check_receipt
from coqi.projects.choices import Rung
from coqi.projects.models import Activity, Attendance

AUDIT_LABELS = {
    "rate_card.created": "Rate card added",
    "payment_line.created": "Payment claimed",
    "payment_line.repriced": "Payment changed with the activity",
    "expense_claim.submitted": "Expenses claimed",
    "claim.approved": "Claim approved",
    "claim.rejected": "Claim not approved",
    "claim.paid": "Claim marked paid",
}

DECLINES_MESSAGE = (
    "You have said you do not want to be paid for involvement. If that has changed, update your profile first."
)


def _no_rate_card(day: date) -> ValidationError:
    return ValidationError(
        f"There are no payment rates for {day:%-d %B %Y}. Ask your facilitator to add a rate card that covers it."
    )


def _rate_card_on(organisation: Organisation, day: date) -> RateCard | None:
    return (
        RateCard.objects.filter(organisation=organisation, effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )


# --- rate cards -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_rate_card(
    *,
    actor,
    organisation: Organisation,
    name: str,
    effective_from: date,
    hourly_rates: dict | None = None,
    basis: str = RateBasis.HOURLY,
    half_day_rates: dict | None = None,
    full_day_rates: dict | None = None,
) -> RateCard:
    """A new card from `effective_from`; the card in force before it ends the day before. Rates map a rung (Rung
    value) to pounds ('25.00'): `hourly_rates` for an hourly card, `half_day_rates` and `full_day_rates` (both,
    for each rung paid) for a daily card. Rungs left out are not paid."""
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Enter a name for the rate card, for example 'Rates from April 2026'"
    if effective_from is None:
        errors["effective_from"] = "Enter the date the rates start"
    if basis not in RateBasis.values:
        errors["basis"] = "Choose whether the card pays by the hour or by the half and full day"
    rows: dict[str, dict[str, int]] = {}
    if basis == RateBasis.DAILY:
        halves = rates_in_pence(half_day_rates, errors, "_half", "a half day")
        fulls = rates_in_pence(full_day_rates, errors, "_full", "a full day")
        for level in Rung.values:
            if f"{level}_half" in errors or f"{level}_full" in errors or (level not in halves and level not in fulls):
                continue
            if level not in halves or level not in fulls:
                missing = "_half" if level not in halves else "_full"
                errors[f"{level}{missing}"] = "Enter both a half-day and a full-day rate, or neither"
            elif halves[level] > fulls[level]:
                errors[f"{level}_half"] = "A half day cannot be paid more than a full day"
            else:
                rows[level] = {"half_day_pence": halves[level], "full_day_pence": fulls[level]}
    else:
        rows = {level: {"hourly_pence": p} for level, p in rates_in_pence(hourly_rates, errors, "", "an hour").items()}
    if not rows and not errors:
        errors["hourly_rates"] = "Enter at least one rate"
    if errors:
        raise ValidationError(errors)
    cards = RateCard.objects.select_for_update().filter(organisation=organisation)
    if cards.filter(effective_from__gte=effective_from).exists():
        raise ValidationError({"effective_from": "A rate card already starts on or after that date"})
    previous = cards.filter(effective_from__lt=effective_from).order_by("-effective_from").first()
    if previous is not None and (previous.effective_to is None or previous.effective_to >= effective_from):
        previous.effective_to = effective_from - timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    card = RateCard.objects.create(
        organisation=organisation, name=name, basis=basis, effective_from=effective_from, created_by=actor
    )
    Rate.objects.bulk_create(Rate(rate_card=card, level=level, **values) for level, values in rows.items())
    audit.record(
        actor=actor,
        organisation=organisation,
        action="rate_card.created",
        target=card,
        changes={
            "effective_from": effective_from.isoformat(),
            "basis": basis,
            "rates_pence": rows,
            "previous_card_ends": previous.effective_to.isoformat() if previous else None,
        },
    )
    return card


# --- payment lines from attendance ------------------------------------------------------------------------------


def _line_for(actor, attendance: Attendance) -> PaymentLine:
    activity = attendance.activity
    card = _rate_card_on(activity.organisation, activity.held_on)
    if card is None:
        raise _no_rate_card(activity.held_on)
    rate = card.rates.filter(level=activity.rung).first()
    if rate is None:
        raise ValidationError(
            f"The rate card '{card.name}' has no rate for {activity.get_rung_display().lower()} activities."
        )
    price = rate.price(attendance.hours)
    if price.amount_pence <= 0:
        raise ValidationError(f"{attendance.person} attended for 0 hours, so there is nothing to pay.")
    try:
        with transaction.atomic():
            line = PaymentLine.objects.create(
                organisation=activity.organisation,
                person=attendance.person,
                attendance=attendance,
                activity=activity,
                activity_title=activity.title,
                worked_on=activity.held_on,
                hours=attendance.hours,
                rate=rate,
                unit=price.unit,
                unit_pence=price.unit_pence,
                amount_pence=price.amount_pence,
                submitted_by=actor,
            )
    except IntegrityError:
        raise ValidationError("Payment for this activity has already been claimed.") from None
    audit.record(
        actor=actor,
        organisation=activity.organisation,
        action="payment_line.created",
        target=line,
        changes={
            "person": str(attendance.person),
            "hours": str(line.hours),
            "unit": line.unit,
            "unit_pence": line.unit_pence,
            "amount_pence": line.amount_pence,
            "rate_card": card.name,
        },
    )
    return line


@transaction.atomic
def claim_payment(*, actor, attendance: Attendance) -> PaymentLine:
    """A partner claims payment for their own attendance, at the rate in force on the day of the activity."""
    attendance = Attendance.objects.select_related("activity__organisation", "person").get(pk=attendance.pk)
    organisation = attendance.activity.organisation
    if attendance.experience != Experience.LIVED:
        raise ValidationError("Involvement payments are for people taking part with lived experience.")
    if declines_payment(organisation=organisation, person=attendance.person):
        raise ValidationError(DECLINES_MESSAGE)
    if PaymentLine.objects.filter(attendance=attendance).exists():
        raise ValidationError("Payment for this activity has already been claimed.")
    return _line_for(actor, attendance)


@transaction.atomic
def create_payment_lines(*, actor, activity: Activity) -> list[PaymentLine]:
    """For a facilitator: a payment line for every lived-experience attendance at `activity` that has none yet,
    skipping people who decline payment. Refused as a whole if no rate applies (nothing half-made)."""
    organisation = activity.organisation
    from coqi.partners.selectors.profiles import declining_payment_ids

    declining = declining_payment_ids(organisation=organisation)
    attendances = (
        activity.attendances.select_related("person", "activity__organisation")
        .filter(experience=Experience.LIVED, payment_line__isnull=True)
        .exclude(person_id__in=declining)
    )
    return [_line_for(actor, attendance) for attendance in attendances]


def sync_payment_lines(*, actor, activity: Activity) -> list[str]:
    """Called through coqi.projects.registry whenever an activity's attendance is recorded or changed, inside the
    same transaction. Makes a payment line for each lived-experience attendee who does not decline payment and has
    none; re-prices lines still waiting for approval when the hours, date or rung changed; withdraws (rejects) lines
    still waiting for approval whose attendance was removed. Never refuses the activity: when no rate applies it
    returns the reasons, and the facilitator sees them on the payments page (selectors.attendance_without_payment)."""
    from coqi.partners.selectors.profiles import declining_payment_ids

    notices = []
    declining = declining_payment_ids(organisation=activity.organisation)
    attendances = (
        Attendance.objects.filter(activity=activity, experience=Experience.LIVED)
        .exclude(person_id__in=declining)
        .select_related("person", "activity__organisation")
    )
    waiting_lines = list(PaymentLine.objects.filter(activity=activity, status=ClaimStatus.SUBMITTED))
    waiting = {line.attendance_id: line for line in waiting_lines if line.attendance_id is not None}
    removed = [line for line in waiting_lines if line.attendance_id is None]
    for attendance in attendances:
        line = waiting.pop(attendance.pk, None)
        if line is None and not PaymentLine.objects.filter(attendance=attendance).exists():
            try:
                with transaction.atomic():
                    _line_for(actor, attendance)
            except ValidationError as error:
                notices.append(" ".join(error.messages))
        elif line is not None:
            try:
                with transaction.atomic():
                    _reprice(actor, line, attendance)
            except ValidationError as error:
                notices.append(" ".join(error.messages))
    for line in removed:
        _move(
            line,
            expected=ClaimStatus.SUBMITTED,
            to=ClaimStatus.REJECTED,
            values={
                "decided_by": actor,
                "decided_at": timezone.now(),
                "rejection_reason": "Removed from the activity's attendance, so there is nothing to pay.",
            },
            refused="This claim has already been decided by someone else.",
        )
        audit.record(
            actor=actor,
            organisation=activity.organisation,
            action="claim.rejected",
            target=line,
            changes={"status": [ClaimStatus.SUBMITTED, ClaimStatus.REJECTED], "reason": "attendance removed"},
        )
    return notices


def _reprice(actor, line: PaymentLine, attendance: Attendance) -> None:
    activity = attendance.activity
    card = _rate_card_on(activity.organisation, activity.held_on)
    rate = card.rates.filter(level=activity.rung).first() if card else None
    if rate is None:
        raise _no_rate_card(activity.held_on)
    price = rate.price(attendance.hours)
    new = {
        "activity_title": activity.title,
        "worked_on": activity.held_on,
        "hours": attendance.hours,
        "rate": rate,
        "unit": price.unit,
        "unit_pence": price.unit_pence,
        "amount_pence": price.amount_pence,
    }
    if all(getattr(line, k) == v for k, v in new.items()):
        return
    before = line.amount_pence
    for key, value in new.items():
        setattr(line, key, value)
    line.save(update_fields=list(new))
    audit.record(
        actor=actor,
        organisation=activity.organisation,
        action="payment_line.repriced",
        target=line,
        changes={
            "amount_pence": [before, line.amount_pence],
            "hours": str(line.hours),
            "worked_on": line.worked_on.isoformat(),
            "unit": line.unit,
        },
    )


# --- expense claims ---------------------------------------------------------------------------------------------


@transaction.atomic
def submit_expense_claim(
    *,
    actor,
    organisation: Organisation,
    person,
    activity: Activity,
    category: str,
    amount,
    incurred_on: date,
    description: str,
    receipt=None,
) -> ExpenseClaim:
    """An expense claim for an activity the person attended. `amount` in pounds as text or Decimal."""
    errors = {}
    if activity.organisation_id != organisation.pk or not activity.attendances.filter(person=person).exists():
        errors["activity"] = "Choose an activity you took part in"
    if category not in ExpenseCategory.values:
        errors["category"] = "Choose what the expense was for"
    try:
        amount_pence = pence_from_pounds(amount)
        if amount_pence > MAX_EXPENSE_PENCE:
            errors["amount"] = (
                f"A single claim can be up to {pounds(MAX_EXPENSE_PENCE)}. Talk to your facilitator about larger costs."
            )
    except MoneyError as error:
        errors["amount"] = str(error)
        amount_pence = 0
    today = timezone.localdate()
    if incurred_on is None:
        errors["incurred_on"] = "Enter the date you spent the money"
    elif incurred_on > today:
        errors["incurred_on"] = "The date you spent the money must be today or in the past"
    elif _rate_card_on(organisation, incurred_on) is None:
        errors["incurred_on"] = str(_no_rate_card(incurred_on).messages[0])
    description = (description or "").strip()
    if not description:
        errors["description"] = "Say what the money was spent on, for example 'Bus fare there and back'"
    elif len(description) > 500:
        errors["description"] = "Keep the description to 500 characters or fewer"
    receipt_type = None
    if receipt:
        try:
            receipt_type = check_receipt(receipt)
        except ReceiptError as error:
            errors["receipt"] = str(error)
    if (
        "activity" not in errors
        and "category" not in errors
        and ExpenseClaim.objects.filter(activity=activity, person=person, category=category).exists()
    ):
        errors["category"] = "You have already claimed this kind of expense for this activity"
    if errors:
        raise ValidationError(errors)
    claim = ExpenseClaim(
        organisation=organisation,
        person=person,
        activity=activity,
        activity_title=activity.title,
        category=category,
        amount_pence=amount_pence,
        incurred_on=incurred_on,
        description=description,
        submitted_by=actor,
    )
    if receipt_type is not None:
        claim.receipt_content_type = receipt_type.content_type
        receipt.name = f"receipt.{receipt_type.extension}"
        claim.receipt = receipt
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        if claim.receipt:
            claim.receipt.delete(save=False)
        raise ValidationError({"category": "You have already claimed this kind of expense for this activity"}) from None
    audit.record(
        actor=actor,
        organisation=organisation,
        action="expense_claim.submitted",
        target=claim,
        changes={
            "person": str(person),
            "category": category,
            "amount_pence": amount_pence,
            "receipt": bool(receipt_type),
        },
    )
    return claim


# --- approval: submitted → approved / rejected → paid -----------------------------------------------------------


def _move(claim, *, expected: str, to: str, values: dict, refused: str):
    """Conditional update: only from `expected`; the second of two simultaneous approvers gets `refused`."""
    model = type(claim)
    locked = model.objects.select_for_update().filter(pk=claim.pk).first()
    if locked is None:
        raise ValidationError("That claim no longer exists.")
    updated = model.objects.filter(pk=claim.pk, status=expected).update(status=to, **values)
    if updated != 1:
        raise ValidationError(refused)
    claim.refresh_from_db()
    return claim


def _check_approver(actor, claim) -> None:
    if claim.person_id == getattr(actor, "pk", None):
        raise ValidationError("You cannot approve or pay your own claim. Ask another facilitator or admin.")


def _check_not_declined(claim) -> None:
    if isinstance(claim, PaymentLine) and declines_payment(organisation=claim.organisation, person=claim.person):
        raise ValidationError(
            f"{claim.person.name} has said they do not want to be paid for involvement, so this cannot be paid."
        )


@transaction.atomic
def approve_claim(*, actor, claim: PaymentLine | ExpenseClaim):
    _check_approver(actor, claim)
    _check_not_declined(claim)
    claim = _move(
        claim,
        expected=ClaimStatus.SUBMITTED,
        to=ClaimStatus.APPROVED,
        values={"decided_by": actor, "decided_at": timezone.now()},
        refused="This claim has already been decided by someone else.",
    )
    audit.record(
        actor=actor,
        organisation=claim.organisation,
        action="claim.approved",
        target=claim,
        changes={"status": [ClaimStatus.SUBMITTED, ClaimStatus.APPROVED], "amount_pence": claim.amount_pence},
    )
    return claim


@transaction.atomic
def reject_claim(*, actor, claim: PaymentLine | ExpenseClaim, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the claim is not approved, so the person can put it right"})
    if len(reason) > 1000:
        raise ValidationError({"reason": "Keep the reason to 1000 characters or fewer"})
    _check_approver(actor, claim)
    claim = _move(
        claim,
        expected=ClaimStatus.SUBMITTED,
        to=ClaimStatus.REJECTED,
        values={"decided_by": actor, "decided_at": timezone.now(), "rejection_reason": reason},
        refused="This claim has already been decided by someone else.",
    )
    audit.record(
        actor=actor,
        organisation=claim.organisation,
        action="claim.rejected",
        target=claim,
        changes={"status": [ClaimStatus.SUBMITTED, ClaimStatus.REJECTED], "reason": reason},
    )
    return claim


@transaction.atomic
def mark_paid(*, actor, claim: PaymentLine | ExpenseClaim):
    _check_approver(actor, claim)
    _check_not_declined(claim)
    claim = _move(
        claim,
        expected=ClaimStatus.APPROVED,
        to=ClaimStatus.PAID,
        values={"paid_by": actor, "paid_at": timezone.now()},
        refused="This claim is not waiting to be paid: it may already have been paid.",
    )
    audit.record(
        actor=actor,
        organisation=claim.organisation,
        action="claim.paid",
        target=claim,
        changes={"status": [ClaimStatus.APPROVED, ClaimStatus.PAID], "amount_pence": claim.amount_pence},
    )
    return claim
