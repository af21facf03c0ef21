"""Payments pages: a partner's own claims, the expense form with a receipt, approval, receipts kept private, API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coqi.payments import services
from coqi.payments.models import ClaimStatus, ExpenseCategory, ExpenseClaim, PaymentLine
from tests.payments.helpers import PDF, activity, facilitator_of, line_of, rate_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(trio):
    # Recorded before the rates were set, so no payment line was made automatically: there is one to claim.
    forum = activity(trio, hours="2")
    rate_card(trio)
    return {"forum": forum, "facilitator": facilitator_of(trio.organisation)}


def url(trio, path=""):
    return f"/o/{trio.organisation.slug}/payments/{path}"


def test_partner_claims_payment_from_their_page(trio, setup, client_for):
    client = client_for(trio.partner)
    page = client.get(url(trio, "mine/"))
    assert page.status_code == 200
    assert "Partners&#39; forum" in page.content.decode() and "Claim payment" in page.content.decode()
    attendance = setup["forum"].attendances.get()
    response = client.post(url(trio, f"mine/attendances/{attendance.pk}/claim/"), follow=True)
    assert "Payment claimed for Partners" in response.content.decode()
    assert "£50.00" in response.content.decode() and "Waiting for approval" in response.content.decode()
    # Someone else's attendance is not theirs to claim.
    other = activity(trio, attendees=[trio.member], title="Staff")
    assert client.post(url(trio, f"mine/attendances/{other.attendances.get().pk}/claim/")).status_code == 404


def test_expense_form_with_receipt_and_errors(trio, setup, client_for):
    client = client_for(trio.partner)
    forum = setup["forum"]
    assert client.get(url(trio, "mine/expenses/new/")).status_code == 200
    bad = client.post(
        url(trio, "mine/expenses/new/"),
        {
            "activity": forum.pk,
            "category": "travel",
            "amount": "-3",
            "incurred_on": forum.held_on.isoformat(),
            "description": "Bus",
            "receipt": SimpleUploadedFile("r.pdf", b"GIF89a not allowed"),
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 200 and "There is a problem" in text
    assert "The amount must be more than £0" in text and "photo (JPG, PNG or WebP) or a PDF" in text
    assert ExpenseClaim.objects.count() == 0
    good = client.post(
        url(trio, "mine/expenses/new/"),
        {
            "activity": forum.pk,
            "category": "travel",
            "amount": "6.40",
            "incurred_on": forum.held_on.isoformat(),
            "description": "Bus",
            "receipt": SimpleUploadedFile("r.pdf", PDF),
        },
    )
    assert good.status_code == 302
    claim = ExpenseClaim.objects.get()
    assert (claim.amount_pence, claim.receipt_content_type) == (640, "application/pdf")


def test_facilitator_approves_admin_pays_and_receipts_stay_private(trio, setup, client_for):
    forum = setup["forum"]
    claim = services.submit_expense_claim(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        activity=forum,
        category=ExpenseCategory.TRAVEL,
        amount="6.40",
        incurred_on=forum.held_on,
        description="Bus",
        receipt=SimpleUploadedFile("r.pdf", PDF),
    )
    client = client_for(setup["facilitator"])
    assert "Waiting for approval" in client.get(url(trio)).content.decode()
    page = client.get(url(trio, f"expenses/{claim.pk}/"))
    assert "Approve" in page.content.decode()
    receipt = client.get(url(trio, f"expenses/{claim.pk}/receipt/"))
    assert receipt.status_code == 200 and b"".join(receipt.streaming_content) == PDF
    assert receipt["Content-Type"] == "application/pdf" and "attachment" in receipt["Content-Disposition"]
    empty_reason = client.post(url(trio, f"expenses/{claim.pk}/"), {"action": "reject", "reason": ""})
    assert "There is a problem" in empty_reason.content.decode()
    assert client.post(url(trio, f"expenses/{claim.pk}/"), {"action": "approve"}).status_code == 302
    # A facilitator cannot mark it paid; finance (an admin) can.
    assert client.post(url(trio, f"expenses/{claim.pk}/"), {"action": "pay"}).status_code == 403
    assert client_for(trio.owner).post(url(trio, f"expenses/{claim.pk}/"), {"action": "pay"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    # Staff who are not approvers see neither the claim nor its receipt; the claimant sees both.
    staff = client_for(trio.member)
    assert staff.get(url(trio, f"expenses/{claim.pk}/receipt/")).status_code == 404
    assert staff.get(url(trio, f"expenses/{claim.pk}/")).status_code == 404
    partner = client_for(trio.partner)
    assert partner.get(url(trio, f"expenses/{claim.pk}/receipt/")).status_code == 200
    assert "Paid" in partner.get(url(trio, "mine/")).content.decode()
    assert partner.post(url(trio, f"expenses/{claim.pk}/"), {"action": "approve"}).status_code == 404


def test_attendance_recorded_with_rates_in_force_shows_as_waiting_without_a_claim(trio, setup, client_for):
    activity(trio, title="Listening event", hours="5")
    text = client_for(trio.partner).get(url(trio, "mine/")).content.decode()
    assert "Listening event" in text and "£125.00" in text


def test_facilitator_is_told_which_attendance_has_no_rate(trio, setup, client_for):
    activity(trio, title="Long ago", held_on=date.today() - timedelta(days=800))
    text = client_for(setup["facilitator"]).get(url(trio)).content.decode()
    assert "Attendance with no payment" in text and "No rate card covers" in text


def test_rejecting_with_a_reason_from_the_page(trio, setup, client_for):
    line = services.claim_payment(actor=trio.partner, attendance=setup["forum"].attendances.get())
    client = client_for(setup["facilitator"])
    client.post(url(trio, f"lines/{line.pk}/"), {"action": "reject", "reason": "You left early"})
    line.refresh_from_db()
    assert (line.status, line.rejection_reason) == (ClaimStatus.REJECTED, "You left early")
    assert "Reason: You left early" in client_for(trio.partner).get(url(trio, "mine/")).content.decode()


def test_partners_cannot_reach_approval_pages(trio, setup, client_for):
    client = client_for(trio.partner)
    assert client.get(url(trio)).status_code == 403
    assert client.get(url(trio, "rates/")).status_code == 403


def test_rate_cards_page_adds_a_card_and_names_bad_input(trio, setup, client_for):
    client = client_for(setup["facilitator"])
    bad = client.post(
        url(trio, "rates/"), {"name": "New", "effective_from": date.today().isoformat(), "rate_co_design": "-1"}
    )
    assert "The amount must be more than £0" in bad.content.decode()
    good = client.post(
        url(trio, "rates/"),
        {"name": "New rates", "effective_from": date.today().isoformat(), "rate_co_design": "27.50"},
    )
    assert good.status_code == 302
    assert "£27.50 an hour" in client.get(url(trio, "rates/")).content.decode()


def test_facilitator_creates_lines_for_an_activity(trio, setup, client_for):
    client_for(setup["facilitator"]).post(url(trio, f"activities/{setup['forum'].pk}/lines/"))
    assert PaymentLine.objects.filter(person=trio.partner).count() == 1


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_query_counts_do_not_grow_with_claims(trio, setup, client_for):
    def claims(n, start):
        for i in range(n):
            forum = activity(trio, title=f"Forum {start + i}", held_on=date.today() - timedelta(days=start + i + 1))
            line = line_of(forum.attendances.get())
            services.submit_expense_claim(
                actor=trio.partner,
                organisation=trio.organisation,
                person=trio.partner,
                activity=forum,
                category=ExpenseCategory.TRAVEL,
                amount="1",
                incurred_on=forum.held_on,
                description="Bus",
            )
            if i % 2:
                services.approve_claim(actor=setup["facilitator"], claim=line)

    claims(2, 0)
    facilitator, partner = client_for(setup["facilitator"]), None
    few = (_queries(facilitator, url(trio)),)
    partner = client_for(trio.partner)
    few += (_queries(partner, url(trio, "mine/")),)
    claims(6, 10)
    many = (
        _queries(client_for(setup["facilitator"]), url(trio)),
        _queries(client_for(trio.partner), url(trio, "mine/")),
    )
    assert many == few
    assert max(many) <= 28  # the overview also explains attendance with no payment line (3 queries)


def test_api_claims_and_profiles(trio, setup, client, bearer):
    base = f"/api/v1/organisations/{trio.organisation.slug}"
    attendance = setup["forum"].attendances.get()
    created = client.post(
        f"{base}/claims/payment",
        {"attendance_id": attendance.pk},
        content_type="application/json",
        **bearer(trio.partner),
    )
    assert created.status_code == 201
    assert created.json()["amount_pence"] == 5000 and created.json()["amount"] == "50.00"
    again = client.post(
        f"{base}/claims/payment",
        {"attendance_id": attendance.pk},
        content_type="application/json",
        **bearer(trio.partner),
    )
    assert again.status_code == 422 and "already been claimed" in again.json()["detail"]
    mine = client.get(f"{base}/claims/mine", **bearer(trio.partner)).json()
    assert [c["status"] for c in mine] == ["submitted"]
    assert client.get(f"{base}/claims/waiting", **bearer(trio.partner)).status_code == 403
    assert len(client.get(f"{base}/claims/waiting", **bearer(setup["facilitator"])).json()) == 1
    assert client.get(f"{base}/claims/mine", **bearer(trio.outsider)).status_code == 404
    # Profiles moved to the partners API (ADR 0029); the old paths still lead there, with the same rules.
    assert client.get(f"{base}/profiles/mine", **bearer(trio.partner))["Location"] == f"{base}/people/me"
    mine = client.get(f"{base}/profiles/mine", follow=True, **bearer(trio.partner))
    assert mine.json()["declines_payment"] is False
    assert client.get(f"{base}/profiles", follow=True, **bearer(trio.partner)).status_code == 403
    assert client.get(f"{base}/profiles", follow=True, **bearer(trio.owner)).status_code == 200


def test_rate_cards_page_adds_a_daily_card(trio, setup, client_for):
    client = client_for(setup["facilitator"])
    missing = client.post(
        url(trio, "rates/"),
        {"name": "Daily", "effective_from": date.today().isoformat(), "basis": "daily", "half_co_design": "75"},
    )
    assert "Enter both a half-day and a full-day rate" in missing.content.decode()
    good = client.post(
        url(trio, "rates/"),
        {
            "name": "Daily",
            "effective_from": date.today().isoformat(),
            "basis": "daily",
            "half_co_design": "75",
            "full_co_design": "140",
        },
    )
    assert good.status_code == 302
    page = client.get(url(trio, "rates/")).content.decode()
    assert "£75.00 a half day, £140.00 a full day" in page and "up to 4 hours is paid as a half day" in page


def test_declining_payment_says_what_happens_to_claims_already_waiting(trio, client_for):
    from coqi.partners import services as partner_services

    rate_card(trio)
    forum = activity(trio)
    assert line_of(forum.attendances.get()).status == ClaimStatus.SUBMITTED
    partner_services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, declines_payment=True
    )
    page = client_for(trio.partner).get(f"/o/{trio.organisation.slug}/payments/mine/").content.decode()
    assert "You have 1 payment claim waiting. They will not be approved or paid while you do not want" in page
    assert "if you change your mind, they can be approved as before" in page
