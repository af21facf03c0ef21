"""The board report's figures: every section with data, every section empty, the period, and bounded queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coqi.reports import selectors, words
from coqi.reports.period import LONGEST_DAYS, PeriodError, default_period, parse_period
from tests.reports.helpers import MEASURE_NAME, TODAY, add_project, full_organisation

pytestmark = pytest.mark.django_db


def _report(trio, period=None):
    """The report as an admin reads it."""
    return selectors.board_report(
        organisation=trio.organisation, period=period or default_period(TODAY), today=TODAY, show_small_groups=True
    )


def test_every_section_with_data(trio):
    made = full_organisation(trio)
    report = _report(trio)

    stages = {row.value: [p.title for p in row.projects] for row in report.portfolio.stages}
    assert report.portfolio.total == 3
    assert stages["celebrate"] == ["Kinder outpatients"]
    assert sorted(stages["what_matters"]) == ["Clearer discharge letters", "Safer nights on Ward 7"]

    (measure,) = report.measures
    assert measure.title == MEASURE_NAME and measure.project_title == "Safer nights on Ward 7"
    assert measure.variation == "improvement_low"  # falls dropped: lower is better
    assert measure.variation_words.startswith("Special cause variation: improvement")
    assert measure.assurance in {"pass", "fail", "inconsistent"} and measure.assurance_words

    # Two of three projects had a partner at their first conversation.
    assert (report.early_involvement.projects_started, report.early_involvement.partners_from_first) == (3, 2)
    mix = report.activity_mix
    assert mix.activity_count == 4 and mix.rung_totals == {"co_design": 3, "engagement": 1}
    assert mix.with_partners == 3 and mix.partner_people == 1
    assert mix.partner_hours == Decimal("7") and mix.staff_hours == Decimal("6")

    assert report.payments.paid_pence == made["line"].amount_pence > 0
    assert (report.payments.approved_pence, report.payments.people) == (0, 1)

    concentration = report.concentration  # the partnership area's real figures: one partner gives every hour
    assert concentration.available and concentration.partner_count == 1 and concentration.top_three_share == 1.0
    assert concentration.alert and "rests on a few people" in concentration.alert_message

    assert report.experience.responses == 4 and report.experience.scored == 4 and report.experience.positive == 3
    assert report.experience.percent_positive == 75

    latest = report.assessment.latest
    assert latest.round.pk == made["round"].pk and latest.placement is not None
    assert all(theme.gap == -2 for theme in latest.themes)  # partners rate every theme 2 points lower

    assert [c.id for c in report.commitments.open] == [made["overdue"].pk, made["upcoming"].pk]
    assert [c.id for c in report.commitments.overdue] == [made["overdue"].pk]
    assert report.commitments.open[0].owner == "Olive Owner"

    assert [s.title for s in report.successes] == ["Kinder outpatients"]
    assert report.successes[0].what_changed == "Letters now arrive before the appointment."


def test_a_partners_commitment_does_not_name_them(trio):
    from tests.assessment.commitments.samples import sample_commitment

    sample_commitment(trio, owner=trio.partner)
    (row,) = _report(trio).commitments.open
    assert row.owner == "A lived experience partner"


def test_every_section_empty_says_so_plainly(trio):
    report = _report(trio)
    assert report.portfolio.total == 0 and report.measures == [] and report.successes == []
    assert report.activity_mix.activity_count == 0 and report.payments.items == 0
    assert report.experience.responses == 0 and report.experience.percent_positive is None
    assert report.assessment.latest is None and report.commitments.open == []
    assert words.early_involvement_sentence(report.early_involvement).startswith("No project has recorded")
    assert words.hours_sentence(report.activity_mix) == "No partner hours were recorded in this period."
    assert words.payments_sentence(report.payments).startswith("No involvement payments")
    assert words.commitments_sentence(report.commitments) == "No commitments have been made yet."
    assert "cannot be shown yet" in words.concentration_sentence(report.concentration) or (
        "No partner hours" in words.concentration_sentence(report.concentration)
    )


def test_the_period_limits_activities_payments_and_feedback(trio):
    full_organisation(trio)
    long_ago = parse_period(start="2020-01-01", end="2020-12-31", today=TODAY)
    report = _report(trio, long_ago)
    assert report.activity_mix.activity_count == 0 and report.payments.items == 0
    assert report.experience.responses == 0
    assert report.measures[0].latest_period is None  # no data up to the end of 2020
    assert report.portfolio.total == 3  # the portfolio is as it stands now


def test_unfinished_rounds_do_not_show(trio):
    from coqi.assessment.services import rounds as services
    from coqi.core.roles import Experience
    from tests.assessment.samples import all_ratings, sample_round

    round_ = sample_round(trio)
    services.save_response(
        actor=trio.partner, round=round_, experience=Experience.LIVED, ratings=all_ratings(3), submit=True
    )
    assert _report(trio).assessment.latest is None  # one respondent: showing it would identify them


def test_concentration_comes_from_the_partnership_figures_without_names(trio):
    """On the partnership area's hand-worked data set (tests/partnership/data.py); busy partners are only counted."""
    from tests.partners.partnership.data import known_set

    known = known_set(trio)
    c = _report(trio).concentration
    assert (c.available, c.partner_count, c.partner_hours) == (True, 5, Decimal("40"))
    assert c.top_three_share == pytest.approx(0.8) and c.index == pytest.approx(0.32)
    assert c.single_partner_projects == [known.call_bells.title]
    assert c.busy_partners == 1 and c.alert
    assert "The three busiest partners gave 80% of those hours" in words.concentration_sentence(c)
    rows = repr(words.concentration_rows(c))
    assert all(p.get_full_name() not in rows for p in (known.ada, known.bea, known.cal, known.dee, known.eli))


def test_money_paid_to_fewer_than_three_people_is_shown_only_to_those_who_approve_it(trio):
    made = full_organisation(trio)
    period = _report(trio).period
    shown = _report(trio).payments
    withheld = selectors.board_report(organisation=trio.organisation, period=period, today=TODAY).payments
    assert shown.paid_pence == made["line"].amount_pence and not shown.withheld
    assert (withheld.withheld, withheld.people, withheld.paid_pence, withheld.total_pence) == (True, 1, 0, 0)
    assert "shown only to facilitators and admins" in words.payments_sentence(withheld)


def test_queries_do_not_grow_with_projects_and_measures(trio, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    full_organisation(trio)
    add_project(trio, "Busy partner's fourth project", measures=1)  # so every conditional read happens already
    with CaptureQueriesContext(connection) as few:
        _report(trio)
    for number in range(4):
        add_project(trio, f"Extra project {number}", measures=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report = _report(trio)
    assert len(report.measures) == 10 and report.portfolio.total == 8
    assert len(few.captured_queries) <= 30


@pytest.mark.parametrize(
    "start,end,field,message",
    [
        ("2026-13-01", "", "from", "Enter the start date as a real date"),
        ("", "tomorrow", "to", "Enter the end date as a real date"),
        ("2026-05-01", "2026-04-01", "from", "The start date must be on or before the end date"),
        ("", (TODAY + timedelta(days=1)).isoformat(), "to", "The end date must be today or earlier"),
        ("2019-01-01", "", "from", "The period can be at most 3 years long"),
    ],
)
def test_bad_periods_are_named(start, end, field, message):
    with pytest.raises(PeriodError) as raised:
        parse_period(start=start, end=end, today=TODAY)
    assert raised.value.field == field and raised.value.message.startswith(message)


def test_default_period_is_the_last_12_months():
    period = parse_period(start="", end="", today=date(2026, 11, 25))
    assert (period.start, period.end) == (date(2025, 11, 26), date(2026, 11, 25))
    assert parse_period(start="", end="", today=date(2028, 2, 29)).start == date(2027, 3, 1)
    assert (date(2026, 11, 25) - date(2024, 1, 1)).days <= LONGEST_DAYS


def test_archived_measures_are_left_out(trio):
    from coqi.improvement.services import measures as measure_services

    project = add_project(trio, "Two measures", measures=2)
    first = project.measures.order_by("id").first()
    measure_services.set_archived(actor=trio.member, measure=first, archived=True, expected_version=first.version)
    assert [m.title for m in _report(trio).measures] == ["Two measures measure 1"]
