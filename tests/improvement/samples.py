"""Ids of one of each plan and measure record, inside the projects area's sample project, for the URL walk in
tests/core/test_tenancy.py (which runs tests/projects/samples.py first)."""

from datetime import date

from coqi.improvement.models import DriverNode
from coqi.improvement.services import measures as measure_services
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
    return {
        "project_id": project.pk,
        "node_id": driver.pk,
        "cycle_id": cycle.pk,
        "measure_id": measure.pk,
        "point_id": point.pk,
    }
