"""A partner who took part in everything: their export has it all; erasure removes them but keeps the totals."""

from __future__ import annotations

import json

import pytest
from django.db.models import Sum

from coqi.core.models import AuditEvent, Membership
from coqi.payments import selectors as payment_selectors
from coqi.payments.models import ExpenseClaim, PaymentLine
from coqi.projects.models import Attendance, Dissent, Reflection
from coqi.rights import services
from tests.rights.makers import EMAIL, NAME, a_person_with_everything
from tests.rights.test_personal_data import assert_nothing_identifies, identifying_rows

pytestmark = pytest.mark.django_db


def test_export_holds_everything_from_every_area(trio):
    person, _ = a_person_with_everything(trio)
    data = services.export_person(actor=None, user=person)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["email"] == EMAIL
    apps = data["apps"]
    assert apps["partners"]["partner_profiles"][0]["lived_experience"].startswith(NAME)
    assert apps["projects"]["attendance"][0]["hours"] == "2.50"
    assert apps["projects"]["team_places"][0]["role_description"].startswith(NAME)
    assert [line["amount_pence"] for line in apps["payments"]["payment_lines"]] == [6250]
    assert apps["payments"]["expense_claims"][0]["description"] == f"Bus fare for {NAME}"
    assert apps["core"]["memberships"][0]["organisation__name"] == trio.organisation.name
    for words in (
        f"I, {NAME}, think B matters more",
        f"{NAME} learnt that letters matter",
        f"{NAME} says so",
        f"{NAME} went to two meetings",
    ):
        assert words in text
    assert AuditEvent.objects.filter(action="person.exported", target_id=str(person.pk)).count() == 1


def test_erasure_removes_the_person_everywhere_and_keeps_anonymised_totals(trio):
    person, _ = a_person_with_everything(trio)
    money_before = PaymentLine.objects.aggregate(Sum("amount_pence"))["amount_pence__sum"]
    totals_before = [
        (t.year, t.total_pence, t.paid_pence)
        for t in payment_selectors.totals_by_person_and_year(organisation=trio.organisation)
    ]
    hours_before = Attendance.objects.aggregate(Sum("hours"))["hours__sum"]
    assert identifying_rows(person)  # the check below can fail
    receipt = ExpenseClaim.objects.get(person=person).receipt
    assert receipt.storage.exists(receipt.name)

    services.erase_person(actor=trio.owner, user=person)

    assert_nothing_identifies(person)
    assert not receipt.storage.exists(receipt.name)
    assert PaymentLine.objects.aggregate(Sum("amount_pence"))["amount_pence__sum"] == money_before
    assert [
        (t.year, t.total_pence, t.paid_pence)
        for t in payment_selectors.totals_by_person_and_year(organisation=trio.organisation)
    ] == totals_before
    assert Attendance.objects.aggregate(Sum("hours"))["hours__sum"] == hours_before
    assert Dissent.objects.get().person is None and Reflection.objects.get().author is None
    event = AuditEvent.objects.get(action="person.erased")
    assert (event.actor, event.target_id, event.target_label) == (trio.owner, str(person.pk), "Erased person")
    assert not Membership.objects.filter(user=person).exists()  # no access to anything any more


def test_erasure_is_all_or_nothing(trio, monkeypatch):
    person, _ = a_person_with_everything(trio)
    modules = services.personal_data_modules()

    def broken(user):
        raise RuntimeError("disk full")

    monkeypatch.setattr(modules["projects"], "erase", broken)
    with pytest.raises(RuntimeError):
        services.erase_person(actor=None, user=person)
    person.refresh_from_db()
    assert person.email == EMAIL and person.is_active
    assert Reflection.objects.get().author == person  # earlier apps' erasure rolled back too
    assert not AuditEvent.objects.filter(action="person.erased").exists()
