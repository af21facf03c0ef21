"""Ids of one of each plan and measure record, inside the projects area's sample project, for the URL walk in
tests/core/test_tenancy.py (which runs tests/projects/samples.py first)."""

from datetime import date

from coqi.improvement.models import DriverNode
from coqi.improvement.services import measures as measure_services
from coqi.improvement.services import phases as phase_services
from coqi.improvement.services import plans as improvement_services


def sample_ids(trio) -> dict[str, int]:
    project = trio.organisation.projects.order_by("-pk").first()
    if project is None:  # run on its own: make a project the same way the projects area does
        from tests.projects.samples import sample_project

        project = sample_project(trio)["project"]
    actor = trio.member
    driver = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.PRIMARY, text="Sample driver"
    )
    idea = improvement_services.add_driver_node(
        actor=actor, project=project, kind=DriverNode.Kind.CHANGE_IDEA, text="Sample idea", parent=driver
    )
    cycle = improvement_services.plan_pdsa_cycle(
        actor=actor,
        project=project,
        change_idea=idea,
        title="Sample cycle",
        plan="Plan",
        prediction="Prediction",
        started_on=date(2024, 3, 1),
    )
    measure = measure_services.create_measure(
        actor=actor,
        project=project,
        name="Sample measure",
        kind="outcome",
        definition="d",
        unit="u",
        improvement_direction="decrease",
    )
    point = measure_services.record_data_point(actor=actor, measure=measure, period=date(2024, 1, 1), value=3)
    for month in (2, 3):
        measure_services.record_data_point(actor=actor, measure=measure, period=date(2024, month, 1), value=month)
    phase = phase_services.start_phase(
        actor=actor,
        measure=measure,
        starts_on=date(2024, 2, 1),
        baseline_points=None,
        reason="Sample reason",
        evidence="Sample evidence",
        method="consensus",
        rung="co_production",
        decided_on=date(2024, 2, 1),
    )
    exclusion = phase_services.exclude_period(actor=actor, measure=measure, period=date(2024, 3, 1), reason="Audit")
    note = phase_services.add_note(actor=actor, measure=measure, period=date(2024, 1, 1), text="Sample note")
    return {
        "phase_id": phase.pk,
        "exclusion_id": exclusion.pk,
        "note_id": note.pk,
        "project_id": project.pk,
        "node_id": driver.pk,
        "cycle_id": cycle.pk,
        "measure_id": measure.pk,
        "point_id": point.pk,
    }
