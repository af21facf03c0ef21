"""Demo plans and measures for the demo projects: an aim, a driver diagram, PDSA cycles and 26 months of data per
measure, with a real shift after the first tested change (so every chart has a special-cause signal).

Idempotent: a project that already has a plan or measures is left alone. `load_improvement_demo()` is called
after the projects demo; each project gets the scenario its title matches (falls, discharge letters, waiting
times), or a general one. Invented data: no real patients or services.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from django.db import transaction

from coqi.core.tabular import Row
from coqi.improvement.demo_scenarios import CHANGE_MONTH, GENERAL, MONTHS, SCENARIOS, DemoMeasure, Scenario
from coqi.improvement.models import DriverNode
from coqi.improvement.services import measures as services
from coqi.improvement.services import plans as improvement_services


def _months(start: date, n: int) -> list[date]:
    return [date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def _series(rng, before: float, after: float, spread: float, n: int) -> list[float]:
    return [round(max(0.0, rng.normal(before if i < CHANGE_MONTH else after, spread)), 1) for i in range(n)]


def _scenario_for(project) -> Scenario:
    text = f"{project.title} {project.description}".lower()
    return next((s for s in SCENARIOS if any(k in text for k in s.keywords)), GENERAL)


def _measure_rows(rng, measure: DemoMeasure, months: list[date]) -> list[dict]:
    if measure.groups:
        return [
            {"period": m, "value": v, "group": group}
            for group, (before, after) in measure.groups.items()
            for m, v in zip(months, _series(rng, before, after, measure.spread, len(months)))
        ]
    if measure.denominator:
        low, high = measure.denominator
        rows = []
        for m, rate in zip(months, _series(rng, measure.before, measure.after, measure.spread, len(months))):
            n = int(rng.integers(low, high + 1))
            rows.append({"period": m, "value": min(n, round(rate * n)), "denominator": n})
        return rows
    values = _series(rng, measure.before, measure.after, measure.spread, len(months))
    if measure.chart_type == "c":  # counts are whole numbers
        values = [float(round(v)) for v in values]
    return [{"period": m, "value": v} for m, v in zip(months, values)]


@transaction.atomic
def _fill_project(project, scenario: Scenario, rng, months: list[date]) -> None:
    actor = project.created_by
    improvement_services.set_aim(
        actor=actor,
        project=project,
        what=scenario.what,
        for_whom=scenario.for_whom,
        how_much=scenario.how_much,
        by_when=months[-1] + timedelta(days=365),
    )
    ideas = []
    for primary_text, secondaries in scenario.drivers:
        primary = improvement_services.add_driver_node(
            actor=actor, project=project, kind=DriverNode.Kind.PRIMARY, text=primary_text
        )
        for secondary_text, idea_texts in secondaries:
            secondary = improvement_services.add_driver_node(
                actor=actor, project=project, kind=DriverNode.Kind.SECONDARY, text=secondary_text, parent=primary
            )
            for idea_text in idea_texts:
                ideas.append(
                    improvement_services.add_driver_node(
                        actor=actor, project=project, kind=DriverNode.Kind.CHANGE_IDEA, text=idea_text, parent=secondary
                    )
                )
    team = list(project.members.all()[:4])
    for number, (title, plan, prediction, study, act) in enumerate(scenario.cycles):
        started = months[CHANGE_MONTH + 3 * number] + timedelta(days=5)
        cycle = improvement_services.plan_pdsa_cycle(
            actor=actor,
            project=project,
            title=title,
            plan=plan,
            change_idea=ideas[scenario.cycle_ideas[number] if number < len(scenario.cycle_ideas) else -1],
            prediction=prediction,
            started_on=started,
            participants=team,
        )
        if study:
            improvement_services.update_pdsa_cycle(
                actor=actor,
                cycle=cycle,
                expected_version=cycle.version,
                do_notes="Done as planned.",
                study_notes=study,
                act=act,
                ended_on=started + timedelta(days=14),
            )
    for demo in scenario.measures:
        measure = services.create_measure(
            actor=actor,
            project=project,
            name=demo.name,
            kind=demo.kind,
            definition=demo.definition,
            unit=demo.unit,
            improvement_direction=demo.direction,
            chart_type=demo.chart_type,
            multiply=demo.multiply,
            target=demo.target,
            population_group=demo.population_group,
        )
        rows = _measure_rows(rng, demo, months)
        services.import_data(
            actor=actor, measure=measure, rows=[Row(i, r) for i, r in enumerate(rows, 1)], header=None, source="demo"
        )


def load_improvement_demo(projects=None, *, today: date | None = None) -> int:
    """A plan and measures for each demo project that has none yet; returns how many projects were filled in."""
    from coqi.projects.models import Project

    today = today or date.today()
    last_month = _months(date(today.year, today.month, 1), 1)[0]
    first = date(last_month.year - (MONTHS // 12), last_month.month, 1)
    months = [m for m in _months(first, MONTHS + 12) if m < last_month][-MONTHS:]
    if projects is None:
        projects = Project.objects.filter(organisation__system__slug="example-ics").order_by("pk")
    filled = 0
    for index, project in enumerate(projects):
        if project.measures.exists() or project.driver_nodes.exists() or project.pdsa_cycles.exists():
            continue
        _fill_project(project, _scenario_for(project), np.random.default_rng(2024 + index), months)
        filled += 1
    return filled
