"""Payments services: rates by date, declined payment, the approval flow, double approval, receipts, exact money."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coqi.core.formatting import pounds
from coqi.core.models import AuditEvent
from coqi.partners import services as partner_services
from coqi.payments import services
from coqi.payments.models import ClaimStatus, ExpenseCategory, ExpenseClaim, PaymentLine, PayUnit, RateBasis
from coqi.payments.money import MoneyError, hours_times_rate, pence_from_pounds
from coqi.payments.receipts import MAX_RECEIPT_BYTES, ReceiptError, check_receipt
from coqi.projects.choices import Rung
from coqi.projects.services import activities as project_services
from tests.payments.helpers import PDF, PNG, activity, facilitator_of, line_of, rate_card

pytestmark = pytest.mark.django_db


def _claim(trio, forum, **overrides):
    values = dict(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        activity=forum,
        category=ExpenseCategory.TRAVEL,
        amount="6.40",
        incurred_on=forum.held_on,
        description="Bus fare",
    )
    values.update(overrides)
    return services.submit_expense_claim(**values)


# --- money -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, pence", [("12.50", 1250), ("£1,000", 100000), ("0.01", 1), ("7", 700), (" 3.1 ", 310)])
def test_pounds_are_parsed_exactly(text, pence):
    assert pence_from_pounds(text) == pence
    assert isinstance(pence_from_pounds(text), int)


@pytest.mark.parametrize("text", ["", "-5", "0", "1.005", "abc", "NaN", "Infinity", 12.5])
def test_bad_amounts_are_refused(text):
    with pytest.raises(MoneyError):
        pence_from_pounds(text)


def test_hours_times_rate_rounds_half_up_to_the_penny():
    assert hours_times_rate(Decimal("1.5"), 2333) == 3500  # 3499.5 → 3500
    assert hours_times_rate(Decimal("0.25"), 1001) == 250  # 250.25 → 250
    assert pounds(123456) == "£1,234.56"


# --- rate cards ------------------------------------------------------------------------------------------------


def test_a_rate_change_across_a_date_picks_the_rate_in_force_on_the_day(trio):
    change = date.today() - timedelta(days=10)
    old = rate_card(trio, effective_from=change - timedelta(days=100), rates={Rung.CO_DESIGN: "20.00"}, name="Old")
    new = rate_card(trio, effective_from=change, rates={Rung.CO_DESIGN: "30.00"}, name="New")
    old.refresh_from_db()
    assert old.effective_to == change - timedelta(days=1)
    before = activity(trio, held_on=change - timedelta(days=1), title="Before", hours="2")
    on_the_day = activity(trio, held_on=change, title="On the day", hours="2")
    line_before = line_of(before.attendances.get())
    line_on = line_of(on_the_day.attendances.get())
    assert (line_before.unit_pence, line_before.amount_pence, line_before.rate.rate_card) == (2000, 4000, old)
    assert (line_on.unit_pence, line_on.amount_pence, line_on.rate.rate_card) == (3000, 6000, new)
    assert AuditEvent.objects.filter(action="rate_card.created").count() == 2


def test_rate_card_bad_input_is_refused_and_nothing_saved(trio):
    rate_card(trio, effective_from=date(2025, 4, 1))
    with pytest.raises(ValidationError) as error:
        services.create_rate_card(
            actor=trio.owner,
            organisation=trio.organisation,
            name="",
            effective_from=None,
            hourly_rates={Rung.CO_DESIGN: "-3"},
        )
    assert {"name", "effective_from", Rung.CO_DESIGN} <= set(error.value.message_dict)
    with pytest.raises(ValidationError, match="already starts on or after"):
        rate_card(trio, effective_from=date(2025, 1, 1))
    assert trio.organisation.rate_cards.count() == 1


def test_no_rate_card_for_the_day_records_the_activity_and_tells_the_facilitator(trio):
    from coqi.payments import selectors

    rate_card(trio, effective_from=date.today() - timedelta(days=5))
    old = activity(trio, held_on=date.today() - timedelta(days=400))  # recorded all the same: no error
    assert PaymentLine.objects.count() == 0
    [unpaid] = selectors.attendance_without_payment(organisation=trio.organisation)
    assert unpaid.attendance.person == trio.partner and "No rate card covers" in unpaid.reason
    with pytest.raises(ValidationError, match="no payment rates"):
        services.claim_payment(actor=trio.partner, attendance=old.attendances.get())
    with pytest.raises(ValidationError) as error:
        _claim(trio, old)
    assert "no payment rates" in error.value.message_dict["incurred_on"][0]
    assert PaymentLine.objects.count() == ExpenseClaim.objects.count() == 0


def test_attendance_makes_one_audited_payment_line_and_no_duplicate(trio):
    rate_card(trio)
    forum = activity(trio, hours="1.5")
    line = line_of(forum.attendances.get())
    assert (line.amount_pence, line.status, line.person, line.submitted_by) == (
        3750,
        ClaimStatus.SUBMITTED,
        trio.partner,
        trio.member,
    )
    assert AuditEvent.objects.filter(action="payment_line.created", target_id=str(line.pk)).count() == 1
    with pytest.raises(ValidationError, match="already been claimed"):
        services.claim_payment(actor=trio.partner, attendance=forum.attendances.get())
    assert services.create_payment_lines(actor=trio.owner, activity=forum) == []
    # Changing the activity re-prices the waiting line instead of adding another.
    project_services.update_activity(
        actor=trio.member,
        activity=forum,
        version=forum.version,
        kind=forum.kind,
        title=forum.title,
        held_on=forum.held_on,
        hours="3",
        rung=forum.rung,
        attendees=[trio.partner],
    )
    line.refresh_from_db()
    assert (PaymentLine.objects.count(), line.hours, line.amount_pence) == (1, Decimal("3"), 7500)


def test_a_partner_claims_attendance_recorded_before_the_rate_card(trio):
    forum = activity(trio, hours="2")
    assert PaymentLine.objects.count() == 0
    rate_card(trio)
    line = services.claim_payment(actor=trio.partner, attendance=forum.attendances.get())
    assert line.amount_pence == 5000


def test_removing_people_from_an_activity_withdraws_their_waiting_lines(trio):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    second = UserFactory(email="sasha@example.com")
    MembershipFactory(organisation=trio.organisation, user=second, role=Role.LIVED_EXPERIENCE_PARTNER)
    rate_card(trio)
    forum = activity(trio, attendees=[trio.partner, second])
    lines = list(PaymentLine.objects.filter(activity=forum))
    assert len(lines) == 2
    project_services.update_activity(
        actor=trio.member,
        activity=forum,
        version=forum.version,
        kind=forum.kind,
        title=forum.title,
        held_on=forum.held_on,
        hours=forum.hours,
        rung=forum.rung,
        attendees=[],
    )
    for line in lines:
        line.refresh_from_db()
        assert line.status == ClaimStatus.REJECTED and "Removed from the activity" in line.rejection_reason


def test_staff_attendance_is_not_an_involvement_payment(trio):
    rate_card(trio)
    forum = activity(trio, attendees=[trio.member])
    assert PaymentLine.objects.count() == 0
    with pytest.raises(ValidationError, match="lived experience"):
        services.claim_payment(actor=trio.member, attendance=forum.attendances.get())


# --- half and full days ---------------------------------------------------------------------------------------


def _daily_card(trio, **kwargs):
    return services.create_rate_card(
        actor=trio.owner,
        organisation=trio.organisation,
        name="Daily",
        basis=RateBasis.DAILY,
        effective_from=date.today() - timedelta(days=400),
        half_day_rates={Rung.CO_DESIGN: "75.00"},
        full_day_rates={Rung.CO_DESIGN: "150.00"},
        **kwargs,
    )


@pytest.mark.parametrize(
    ("hours", "unit", "pence"),
    [
        ("0.5", PayUnit.HALF_DAY, 7500),
        ("4", PayUnit.HALF_DAY, 7500),
        ("4.25", PayUnit.FULL_DAY, 15000),
        ("7.5", PayUnit.FULL_DAY, 15000),
    ],
)
def test_a_daily_card_pays_up_to_four_hours_as_a_half_day_and_more_as_a_full_day(trio, hours, unit, pence):
    _daily_card(trio)
    line = line_of(activity(trio, hours=hours).attendances.get())
    assert (line.unit, line.unit_pence, line.amount_pence) == (unit, pence, pence)
    assert "paid as a" in line.worked_out_as


def test_an_hourly_card_pays_hours_times_the_rate(trio):
    rate_card(trio)
    line = line_of(activity(trio, hours="2.5").attendances.get())
    assert (line.unit, line.unit_pence, line.amount_pence) == (PayUnit.HOUR, 2500, 6250)


def test_a_daily_card_needs_both_rates_and_a_half_day_no_dearer_than_a_full_day(trio):
    with pytest.raises(ValidationError) as error:
        services.create_rate_card(
            actor=trio.owner,
            organisation=trio.organisation,
            name="Daily",
            basis=RateBasis.DAILY,
            effective_from=date(2025, 4, 1),
            half_day_rates={Rung.CO_DESIGN: "80", Rung.ENGAGEMENT: "50"},
            full_day_rates={Rung.CO_DESIGN: "70"},
        )
    assert {f"{Rung.CO_DESIGN}_half", f"{Rung.ENGAGEMENT}_full"} <= set(error.value.message_dict)
    assert trio.organisation.rate_cards.count() == 0


# --- the right to decline payment --------------------------------------------------------------------------------


def test_declined_payment_is_respected_in_claims_lines_and_approval(trio):
    from coqi.payments import selectors

    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    forum = activity(trio)
    line = line_of(forum.attendances.get())
    partner_services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, declines_payment=True
    )
    with pytest.raises(ValidationError, match="do not want to be paid"):
        services.approve_claim(actor=facilitator, claim=line)
    second = activity(trio, title="Second")
    assert not PaymentLine.objects.filter(activity=second).exists()  # no automatic line
    with pytest.raises(ValidationError, match="do not want to be paid"):
        services.claim_payment(actor=trio.partner, attendance=second.attendances.get())
    assert services.create_payment_lines(actor=facilitator, activity=second) == []
    assert selectors.attendance_without_payment(organisation=trio.organisation) == []  # no false alarm
    # Expenses are still theirs to claim.
    assert _claim(trio, second).status == ClaimStatus.SUBMITTED


def test_create_payment_lines_for_attendance_recorded_before_the_rate_card(trio):
    facilitator = facilitator_of(trio.organisation)
    forum = activity(trio, attendees=[trio.partner, trio.member])
    rate_card(trio)
    lines = services.create_payment_lines(actor=facilitator, activity=forum)
    assert [line.person for line in lines] == [trio.partner]  # staff are not paid for involvement
    assert services.create_payment_lines(actor=facilitator, activity=forum) == []


def test_an_activity_at_a_rung_with_no_rate_is_refused_as_a_whole(trio):
    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    forum = activity(trio, rung=Rung.INFORMING)
    assert PaymentLine.objects.count() == 0
    with pytest.raises(ValidationError, match="no rate for informing"):
        services.create_payment_lines(actor=facilitator, activity=forum)
    assert PaymentLine.objects.count() == 0


# --- approval flow -----------------------------------------------------------------------------------------------


def test_submitted_approved_paid_with_audit(trio):
    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    line = line_of(activity(trio).attendances.get())
    with pytest.raises(ValidationError, match="not waiting to be paid"):
        services.mark_paid(actor=trio.owner, claim=line)
    services.approve_claim(actor=facilitator, claim=line)
    services.mark_paid(actor=trio.owner, claim=line)
    line.refresh_from_db()
    assert (line.status, line.decided_by, line.paid_by) == (ClaimStatus.PAID, facilitator, trio.owner)
    actions = list(
        AuditEvent.objects.filter(target_id=str(line.pk), target_type="payments.paymentline")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["payment_line.created", "claim.approved", "claim.paid"]


def test_rejection_needs_a_reason_and_is_final(trio):
    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    claim = _claim(trio, activity(trio))
    with pytest.raises(ValidationError, match="Say why"):
        services.reject_claim(actor=facilitator, claim=claim, reason="  ")
    services.reject_claim(actor=facilitator, claim=claim, reason="Please add the receipt")
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (ClaimStatus.REJECTED, "Please add the receipt")
    with pytest.raises(ValidationError, match="already been decided"):
        services.approve_claim(actor=facilitator, claim=claim)


def test_nobody_approves_their_own_claim(trio):
    rate_card(trio)
    forum = activity(trio, attendees=[trio.owner])
    claim = _claim(trio, forum, actor=trio.owner, person=trio.owner)
    with pytest.raises(ValidationError, match="your own claim"):
        services.approve_claim(actor=trio.owner, claim=claim)


def test_two_approvers_at_once_do_not_pay_twice(trio):
    """Both hold a stale copy of the claim; only the first transition happens, the second is told."""
    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    line = line_of(activity(trio).attendances.get())
    stale_a, stale_b = PaymentLine.objects.get(pk=line.pk), PaymentLine.objects.get(pk=line.pk)
    services.approve_claim(actor=facilitator, claim=stale_a)
    with pytest.raises(ValidationError, match="already been decided"):
        services.approve_claim(actor=trio.owner, claim=stale_b)
    services.mark_paid(actor=trio.owner, claim=stale_a)
    with pytest.raises(ValidationError, match="already have been paid"):
        services.mark_paid(actor=trio.owner, claim=stale_b)
    assert AuditEvent.objects.filter(action="claim.paid").count() == 1
    assert AuditEvent.objects.filter(action="claim.approved").count() == 1


# --- expense claims and receipts -------------------------------------------------------------------------------


def test_expense_claim_with_a_real_receipt_file(trio, tmp_path):
    rate_card(trio)
    path = tmp_path / "ticket.pdf"
    path.write_bytes(PDF)
    upload = SimpleUploadedFile("ticket.pdf", path.read_bytes(), content_type="application/pdf")
    claim = _claim(trio, activity(trio), receipt=upload)
    assert claim.receipt_content_type == "application/pdf"
    assert claim.receipt.name.endswith(".pdf")
    assert claim.receipt.open("rb").read() == PDF
    assert claim.amount_pence == 640


def test_receipt_checks_read_the_content_not_the_name(tmp_path):
    fake = tmp_path / "receipt.pdf"
    fake.write_bytes(b"MZ\x90\x00 not really a pdf")
    with pytest.raises(ReceiptError, match="photo .* or a PDF"):
        check_receipt(SimpleUploadedFile("receipt.pdf", fake.read_bytes()))
    assert check_receipt(SimpleUploadedFile("photo.txt", PNG)).content_type == "image/png"
    assert check_receipt(SimpleUploadedFile("x", b"\xff\xd8\xff\xe0rest")).content_type == "image/jpeg"
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"0" * MAX_RECEIPT_BYTES)
    with pytest.raises(ReceiptError, match="smaller than 5 MB"):
        check_receipt(SimpleUploadedFile("big.pdf", big.read_bytes()))
    with pytest.raises(ReceiptError, match="empty"):
        check_receipt(SimpleUploadedFile("e.pdf", b""))


def test_bad_expense_claims_are_refused_with_nothing_saved(trio):
    rate_card(trio)
    forum = activity(trio)
    other = activity(trio, attendees=[trio.member], title="Staff only")
    with pytest.raises(ValidationError) as error:
        _claim(
            trio,
            forum,
            amount="-4",
            receipt=SimpleUploadedFile("r.pdf", b"<html>"),
            incurred_on=date.today() + timedelta(days=2),
            description="",
        )
    assert {"amount", "receipt", "incurred_on", "description"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError, match="up to £1,000.00"):
        _claim(trio, forum, amount="25000")
    with pytest.raises(ValidationError) as error:
        _claim(trio, other)
    assert "activity" in error.value.message_dict
    assert ExpenseClaim.objects.count() == 0
    _claim(trio, forum)
    with pytest.raises(ValidationError, match="already claimed this kind of expense"):
        _claim(trio, forum)
    assert _claim(trio, forum, category=ExpenseCategory.CARE, amount="30").amount_pence == 3000
    assert ExpenseClaim.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_approvals_in_threads_move_the_claim_once(trio):
    from django.db import connection

    if (
        connection.vendor == "sqlite"
        and connection.settings_dict["NAME"] in ("", ":memory:")
        or "mode=memory" in str(connection.settings_dict.get("NAME"))
    ):
        pytest.skip("threads need a shared database (PostgreSQL run: COQI_TEST_POSTGRES=1)")
    facilitator = facilitator_of(trio.organisation)
    rate_card(trio)
    line = line_of(activity(trio).attendances.get())
    results = []

    def approve(actor):
        from django.db import connection as thread_connection

        try:
            services.approve_claim(actor=actor, claim=PaymentLine.objects.get(pk=line.pk))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (facilitator, trio.owner)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
