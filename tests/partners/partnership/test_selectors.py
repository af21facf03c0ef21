"""Concentration figures on a known data set (tests/partnership/data.py), worked out by hand, and edge cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coqi.partners.selectors import partnership as selectors
from coqi.partners.selectors.partnership import (
    Concentration,
    herfindahl_index,
    organisation_concentration,
    partner_loads,
    project_concentration,
    top_three_share,
    twelve_months_before,
)
from tests.partners.partnership.data import activity, known_set, partner

pytestmark = pytest.mark.django_db


def test_known_set_figures_match_the_hand_calculation(trio):
    data = known_set(trio)
    figures = organisation_concentration(organisation=data.organisation, since=data.since)
    assert isinstance(figures, Concentration)
    assert figures.partner_count == 5
    assert figures.partner_hours == Decimal("40")
    assert figures.top_three_share == pytest.approx(0.8)
    assert figures.index == pytest.approx(0.32)
    assert figures.effective_partners == pytest.approx(3.125)
    assert figures.single_partner_projects == [data.call_bells]
    assert figures.busy_partners == [(data.ada, 4)]
    assert figures.alert is True
    assert len(figures.reasons) == 4
    assert "80%" in figures.alert_message and "3.1 people" in figures.alert_message
    assert "1 project rests on a single partner" in figures.alert_message


def test_default_window_is_the_last_twelve_months(trio):
    data = known_set(trio)
    assert organisation_concentration(organisation=data.organisation).partner_hours == Decimal("40")
    # Reaching back 500 days takes in Bea's old 8-hour workshop: 48 hours, Bea 16.
    longer = organisation_concentration(organisation=data.organisation, since=date.today() - timedelta(days=500))
    assert longer.partner_hours == Decimal("48")
    assert longer.index == pytest.approx((20 / 48) ** 2 + (16 / 48) ** 2 + 3 * (4 / 48) ** 2)


def test_twelve_months_before_a_leap_day():
    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert twelve_months_before(date(2026, 11, 25)) == date(2025, 11, 25)


def test_staff_hours_and_other_organisations_do_not_count(trio):
    data = known_set(trio)
    stranger = partner(trio.other_organisation, "Stranger")
    activity(actor=trio.outsider, organisation=trio.other_organisation, days_ago=5, hours="10", attendees=[stranger])
    figures = organisation_concentration(organisation=data.organisation, since=data.since)
    assert figures.partner_hours == Decimal("40")
    other = organisation_concentration(organisation=trio.other_organisation, since=data.since)
    assert other.partner_hours == Decimal("10") and other.partner_count == 1


def test_project_figures(trio):
    data = known_set(trio)
    falls = project_concentration(project=data.falls, since=data.since)
    # Ada 8, Bea 8, Cal 4 of 20: HHI 0.16 + 0.16 + 0.04 = 0.36.
    assert falls.partner_hours == Decimal("20") and falls.partner_count == 3
    assert falls.top_three_share == pytest.approx(1.0)
    assert falls.index == pytest.approx(0.36)
    assert falls.single_partner_projects == []
    assert falls.busy_partners == [(data.ada, 4)]
    assert falls.alert and "on more than 3 projects" in falls.alert_message

    bells = project_concentration(project=data.call_bells, since=data.since)
    assert bells.partner_count == 1 and bells.index == pytest.approx(1.0)
    assert bells.single_partner_projects == [data.call_bells]
    assert "All of its partner hours came from one partner" in bells.alert_message


def test_project_where_one_partner_dominates(trio):
    data = known_set(trio)
    activity(
        actor=data.staff, organisation=data.organisation, project=data.food, days_ago=3, hours="9", attendees=[data.eli]
    )
    activity(
        actor=data.staff, organisation=data.organisation, project=data.food, days_ago=2, hours="1", attendees=[data.dee]
    )
    food = project_concentration(project=data.food, since=data.since)
    # 0.9² + 0.1² = 0.82; 1/0.82 ≈ 1.22 people, under the project threshold of 2.
    assert food.index == pytest.approx(0.82)
    assert food.effective_partners == pytest.approx(1 / 0.82)
    assert any("One partner gave most" in reason for reason in food.reasons)


def test_no_partners_no_alert_and_no_figures(trio):
    figures = organisation_concentration(organisation=trio.organisation)
    assert figures.partner_count == 0 and figures.partner_hours == 0
    assert figures.top_three_share is None and figures.index is None and figures.effective_partners is None
    assert figures.alert is False and "nothing to measure yet" in figures.alert_message
    assert partner_loads(organisation=trio.organisation) == []


def test_one_partner_is_the_most_concentrated(trio):
    activity(actor=trio.member, organisation=trio.organisation, days_ago=1, hours="3", attendees=[trio.partner])
    figures = organisation_concentration(organisation=trio.organisation)
    assert figures.partner_count == 1
    assert figures.top_three_share == 1.0 and figures.index == 1.0 and figures.effective_partners == 1.0
    assert figures.alert


def test_four_equal_partners_tie_and_only_the_top_three_rule_fires(trio):
    people = [partner(trio.organisation, f"Equal {n}") for n in range(4)]
    activity(actor=trio.member, organisation=trio.organisation, days_ago=1, hours="5", attendees=people)
    figures = organisation_concentration(organisation=trio.organisation)
    assert figures.top_three_share == pytest.approx(0.75)
    assert figures.index == pytest.approx(0.25) and figures.effective_partners == pytest.approx(4.0)
    assert figures.alert and len(figures.reasons) == 1 and "75%" in figures.reasons[0]


def test_hours_shared_widely_raise_no_alert(trio):
    people = [partner(trio.organisation, f"Many {n}") for n in range(10)]
    activity(actor=trio.member, organisation=trio.organisation, days_ago=1, hours="2", attendees=people)
    figures = organisation_concentration(organisation=trio.organisation)
    assert figures.top_three_share == pytest.approx(0.3) and figures.effective_partners == pytest.approx(10)
    assert figures.alert is False and figures.reasons == ()
    assert "shared across enough people" in figures.alert_message


@pytest.mark.parametrize(
    ("hours", "top3", "hhi"),
    [
        ({1: Decimal("1")}, 1.0, 1.0),
        ({1: Decimal("3"), 2: Decimal("1")}, 1.0, 0.625),
        ({1: Decimal("2"), 2: Decimal("2"), 3: Decimal("2"), 4: Decimal("2"), 5: Decimal("2")}, 0.6, 0.2),
        ({1: Decimal("0")}, None, None),
        ({}, None, None),
    ],
)
def test_the_arithmetic(hours, top3, hhi):
    assert top_three_share(hours) == (pytest.approx(top3) if top3 is not None else None)
    assert herfindahl_index(hours) == (pytest.approx(hhi) if hhi is not None else None)


def test_thresholds_are_the_documented_ones():
    assert selectors.TOP_THREE_SHARE_LIMIT == 0.6
    assert selectors.MIN_EFFECTIVE_PARTNERS == 4
    assert selectors.BUSY_PARTNER_PROJECTS == 3


def test_exactly_sixty_percent_does_not_alert(trio):
    # Five equal partners: top three hold exactly 60% and effective partners are 5 — on the line, not over it.
    people = [partner(trio.organisation, f"Five {n}") for n in range(5)]
    activity(actor=trio.member, organisation=trio.organisation, days_ago=1, hours="2", attendees=people)
    figures = organisation_concentration(organisation=trio.organisation)
    assert figures.top_three_share == pytest.approx(0.6)
    assert figures.alert is False


def test_partner_loads(trio):
    data = known_set(trio)
    loads = partner_loads(organisation=data.organisation, since=data.since)
    assert [(load.person, load.hours, load.project_count) for load in loads] == [
        (data.ada, Decimal("20"), 4),
        (data.bea, Decimal("8"), 1),
        (data.cal, Decimal("4"), 1),
        (data.dee, Decimal("4"), 0),
        (data.eli, Decimal("4"), 0),
    ]
    assert loads[0].share == pytest.approx(0.5) and loads[0].is_busy and not loads[1].is_busy


def test_query_counts_do_not_grow_with_the_data(trio, django_assert_max_num_queries):
    data = known_set(trio)
    with django_assert_max_num_queries(4):
        organisation_concentration(organisation=data.organisation)
    with django_assert_max_num_queries(4):
        project_concentration(project=data.falls)
    with django_assert_max_num_queries(3):
        partner_loads(organisation=data.organisation)
