"""Payments API: attendance of an activity with payments, claims listed / made / decided per role, finance export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coqi.accounts import services as account_services
from coqi.partners import services as partner_services
from coqi.payments.models import ClaimStatus, PaymentLine
from tests.payments.helpers import activity, facilitator_of, rate_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def call(user, method, path, body=None, **params):
        _, secret = account_services.create_access_token(user=user, name="test")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        if method == "get":
            return client.get(path, params, **headers)
        return client.post(path, body or {}, content_type="application/json", **headers)

    return call


@pytest.fixture
def world(trio):
    rate_card(trio)
    forum = activity(trio, hours="2", attendees=[trio.partner, trio.member])
    return {
        "forum": forum,
        "facilitator": facilitator_of(trio.organisation),
        "base": f"/api/v1/organisations/{trio.organisation.slug}",
    }


def test_attendance_shows_payments_to_keepers_and_to_the_person_only(trio, world, api):
    path = f"{world['base']}/activities/{world['forum'].pk}/attendance"
    rows = {r["name"]: r for r in api(world["facilitator"], "get", path).json()}
    line = PaymentLine.objects.get()
    assert rows["Pat Partner"]["payment"] == {
        "claim_id": f"P{line.pk}",
        "status": "submitted",
        "amount_pence": 5000,
        "unit": "hour",
    }
    assert rows["Mo Member"]["payment"] is None  # staff are not paid for involvement
    as_member = {r["name"]: r for r in api(trio.member, "get", path).json()}
    assert as_member["Pat Partner"]["payment"] is None  # not theirs to see
    assert api(trio.partner, "get", path).json()[0]["payment"]["amount_pence"] == 5000
    assert api(trio.outsider, "get", path).status_code == 404
    # An activity of another organisation, reached through the outsider's own organisation: still 404.
    assert (
        api(
            trio.outsider, "get", f"/api/v1/organisations/elsewhere-test/activities/{world['forum'].pk}/attendance"
        ).status_code
        == 404
    )


def test_claims_listed_made_and_decided_per_role(trio, world, api):
    base = world["base"]
    made = api(
        trio.partner,
        "post",
        f"{base}/claims/expense",
        {
            "activity_id": world["forum"].pk,
            "category": "travel",
            "amount": "6.40",
            "incurred_on": world["forum"].held_on.isoformat(),
            "description": "Bus fare",
        },
    )
    assert made.status_code == 201 and made.json()["amount_pence"] == 640
    bad = api(
        trio.partner,
        "post",
        f"{base}/claims/expense",
        {
            "activity_id": world["forum"].pk,
            "category": "travel",
            "amount": "-1",
            "incurred_on": (date.today() + timedelta(days=3)).isoformat(),
            "description": "",
        },
    )
    assert bad.status_code == 422 and "more than £0" in bad.json()["detail"]
    assert api(trio.partner, "get", f"{base}/claims").status_code == 403
    waiting = api(world["facilitator"], "get", f"{base}/claims", status="submitted").json()
    assert sorted(c["kind"] for c in waiting) == ["expense", "payment"]
    assert api(world["facilitator"], "get", f"{base}/claims", status="lost").status_code == 422
    for claim in waiting:
        assert api(trio.partner, "post", f"{base}/claims/{claim['id']}/approve").status_code == 403
        approved = api(world["facilitator"], "post", f"{base}/claims/{claim['id']}/approve")
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
        again = api(trio.owner, "post", f"{base}/claims/{claim['id']}/approve")
        assert again.status_code == 422 and "already been decided" in again.json()["detail"]
        assert api(world["facilitator"], "post", f"{base}/claims/{claim['id']}/paid").status_code == 403
        assert api(trio.owner, "post", f"{base}/claims/{claim['id']}/paid").json()["status"] == "paid"
    assert api(trio.owner, "post", f"{base}/claims/P999999/approve").status_code == 404
    assert api(trio.owner, "post", f"{base}/claims/nonsense/approve").status_code == 404
    assert api(trio.outsider, "post", f"{base}/claims/{waiting[0]['id']}/approve").status_code == 404


def test_reject_needs_a_reason(trio, world, api):
    line = PaymentLine.objects.get()
    path = f"{world['base']}/claims/P{line.pk}/reject"
    assert api(world["facilitator"], "post", path, {"reason": " "}).status_code == 422
    done = api(world["facilitator"], "post", path, {"reason": "You left early"})
    assert done.json()["status"] == "rejected" and done.json()["rejection_reason"] == "You left early"


def test_declined_payment_cannot_be_approved_through_the_api(trio, world, api):
    line = PaymentLine.objects.get()
    partner_services.save_profile(
        actor=trio.partner, organisation=trio.organisation, person=trio.partner, declines_payment=True
    )
    refused = api(world["facilitator"], "post", f"{world['base']}/claims/P{line.pk}/approve")
    assert refused.status_code == 422 and "do not want to be paid" in refused.json()["detail"]


def test_finance_export_has_the_right_totals_for_admins_only(trio, world, api):
    from coqi.core.formatting import financial_year
    from coqi.payments import services

    line = PaymentLine.objects.get()
    services.approve_claim(actor=world["facilitator"], claim=line)
    second = activity(trio, title="Second", hours="1.5")
    services.approve_claim(actor=world["facilitator"], claim=PaymentLine.objects.get(activity=second))
    services.mark_paid(actor=trio.owner, claim=line)
    path = f"{world['base']}/finance-export"
    assert api(world["facilitator"], "get", path).status_code == 403
    year = financial_year(world["forum"].held_on)
    data = api(trio.owner, "get", path, year=year).json()
    assert data["year"] == year and data["total_pence"] == 5000 + 3750
    assert [t["total_pence"] for t in data["totals"]] == [8750]
    assert data["totals"][0]["paid_pence"] == 5000
    assert {r["status"] for r in data["rows"]} == {ClaimStatus.PAID, ClaimStatus.APPROVED}
    assert api(trio.owner, "get", path, year=1999).status_code == 422
