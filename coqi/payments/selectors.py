"""Reads for payments; always through the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404

from coqi.core.converters import id_or_404
from coqi.core.formatting import financial_year, financial_year_bounds
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.partners.selectors.profiles import declining_payment_ids
from coqi.payments.models import ClaimStatus, ExpenseClaim, PaymentLine, RateCard
from coqi.projects.models import Activity, Attendance

COUNTED = (ClaimStatus.APPROVED, ClaimStatus.PAID)


def _lines(organisation: Organisation):
    return PaymentLine.objects.filter(organisation=organisation)


def _expenses(organisation: Organisation):
    return ExpenseClaim.objects.filter(organisation=organisation)


def rate_cards(*, organisation: Organisation):
    return organisation.rate_cards.prefetch_related("rates")


def rate_card_in_force(*, organisation: Organisation, on: date) -> RateCard | None:
    return (
        organisation.rate_cards.filter(effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .prefetch_related("rates")
        .order_by("-effective_from")
        .first()
    )


def payment_line_in(*, organisation: Organisation, line_id) -> PaymentLine:
    line = _lines(organisation).select_related("person", "decided_by").filter(pk=id_or_404(line_id)).first()
    if line is None:
        raise Http404
    return line


def expense_claim_in(*, organisation: Organisation, expense_id) -> ExpenseClaim:
    claim = _expenses(organisation).select_related("person", "decided_by").filter(pk=id_or_404(expense_id)).first()
    if claim is None:
        raise Http404
    return claim


def my_attendance(*, organisation: Organisation, person, attendance_id) -> Attendance:
    """One of the person's own attendances at this organisation's activities, or 404."""
    attendance = (
        Attendance.objects.select_related("activity", "person")
        .filter(pk=id_or_404(attendance_id), person=person, activity__organisation=organisation)
        .first()
    )
    if attendance is None:
        raise Http404
    return attendance


def my_activities(*, organisation: Organisation, person):
    """Activities the person attended, latest first (for an expense claim)."""
    return organisation.activities.filter(attendances__person=person).order_by("-held_on", "-id")


@dataclass
class MyClaims:
    claimable: list = field(default_factory=list)  # attendances with lived experience and no payment line yet
    lines: list = field(default_factory=list)
    expenses: list = field(default_factory=list)
    declines_payment: bool = False
    totals: list = field(default_factory=list)


def my_claims(*, organisation: Organisation, person) -> MyClaims:
    declines = person.pk in declining_payment_ids(organisation=organisation)
    claimable = []
    if not declines:
        claimable = list(
            Attendance.objects.filter(
                activity__organisation=organisation,
                person=person,
                experience=Experience.LIVED,
                payment_line__isnull=True,
            )
            .select_related("activity")
            .order_by("-activity__held_on")
        )
    lines = list(_lines(organisation).filter(person=person))
    expenses = list(_expenses(organisation).filter(person=person))
    totals = [row for row in totals_by_person_and_year(organisation=organisation) if row.person_id == person.pk]
    return MyClaims(claimable, lines, expenses, declines, totals)


def claims_to_decide(*, organisation: Organisation) -> tuple[list, list]:
    lines = list(_lines(organisation).filter(status=ClaimStatus.SUBMITTED).select_related("person"))
    expenses = list(_expenses(organisation).filter(status=ClaimStatus.SUBMITTED).select_related("person"))
    return lines, expenses


def claims_to_pay(*, organisation: Organisation) -> tuple[list, list]:
    declining = declining_payment_ids(organisation=organisation)
    lines = [
        line
        for line in _lines(organisation).filter(status=ClaimStatus.APPROVED).select_related("person")
        if line.person_id not in declining
    ]
    expenses = list(_expenses(organisation).filter(status=ClaimStatus.APPROVED).select_related("person"))
    return lines, expenses


@dataclass
class Total:
    person_id: int
    name: str
    email: str
    year: int
    payments_pence: int = 0
    expenses_pence: int = 0
    paid_pence: int = 0

    @property
    def total_pence(self) -> int:
        return self.payments_pence + self.expenses_pence

    @property
    def owed_pence(self) -> int:
        return self.total_pence - self.paid_pence


def _counted_lines(organisation: Organisation, year: int | None = None):
    """Approved and paid lines; unpaid lines of people who now decline payment are left out (not paid)."""
    lines = _lines(organisation).filter(status__in=COUNTED)
    if year is not None:
        start, end = financial_year_bounds(year)
        lines = lines.filter(worked_on__range=(start, end))
    declining = declining_payment_ids(organisation=organisation)
    if declining:
        lines = lines.exclude(person_id__in=declining, status=ClaimStatus.APPROVED)
    return lines


def _counted_expenses(organisation: Organisation, year: int | None = None):
    expenses = _expenses(organisation).filter(status__in=COUNTED)
    if year is not None:
        start, end = financial_year_bounds(year)
        expenses = expenses.filter(incurred_on__range=(start, end))
    return expenses


def totals_by_person_and_year(*, organisation: Organisation, year: int | None = None) -> list[Total]:
    """Approved and paid money per person per financial year (1 April – 31 March), in two queries."""
    rows: dict[tuple[int, int], Total] = {}

    def row(values, day) -> Total:
        key = (values["person_id"], financial_year(day))
        if key not in rows:
            rows[key] = Total(values["person_id"], values["person__display_name"], values["person__email"], key[1])
        return rows[key]

    names = ("person_id", "person__display_name", "person__email", "amount_pence", "status")
    for values in _counted_lines(organisation, year).values(*names, "worked_on"):
        total = row(values, values["worked_on"])
        total.payments_pence += values["amount_pence"]
        total.paid_pence += values["amount_pence"] if values["status"] == ClaimStatus.PAID else 0
    for values in _counted_expenses(organisation, year).values(*names, "incurred_on"):
        total = row(values, values["incurred_on"])
        total.expenses_pence += values["amount_pence"]
        total.paid_pence += values["amount_pence"] if values["status"] == ClaimStatus.PAID else 0
    return sorted(rows.values(), key=lambda t: (-t.year, t.name.lower(), t.person_id))


def export_rows(*, organisation: Organisation, year: int) -> list[dict]:
    """One row per approved or paid item in the financial year, for finance and payroll."""
    rows = []
    for line in _counted_lines(organisation, year).select_related("person").order_by("worked_on", "id"):
        rows.append(
            {
                "kind": "Involvement payment",
                "item": line,
                "day": line.worked_on,
                "detail": line.worked_out_as,
            }
        )
    for claim in _counted_expenses(organisation, year).select_related("person").order_by("incurred_on", "id"):
        rows.append(
            {
                "kind": f"Expenses: {claim.get_category_display()}",
                "item": claim,
                "day": claim.incurred_on,
                "detail": claim.description,
            }
        )
    rows.sort(key=lambda r: (r["item"].person.display_name.lower(), r["day"], r["kind"]))
    return rows


def financial_years(*, organisation: Organisation) -> list[int]:
    years = {financial_year(d) for d in _lines(organisation).values_list("worked_on", flat=True)}
    years |= {financial_year(d) for d in _expenses(organisation).values_list("incurred_on", flat=True)}
    return sorted(years, reverse=True)


def activity_in(*, organisation: Organisation, activity_id) -> Activity:
    activity = organisation.activities.filter(pk=id_or_404(activity_id)).first()
    if activity is None:
        raise Http404
    return activity


@dataclass
class Unpaid:
    attendance: Attendance
    reason: str


def attendance_without_payment(*, organisation: Organisation, limit: int = 50) -> list[Unpaid]:
    """Lived-experience attendance with no payment line, for people who have not declined payment, and why: so a
    facilitator sees that a rate card is missing instead of partners silently not being paid."""
    declining = declining_payment_ids(organisation=organisation)
    attendances = list(
        Attendance.objects.filter(
            activity__organisation=organisation, experience=Experience.LIVED, payment_line__isnull=True
        )
        .exclude(person_id__in=declining)
        .select_related("activity", "person")
        .order_by("-activity__held_on", "id")[:limit]
    )
    if not attendances:
        return []
    cards = list(rate_cards(organisation=organisation))
    found = []
    for attendance in attendances:
        day, rung = attendance.activity.held_on, attendance.activity.rung
        card = next(
            (c for c in cards if c.effective_from <= day and (c.effective_to is None or c.effective_to >= day)), None
        )
        if card is None:
            reason = f"No rate card covers {day:%-d %B %Y}. Add one that starts on or before that date."
        elif not any(rate.level == rung for rate in card.rates.all()):
            reason = f"'{card.name}' has no rate for {attendance.activity.get_rung_display().lower()} activities."
        elif attendance.hours <= 0:
            reason = "Attended for 0 hours, so there is nothing to pay."
        else:
            reason = "Not made yet: use 'Add payment lines' or the partner can claim it."
        found.append(Unpaid(attendance, reason))
    return found


def all_claims(*, organisation: Organisation, status: str | None = None) -> tuple[list, list]:
    lines = _lines(organisation).select_related("person")
    expenses = _expenses(organisation).select_related("person")
    if status:
        lines, expenses = lines.filter(status=status), expenses.filter(status=status)
    return list(lines), list(expenses)


def attendance_with_payments(*, activity: Activity) -> list[Attendance]:
    return list(activity.attendances.select_related("person", "payment_line").order_by("id"))
