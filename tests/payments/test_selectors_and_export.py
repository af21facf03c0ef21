"""Totals per person per financial year on known data, the finance CSV, and declined payment in both."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from coqi.partners import services as partner_services
from coqi.payments import selectors, services
from coqi.payments.models import ExpenseCategory
from coqi.projects.choices import Rung
from tests.payments.helpers import activity, facilitator_of, line_of, rate_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(trio):
    """Across the 2024/25 | 2025/26 boundary: rate £20 to 31 March 2025, £30 from 1 April 2025."""
    from tests.factories import MembershipFactory, UserFactory

    facilitator = facilitator_of(trio.organisation)
    ruth = UserFactory(email="ruth@example.com", display_name="Ruth Carer")
    MembershipFactory(organisation=trio.organisation, user=ruth, role="lived_experience_partner")
    rate_card(trio, effective_from=date(2024, 4, 1), rates={Rung.CO_DESIGN: "20.00"}, name="2024")
    rate_card(trio, effective_from=date(2025, 4, 1), rates={Rung.CO_DESIGN: "30.00"}, name="2025")
    march = activity(trio, held_on=date(2025, 3, 31), hours="2", attendees=[trio.partner, ruth], title="March")
    april = activity(trio, held_on=date(2025, 4, 1), hours="1.5", attendees=[trio.partner, ruth], title="April")
    lines = {}
    for a in (march, april):
        for person in (trio.partner, ruth):
            lines[(a.title, person.email)] = line_of(a.attendances.get(person=person))
    for line in lines.values():
        services.approve_claim(actor=facilitator, claim=line)
    services.mark_paid(actor=trio.owner, claim=lines[("March", trio.partner.email)])
    bus = services.submit_expense_claim(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        activity=april,
        category=ExpenseCategory.TRAVEL,
        amount="6.40",
        incurred_on=date(2025, 4, 1),
        description="=cmd|bus",
    )
    services.approve_claim(actor=facilitator, claim=bus)
    waiting = services.submit_expense_claim(
        actor=ruth,
        organisation=trio.organisation,
        person=ruth,
        activity=april,
        category=ExpenseCategory.CARE,
        amount="30",
        incurred_on=date(2025, 4, 1),
        description="Sitter",
    )
    return {"ruth": ruth, "facilitator": facilitator, "lines": lines, "waiting": waiting}


def test_totals_per_person_per_financial_year(trio, known):
    totals = {(t.email, t.year): t for t in selectors.totals_by_person_and_year(organisation=trio.organisation)}
    pat_24, pat_25 = totals[("partner@example.com", 2024)], totals[("partner@example.com", 2025)]
    assert (pat_24.payments_pence, pat_24.expenses_pence, pat_24.paid_pence) == (4000, 0, 4000)
    assert (pat_25.payments_pence, pat_25.expenses_pence, pat_25.total_pence, pat_25.owed_pence) == (
        4500,
        640,
        5140,
        5140,
    )
    ruth_25 = totals[("ruth@example.com", 2025)]
    assert (ruth_25.payments_pence, ruth_25.expenses_pence) == (4500, 0)  # the waiting care claim is not counted
    assert set(totals) == {
        ("partner@example.com", 2024),
        ("partner@example.com", 2025),
        ("ruth@example.com", 2024),
        ("ruth@example.com", 2025),
    }


def test_declining_after_approval_takes_unpaid_lines_out_of_totals_and_export(trio, known):
    partner_services.save_profile(
        actor=known["ruth"], organisation=trio.organisation, person=known["ruth"], declines_payment=True
    )
    totals = {(t.email, t.year) for t in selectors.totals_by_person_and_year(organisation=trio.organisation)}
    assert ("ruth@example.com", 2025) not in totals
    lines, _ = selectors.claims_to_pay(organisation=trio.organisation)
    assert all(line.person_id != known["ruth"].pk for line in lines)
    rows = selectors.export_rows(organisation=trio.organisation, year=2025)
    assert all(row["item"].person_id != known["ruth"].pk for row in rows)


def test_finance_csv_for_a_year(trio, known, client_for):
    response = client_for(trio.owner).get(f"/o/{trio.organisation.slug}/payments/export.csv?year=2025")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "riverside-test-payments-2025-26.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Name", "E-mail", "Type", "Activity"]
    body = rows[1:]
    assert [(r[1], r[2], r[6], r[7]) for r in body] == [
        ("partner@example.com", "Expenses: Travel", "6.40", "Approved, waiting to be paid"),
        ("partner@example.com", "Involvement payment", "45.00", "Approved, waiting to be paid"),
        ("ruth@example.com", "Involvement payment", "45.00", "Approved, waiting to be paid"),
    ]
    assert body[0][5] == "'=cmd|bus"  # a formula is kept as text
    assert sum(int(r[6].replace(".", "")) for r in body) == 9640


def test_csv_is_for_admins_only(trio, known, client_for):
    assert client_for(known["facilitator"]).get(f"/o/{trio.organisation.slug}/payments/export.csv").status_code == 403
    assert client_for(trio.partner).get(f"/o/{trio.organisation.slug}/payments/export.csv").status_code == 403


def test_my_claims_selector_query_count(trio, known, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        mine = selectors.my_claims(organisation=trio.organisation, person=trio.partner)
    assert len(mine.lines) == 2 and len(mine.expenses) == 1 and mine.claimable == []
