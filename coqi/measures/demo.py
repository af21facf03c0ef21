"""Demo plans and measures for the demo projects: an aim, a driver diagram, PDSA cycles and 26 months of data per
measure with a real shift (a special-cause signal) after the first tested change. Idempotent: a project that
already has measures is left alone. Call `load_improvement_demo()` after the projects demo."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.db import transaction

from coqi.improvement import services as improvement_services
from coqi.improvement.models import DriverNode
from coqi.measures import services
from coqi.measures.data import RawRow

MONTHS = 26


def _months(start: date, n: int) -> list[date]:
    return [date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def _series(rng, before: float, after: float, spread: float, change_at: int, n: int) -> list[float]:
    return [round(max(0.0, rng.normal(before if i < change_at else after, spread)), 1) for i in range(n)]


@transaction.atomic
def _plan_project(project, actor, rng, start: date) -> None:
    title = project.title
    improvement_services.set_aim(
        actor=actor, project=project, what=f"Better results for “{title}”", for_whom="the people this service is for",
        how_much="by a third", by_when=start + timedelta(days=900),
    )
    primary = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.PRIMARY, text="People know what will happen and when")
    secondary = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.SECONDARY, text="Clear, shared information", parent=primary)
    idea = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.CHANGE_IDEA,
        text="Co-written information sheet, tested with partners", parent=secondary)
    second_primary = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.PRIMARY, text="Staff have time to listen")
    improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.CHANGE_IDEA, text="Protected ten minutes at handover",
        parent=second_primary)
    team = list(project.members.all()[:3])
    change_month = 14
    months = _months(start, MONTHS)
    first = improvement_services.plan_pdsa_cycle(
        actor=actor, project=project, change_idea=idea, title="First draft with two partners",
        plan="Partners and staff write the sheet together and try it for two weeks.",
        prediction="People will ask fewer repeat questions.", started_on=months[change_month] + timedelta(days=4),
        participants=team,
    )
    improvement_services.update_pdsa_cycle(
        actor=actor, cycle=first, expected_version=first.version, do_notes="Used with 30 people.",
        study_notes="Fewer repeat questions, as predicted; carers wanted a phone number added.", act="adapt",
        ended_on=months[change_month] + timedelta(days=20),
    )
    improvement_services.plan_pdsa_cycle(
        actor=actor, project=project, change_idea=idea, title="Sheet with the phone number, every bed",
        plan="Use the adapted sheet everywhere for a month.", prediction="The change holds across the service.",
        started_on=months[change_month + 3] + timedelta(days=2), participants=team,
    )
    outcome = services.create_measure(
        actor=actor, project=project, name="People who said they knew what would happen next", kind="experience",
        definition="Share of survey answers 'yes, definitely' each month.", unit="%",
        improvement_direction="increase", chart_type="p", multiply=100, target=75,
    )
    denominators = [int(rng.integers(60, 90)) for _ in months]
    rates = _series(rng, 0.55, 0.8, 0.05, change_month, MONTHS)
    _import(actor, outcome, [
        {"period": m, "value": min(d, round(r * d)), "denominator": d} for m, r, d in zip(months, rates, denominators)])
    process = services.create_measure(
        actor=actor, project=project, name="Repeat questions to staff", kind="process",
        definition="Repeat questions logged at the ward desk each month.", unit="questions",
        improvement_direction="decrease", chart_type="xmr", target=20,
    )
    _import(actor, process, [{"period": m, "value": v}
                             for m, v in zip(months, _series(rng, 34, 22, 3, change_month, MONTHS))])
    balancing = services.create_measure(
        actor=actor, project=project, name="Handover length", kind="balancing",
        definition="Median minutes of the morning handover.", unit="minutes", improvement_direction="neutral",
        chart_type="xmr",
    )
    _import(actor, balancing, [{"period": m, "value": v}
                               for m, v in zip(months, _series(rng, 25, 26, 2, change_month, MONTHS))])
    by_group = services.create_measure(
        actor=actor, project=project, name="Repeat questions by deprivation quintile", kind="process",
        definition="As 'Repeat questions', split by the person's deprivation quintile.", unit="questions",
        improvement_direction="decrease", chart_type="xmr", population_group="Deprivation quintile",
    )
    rows = []
    for quintile, (before, after) in {"Quintile 1 (most deprived)": (12, 9), "Quintile 5 (least deprived)": (6, 3)}.items():
        rows += [{"period": m, "value": v, "group": quintile}
                 for m, v in zip(months, _series(rng, before, after, 1.2, change_month, MONTHS))]
    _import(actor, by_group, rows)


def _import(actor, measure, rows) -> None:
    services.import_data(actor=actor, measure=measure, rows=[RawRow(i, r) for i, r in enumerate(rows, 1)],
                         header=None, source="demo")


def load_improvement_demo(projects=None, *, today: date | None = None) -> int:
    """Plans and measures for each demo project that has none yet; returns how many projects were filled in."""
    from coqi.projects.models import Project

    today = today or date.today()
    start = _months(date(today.year - 3, today.month, 1), 1)[0]
    start = _months(start, 10)[-1]  # 26 months ending last month
    projects = projects if projects is not None else Project.objects.filter(organisation__system__slug="example-ics")
    filled = 0
    for index, project in enumerate(projects):
        if project.measures.exists() or project.driver_nodes.exists() or project.pdsa_cycles.exists():
            continue
        actor = project.created_by
        _plan_project(project, actor, np.random.default_rng(2024 + index), start)
        filled += 1
    return filled
