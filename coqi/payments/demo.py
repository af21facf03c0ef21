"""Invented demo payments at Riverside: two rate cards, claims paid, approved and waiting, and a partner who
declines payment. Idempotent: does nothing once Riverside has a rate card."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from coqi.core.formatting import financial_year
from coqi.core.models import Organisation
from coqi.core.roles import Experience
from coqi.partners import services as partner_services
from coqi.payments import services
from coqi.payments.models import ExpenseCategory

ORGANISATION = "riverside-hospitals"
HOURLY = {
    "consultation": "15.00",
    "engagement": "20.00",
    "co_design": "25.00",
    "co_production": "25.00",
    "informing": "15.00",
    "educating": "15.00",
}
NEW_HOURLY = {level: str(int(value.split(".")[0]) + 1) + ".50" for level, value in HOURLY.items()}
DEMO_RECEIPT = b"%PDF-1.4\n% Co-QI demo receipt: bus fare, invented\n%%EOF\n"


def load_payments_demo(*, today: date | None = None) -> None:
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None or organisation.rate_cards.exists():
        return
    User = get_user_model()
    people = {
        u.email: u
        for u in User.objects.filter(email__in=["facilitator@example.com", "admin@example.com", "partner@example.com"])
    }
    facilitator, admin, partner = (
        people.get(e) for e in ("facilitator@example.com", "admin@example.com", "partner@example.com")
    )
    if not (facilitator and admin):
        return
    today = today or date.today()
    this_year = financial_year(today)
    services.create_rate_card(
        actor=admin,
        organisation=organisation,
        name="Involvement rates 2023",
        effective_from=date(this_year - 3, 4, 1),
        hourly_rates=HOURLY,
    )
    services.create_rate_card(
        actor=admin,
        organisation=organisation,
        name=f"Involvement rates from April {this_year}",
        effective_from=date(this_year, 4, 1),
        hourly_rates=NEW_HOURLY,
    )
    lived = list(
        organisation.activities.filter(attendances__experience=Experience.LIVED)
        .values_list("attendances__person_id", flat=True)
        .distinct()
    )
    decliner = next((User.objects.get(pk=pk) for pk in lived if partner is None or pk != partner.pk), None)
    if decliner is not None:
        partner_services.save_profile(
            actor=facilitator,
            organisation=organisation,
            person=decliner,
            declines_payment=True,
            lived_experience="Lives with a long-term condition",
            availability="Weekday mornings",
        )
    if partner is not None:
        partner_services.save_profile(
            actor=partner,
            organisation=organisation,
            person=partner,
            lived_experience="Carer for my mother after her hospital stays",
            skills="Writing, listening",
            access_needs="Step-free access, please",
            availability="Most afternoons",
        )
    lines = []
    for activity in organisation.activities.order_by("held_on", "id"):
        if activity.rung in HOURLY:
            lines.extend(services.create_payment_lines(actor=facilitator, activity=activity))
    for index, line in enumerate(lines):
        if line.person_id in (facilitator.pk, admin.pk):
            continue
        if index < len(lines) * 2 // 3:
            services.approve_claim(actor=facilitator, claim=line)
            services.mark_paid(actor=admin, claim=line)
        elif index < len(lines) - 2:
            services.approve_claim(actor=facilitator, claim=line)
    if partner is not None:
        attended = list(organisation.activities.filter(attendances__person=partner).order_by("-held_on")[:2])
        for n, activity in enumerate(attended):
            claim = services.submit_expense_claim(
                actor=partner,
                organisation=organisation,
                person=partner,
                activity=activity,
                category=ExpenseCategory.TRAVEL,
                amount="6.40",
                incurred_on=min(activity.held_on, today),
                description="Bus fare there and back",
                receipt=ContentFile(DEMO_RECEIPT, name="receipt.pdf"),
            )
            if n == 1:
                services.approve_claim(actor=facilitator, claim=claim)
