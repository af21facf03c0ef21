"""Ids of one of each payments record inside trio.organisation, for the URL walk in tests/core/test_tenancy.py."""

from __future__ import annotations

from django.core.files.base import ContentFile

from coqi.payments import services
from coqi.payments.models import ExpenseCategory
from tests.payments.helpers import PDF, activity, line_of, rate_card


def sample_ids(trio) -> dict:
    """`activity_id` comes from the projects samples (their project activity, which the partner attended)."""
    rate_card(trio)
    forum = activity(trio, title="Sample forum for payments")
    attendance = forum.attendances.get(person=trio.partner)
    line = line_of(attendance)
    claim = services.submit_expense_claim(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        activity=forum,
        category=ExpenseCategory.TRAVEL,
        amount="4.20",
        incurred_on=forum.held_on,
        description="Bus",
        receipt=ContentFile(PDF, name="r.pdf"),
    )
    return {
        "attendance_id": attendance.pk,
        "line_id": line.pk,
        "expense_id": claim.pk,
        "person_id": trio.partner.pk,
    }
