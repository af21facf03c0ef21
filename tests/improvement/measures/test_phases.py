"""Phases, left-out periods and notes: the team's decisions redraw the limits, the page suggests a phase when a
sustained shift appears, every write is audited, and bad input is refused by field with nothing saved."""

from datetime import date

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from coqi.core.models import AuditEvent
from coqi.improvement import phased
from coqi.improvement.models import Measure
from coqi.improvement.selectors import measures as selectors
from coqi.improvement.services import measures as services
from coqi.improvement.services import phases as phase_services
from coqi.projects.models import Decision
from coqi.spc import qic, xmr
from tests.improvement.measures.test_pages import SHIFTED, monthly_csv

pytestmark = pytest.mark.django_db

STEP = [20, 22, 19, 21, 23, 20, 22, 21, 19, 22, 20, 21, 12, 11, 13, 12, 10, 12, 11, 13, 12, 11, 12, 10]


def month(i):
    return date(2023 + i // 12, i % 12 + 1, 1)


def make_measure(setup, trio, values=STEP, chart_type=Measure.ChartType.XMR, **extra):
    measure = services.create_measure(
        actor=trio.member,
        project=setup.project,
        name="Waits over 4 hours",
        kind=Measure.Kind.OUTCOME,
        definition="People waiting more than 4 hours, each month.",
        unit="people",
        improvement_direction=Measure.Direction.DECREASE,
        chart_type=chart_type,
        **extra,
    )
    services.import_upload(actor=trio.member, measure=measure, file_name="w.csv", content=monthly_csv(values))
    return measure


JANUARY_2024 = date(2024, 1, 1)


def start(trio, measure, starts_on=JANUARY_2024, **extra):
    fields = {
        "baseline_points": None,
        "reason": "The see-and-treat stream began",
        "evidence": "PDSA 3 and the March audit",
        "method": "consensus",
        "rung": "co_production",
        "decided_on": date(2024, 2, 1),
    } | extra
    return phase_services.start_phase(actor=trio.member, measure=measure, starts_on=starts_on, **fields)


def test_a_step_change_is_suggested_as_a_new_phase_and_says_why(setup, trio):
    measure = make_measure(setup, trio)
    (chart,) = selectors.measure_charts(measure=measure, draw=False)
    assert chart.signal_count == 24  # one set of limits over a step change: everything signals
    assert chart.suggestion is not None and chart.suggestion.starts_on == month(12)
    assert "12 points in a row from January 2024 are below the centre line" in chart.suggestion.reason


def test_starting_the_phase_logs_the_decision_and_gives_each_phase_its_own_limits(setup, trio):
    measure = make_measure(setup, trio)
    phase = start(trio, measure, present=[setup.facilitator, setup.partner], others_present="2 ward nurses")
    decision = Decision.objects.get(pk=phase.decision_id)
    assert decision.project == setup.project and "January 2024" in decision.question
    assert "The see-and-treat stream began" in decision.outcome and "PDSA 3" in decision.outcome
    assert set(decision.present.all()) == {setup.facilitator, setup.partner}
    (chart,) = selectors.measure_charts(measure=measure, draw=True)
    assert [p.number for p in chart.phases] == [1, 2] and chart.phases[1].decision_id == decision.pk
    assert chart.phases[0].centre == pytest.approx(sum(STEP[:12]) / 12)
    assert chart.phases[1].centre == pytest.approx(sum(STEP[12:]) / 12)
    assert chart.signal_count == 0 and chart.suggestion is None
    assert {row.phase for row in chart.rows[:12]} == {1} and {row.phase for row in chart.rows[12:]} == {2}
    assert "Phase 2" in chart.svg
    actions = list(AuditEvent.objects.filter(organisation=setup.project.organisation).values_list("action", flat=True))
    assert "measure.phase_started" in actions and "decision.logged" in actions


def test_phases_agree_with_the_engines_own_parts_and_rebase(setup, trio):
    frame = pd.DataFrame({"period": pd.to_datetime([month(i) for i in range(24)]), "value": STEP, "denominator": 1.0})
    for chart_type in (Measure.ChartType.XMR, Measure.ChartType.I, Measure.ChartType.C, Measure.ChartType.RUN):
        measure = Measure(chart_type=chart_type, improvement_direction="decrease", multiply=1)
        ours = phased.compute(measure, frame, phased.Reading(phases=(phased.PhaseStart(month(12)),)))
        if chart_type == Measure.ChartType.XMR:
            theirs = xmr(frame, value="value", date="period", improvement_direction="decrease", rebase=[month(12)])
            centre, lower = theirs.points["mean_col"], theirs.points["lpl"]
        else:
            theirs = qic(frame, x="period", y="value", chart=chart_type, part=[12])
            centre, lower = theirs.points["cl"], theirs.points.get("lcl", pd.Series([None] * 24))
        assert [r.centre for r in ours.rows] == pytest.approx(list(centre)), chart_type
        if chart_type != Measure.ChartType.RUN:
            assert [r.lower for r in ours.rows] == pytest.approx(list(lower)), chart_type


def test_a_frozen_baseline_keeps_the_limits_of_its_first_points(setup, trio):
    measure = make_measure(setup, trio, values=STEP[:12] + STEP[:6] + [30] * 6)
    start(trio, measure, starts_on=month(0), baseline_points=12)
    (chart,) = selectors.measure_charts(measure=measure, draw=False)
    assert chart.phases[0].baseline_points == 12
    assert chart.rows[-1].centre == pytest.approx(sum(STEP[:12]) / 12)  # the later 30s do not move it
    assert chart.rows[-1].signal.startswith("Above the upper process limit")


def test_a_left_out_period_keeps_its_place_but_not_its_weight(setup, trio):
    values = SHIFTED[:12] + [60] + SHIFTED[13:]
    measure = make_measure(setup, trio, values=values)
    phase_services.exclude_period(actor=trio.member, measure=measure, period=month(12), reason="Datix outage")
    (chart,) = selectors.measure_charts(measure=measure, draw=False)
    row = chart.rows[12]
    assert row.value == 60 and row.excluded == "Datix outage" and not row.signal
    kept = values[:12] + values[13:]
    assert chart.rows[0].centre == pytest.approx(sum(kept) / len(kept))
    for chart_type in (Measure.ChartType.C, Measure.ChartType.RUN):
        other = make_measure(setup, trio, values=values, chart_type=chart_type)
        phase_services.exclude_period(actor=trio.member, measure=other, period=month(12), reason="Datix outage")
        (chart,) = selectors.measure_charts(measure=other, draw=False)
        assert chart.rows[12].excluded and not chart.rows[12].signal


def test_notes_show_on_the_chart_and_in_the_table(setup, trio):
    measure = make_measure(setup, trio)
    phase_services.add_note(actor=trio.member, measure=measure, period=month(3), text="New triage nurse started")
    (chart,) = selectors.measure_charts(measure=measure)
    assert chart.rows[3].notes == ["New triage nurse started"]
    assert (month(3), "New triage nurse started") in chart.annotations
    assert ">1</text>" in chart.svg or ">1<" in chart.svg  # numbered on the picture, listed in words beside it


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_on": date(2030, 1, 1)}, "starts_on"),
        ({"reason": "  "}, "reason"),
        ({"baseline_points": 5}, "baseline_points"),
        ({"baseline_points": 40}, "baseline_points"),
        ({"method": "coin"}, "method"),
    ],
)
def test_bad_phases_are_refused_by_field_and_nothing_is_saved(setup, trio, change, field):
    measure = make_measure(setup, trio)
    with pytest.raises(ValidationError) as refused:
        start(trio, measure, **change)
    assert field in refused.value.message_dict
    assert not measure.phases.exists() and not Decision.objects.filter(project=setup.project).exists()


def test_bad_notes_and_exclusions_are_refused(setup, trio):
    measure = make_measure(setup, trio)
    for call, fields, field in [
        (phase_services.add_note, {"period": month(1), "text": ""}, "text"),
        (phase_services.add_note, {"period": month(1), "text": "x" * 121}, "text"),
        (phase_services.add_note, {"period": date(2031, 1, 1), "text": "x"}, "period"),
        (phase_services.exclude_period, {"period": month(1), "reason": ""}, "reason"),
    ]:
        with pytest.raises(ValidationError) as refused:
            call(actor=trio.member, measure=measure, **fields)
        assert field in refused.value.message_dict
    assert not measure.notes.exists() and not measure.excluded_periods.exists()


def test_the_phase_page_starts_a_phase_from_the_suggestion(setup, trio, client_for):
    measure = make_measure(setup, trio)
    base = f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/measures/{measure.pk}/"
    client = client_for(trio.member)
    page = client.get(base).content.decode()
    assert "A new phase may be due from January 2024" in page and "phases/new/?from=2024-01-01" in page
    form = client.get(base + "phases/new/?from=2024-01-01").content.decode()
    assert 'value="2024-01-01" selected' in form
    refused = client.post(base + "phases/new/", {"starts_on": "2024-01-01"})
    assert refused.status_code == 400 and "Say why the limits should be redrawn" in refused.content.decode()
    response = client.post(
        base + "phases/new/",
        {
            "starts_on": "2024-01-01",
            "reason": "See and treat began",
            "method": "consent",
            "rung": "co_design",
            "decided_on": "2024-02-01",
            "present": [setup.partner.pk],
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(project=setup.project)
    page = client.get(base).content.decode()
    assert f"/decisions/{decision.pk}/" in page and "Phase 2: Jan 2024 to Dec 2024" in page
    assert "A new phase may be due" not in page


def test_partners_without_edit_rights_cannot_start_phases(setup, trio, client_for):
    measure = make_measure(setup, trio)
    base = f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/measures/{measure.pk}/"
    assert client_for(trio.outsider).get(base + "phases/new/").status_code == 404


def test_a_project_with_phases_can_still_be_deleted_whole(setup, trio):
    measure = make_measure(setup, trio)
    start(trio, measure)
    setup.project.delete()
    assert not Measure.objects.filter(pk=measure.pk).exists() and not Decision.objects.exists()


@pytest.mark.parametrize("chart_type", [Measure.ChartType.G, Measure.ChartType.T])
def test_rare_event_charts_are_charted_on_the_site(setup, trio, chart_type):
    days_between = [30, 41, 25, 36, 44, 28, 33, 39, 31, 27, 35, 42, 90, 110, 85, 120, 95, 105, 130, 99]
    measure = make_measure(setup, trio, values=days_between, chart_type=chart_type)
    (chart,) = selectors.measure_charts(measure=measure)
    assert len(chart.rows) == 20 and chart.rows[0].centre is not None and chart.svg.startswith("<svg")
    assert chart.suggestion is not None and chart.suggestion.side == "above"
