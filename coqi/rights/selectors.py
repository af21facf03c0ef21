"""Reads for rights pages and commands."""

from __future__ import annotations


def open_money(*, user) -> int:
    """How many of the person's claims are still submitted or approved but unpaid (finance may still owe them)."""
    from coqi.payments.models import ClaimStatus, ExpenseClaim, PaymentLine

    open_statuses = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
    return (
        PaymentLine.objects.filter(person=user, status__in=open_statuses).count()
        + ExpenseClaim.objects.filter(person=user, status__in=open_statuses).count()
    )
