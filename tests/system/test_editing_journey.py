"""Changing things rather than only adding them: a touchpoint (and the clash when someone else saved first), a
decision, a driver diagram item moved to another parent, a measure archived and brought back, a commitment
changed — each page axe-clean at desktop and 320 px."""

from playwright.sync_api import expect


def test_edit_move_archive_and_change(trio, signed_in, live_server, assert_accessible):
    from coqi.core.concurrency import UNCHECKED
    from coqi.improvement.models import DriverNode, Measure
    from coqi.improvement.services import measures as measure_services
    from coqi.improvement.services import plans as improvement_services
    from coqi.projects.services import evidence as services
    from tests.assessment.commitments.samples import sample_commitment
    from tests.projects.samples import sample_ids

    ids = sample_ids(trio)
    base = f"{live_server.url}/o/{trio.organisation.slug}/projects/{ids['project_id']}/"
    page = signed_in(trio.member)

    # A touchpoint: change it, then meet a clash from an out-of-date page.
    page.goto(base + "what-matters/")
    page.get_by_role("link", name="Change “Arriving”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a touchpoint")
    assert_accessible(page)
    touchpoint = trio.organisation.projects.get(pk=ids["project_id"]).touchpoints.get()
    services.update_touchpoint(
        actor=trio.owner,
        touchpoint=touchpoint,
        version=UNCHECKED,
        journey_point="Arriving late",
        emotion="anxious",
        position=1,
    )
    page.get_by_label("Point in the care journey").fill("Arriving at night")
    page.get_by_role("button", name="Save the touchpoint").click()
    expect(page.get_by_text("Someone else changed this touchpoint while you were editing it").first).to_be_visible()
    expect(page.get_by_label("Point in the care journey")).to_have_value("Arriving late")
    assert_accessible(page)
    page.get_by_label("Point in the care journey").fill("Arriving at night")
    page.get_by_role("button", name="Save the touchpoint").click()
    expect(page.get_by_text("Touchpoint saved")).to_be_visible()
    expect(page.get_by_text("1. Arriving at night")).to_be_visible()

    # A decision's record.
    page.goto(base + f"decisions/{ids['decision_id']}/")
    page.get_by_role("link", name="Change this record of the decision").click()
    assert_accessible(page)
    page.get_by_label("Anyone else in the room (optional)").fill("1 ward sister")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Decision saved")).to_be_visible()

    # A change idea moves to another primary driver.
    project = trio.organisation.projects.get(pk=ids["project_id"])
    people = improvement_services.add_driver_node(
        actor=trio.member, project=project, kind=DriverNode.Kind.PRIMARY, text="People"
    )
    improvement_services.add_driver_node(actor=trio.member, project=project, kind=DriverNode.Kind.PRIMARY, text="Place")
    improvement_services.add_driver_node(
        actor=trio.member, project=project, kind=DriverNode.Kind.CHANGE_IDEA, text="Night lights", parent=people
    )
    page.goto(base + "improvement/")
    page.get_by_role("link", name="Move elsewhere “Night lights”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move this change idea")
    assert_accessible(page)
    page.get_by_label("Primary driver: Place").check()
    page.get_by_role("button", name="Move it").click()
    expect(page.get_by_text("“Night lights” has been moved under “Place”")).to_be_visible()
    assert_accessible(page)

    # A measure archived, then brought back.
    measure = measure_services.create_measure(
        actor=trio.member,
        project=project,
        name="Falls",
        kind=Measure.Kind.OUTCOME,
        definition="Falls a month.",
        unit="falls",
        improvement_direction=Measure.Direction.DECREASE,
    )
    page.goto(base + f"measures/{measure.pk}/")
    page.get_by_role("button", name="Archive this measure").click()
    expect(page.get_by_text("has been archived")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "measures/")
    expect(page.get_by_role("heading", name="Archived measures")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Falls").click()
    page.get_by_role("button", name="Bring this measure back into use").click()
    expect(page.get_by_text("is back in use")).to_be_visible()

    # A commitment's owner changes its wording and status.
    commitment = sample_commitment(trio, owner=trio.member)
    page.goto(f"{live_server.url}/o/{trio.organisation.slug}/commitments/{commitment.pk}/")
    page.get_by_role("link", name="Change the wording, owner, level, review date or status").click()
    assert_accessible(page)
    page.get_by_label("What will be done").fill("Bring two partners to every quality committee.")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Commitment changed")).to_be_visible()
    expect(page.get_by_text("Bring two partners to every quality committee.")).to_be_visible()
    assert_accessible(page)
