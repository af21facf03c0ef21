"""Personal data held by payments (coqi/rights/contract.md).

Finance must keep what was paid, to whom (as an account), when and how much, for audit and tax; so payment lines
and expense claims stay, linked to the anonymised account, with their amounts and statuses. What the person wrote
(an expense's description) is replaced, and receipts are deleted: a ticket or invoice often carries a name and
address (ADR 0017). Approvals they made for others stay, by the anonymised account.
"""

from __future__ import annotations

from django.db.models import Q

from coqi.core.erasure import REMOVED, detach, rows
from coqi.payments.models import ExpenseClaim, PaymentLine, RateCard

TITLE = "Payments and expenses"
MODELS = [RateCard, PaymentLine, ExpenseClaim]
_CLAIM = (
    "id",
    "organisation__name",
    "activity_title",
    "amount_pence",
    "status",
    "submitted_at",
    "decided_at",
    "rejection_reason",
    "paid_at",
)


def export(user) -> dict:
    return {
        "payment_lines": rows(
            PaymentLine.objects.filter(person=user), *_CLAIM, "worked_on", "hours", "unit", "unit_pence"
        ),
        "expense_claims": rows(
            ExpenseClaim.objects.filter(person=user), *_CLAIM, "category", "incurred_on", "description", "receipt"
        ),
        "claims_you_decided_or_paid": {
            "payment_lines": rows(
                PaymentLine.objects.filter(Q(decided_by=user) | Q(paid_by=user)).exclude(person=user), "id", "status"
            ),
            "expense_claims": rows(
                ExpenseClaim.objects.filter(Q(decided_by=user) | Q(paid_by=user)).exclude(person=user), "id", "status"
            ),
        },
        "rate_cards_you_added": rows(
            RateCard.objects.filter(created_by=user), "id", "organisation__name", "name", "effective_from"
        ),
    }


def erase(user) -> None:
    for claim in ExpenseClaim.objects.filter(person=user).exclude(receipt=""):
        claim.receipt.delete(save=False)
    ExpenseClaim.objects.filter(person=user).update(description=REMOVED, receipt="", receipt_content_type="")
    detach(RateCard, user)
