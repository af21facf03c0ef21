"""The payments demo: invented, idempotent, with paid, approved and waiting claims and a partner who declines."""

import pytest

from coqi.core.demo import load_demo
from coqi.partners.models import PartnerProfile
from coqi.payments.models import ClaimStatus, ExpenseClaim, PaymentLine

pytestmark = pytest.mark.django_db


def test_demo_loads_once():
    load_demo()
    counts = (PaymentLine.objects.count(), ExpenseClaim.objects.count())
    statuses = set(PaymentLine.objects.values_list("status", flat=True))
    assert {ClaimStatus.PAID, ClaimStatus.APPROVED, ClaimStatus.SUBMITTED} <= statuses
    decliner = PartnerProfile.objects.get(declines_payment=True)
    assert not PaymentLine.objects.filter(person=decliner.person).exists()
    assert ExpenseClaim.objects.exclude(receipt="").exists()
    load_demo()
    assert (PaymentLine.objects.count(), ExpenseClaim.objects.count()) == counts
