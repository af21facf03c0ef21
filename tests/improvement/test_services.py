"""Model for Improvement services: aims, the driver diagram tree, PDSA cycles; audit and edit conflicts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coqi.core.concurrency import EditConflict
from coqi.core.models import AuditEvent
from coqi.improvement.models import Aim, DriverNode
from coqi.improvement.selectors import plans as selectors
from coqi.improvement.services import plans as services

pytestmark = pytest.mark.django_db
K = DriverNode.Kind


def aim_fields(**extra):
    return (
        dict(what="Fewer falls", for_whom="older people on Ward 7", how_much="a third", by_when=date(2026, 3, 31))
        | extra
    )


def test_aim_is_set_then_changed_with_a_version_check(setup, trio):
    aim = services.set_aim(actor=trio.member, project=setup.project, **aim_fields())
    assert aim.statement == "Fewer falls for older people on Ward 7 by a third by 31 March 2026"
    services.set_aim(
        actor=trio.partner, project=setup.project, expected_version=aim.version, **aim_fields(how_much="a half")
    )
    with pytest.raises(EditConflict):  # edited from the copy before the partner's change
        services.set_aim(actor=trio.member, project=setup.project, expected_version=1, **aim_fields(what="No falls"))
    with pytest.raises(EditConflict):  # "set" when someone else already set one
        services.set_aim(actor=trio.member, project=setup.project, **aim_fields())
    assert Aim.objects.get().how_much == "a half"
    assert list(
        AuditEvent.objects.filter(action__startswith="aim").values_list("action", flat=True).order_by("id")
    ) == ["aim.set", "aim.changed"]
    with pytest.raises(ValidationError) as error:
        services.set_aim(actor=trio.member, project=setup.project, expected_version=2, **aim_fields(what=" "))
    assert "what" in error.value.message_dict


def test_driver_tree_rules_order_and_moves(setup, trio):
    p = setup.project
    people = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="People")
    place = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="Place")
    checks = services.add_driver_node(actor=trio.member, project=p, kind=K.SECONDARY, text="Risk checks", parent=people)
    idea = services.add_driver_node(
        actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Check at handover", parent=checks
    )
    services.add_driver_node(actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Night lights", parent=place)
    for kind, parent in [(K.SECONDARY, None), (K.PRIMARY, people), (K.CHANGE_IDEA, idea), (K.SECONDARY, checks)]:
        with pytest.raises(ValidationError):
            services.add_driver_node(actor=trio.member, project=p, kind=kind, text="x", parent=parent)
    with pytest.raises(ValidationError):  # a parent from another project
        services.add_driver_node(
            actor=trio.member, project=setup.other_project, kind=K.SECONDARY, text="x", parent=people
        )
    tree = selectors.driver_tree(project=p)
    assert [i.node.text for i in tree] == ["People", "Place"]
    assert tree[0].children[0].children[0].node.text == "Check at handover"
    services.move_driver_node(actor=trio.member, node=place, direction="up")
    assert [i.node.text for i in selectors.driver_tree(project=p)] == ["Place", "People"]
    services.move_driver_node(actor=trio.member, node=place, direction="up")  # already first: nothing happens
    assert [i.node.text for i in selectors.driver_tree(project=p)] == ["Place", "People"]
    assert AuditEvent.objects.filter(action="driver.added").count() == 5


def test_rename_conflict_and_remove_rules(setup, trio):
    p = setup.project
    driver = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="People")
    idea = services.add_driver_node(actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Idea", parent=driver)
    services.rename_driver_node(actor=trio.member, node=driver, text="Staff and patients", expected_version=1)
    stale = DriverNode.objects.get(pk=driver.pk)
    stale.version = 1
    with pytest.raises(EditConflict, match="primary driver"):
        services.rename_driver_node(actor=trio.partner, node=stale, text="Patients", expected_version=1)
    services.plan_pdsa_cycle(
        actor=trio.member,
        project=p,
        change_idea=idea,
        title="T",
        plan="P",
        prediction="Pr",
        started_on=date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="PDSA 1"):
        services.remove_driver_node(actor=trio.member, node=driver, expected_version=2)
    other = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="Other")
    services.add_driver_node(actor=trio.member, project=p, kind=K.SECONDARY, text="Under", parent=other)
    services.remove_driver_node(actor=trio.member, node=other, expected_version=1)
    assert not p.driver_nodes.filter(text__in=["Other", "Under"]).exists()
    assert AuditEvent.objects.get(action="driver.removed").changes["items_removed"] == 2


def test_pdsa_cycle_plan_study_act_with_team_participants(setup, trio):
    p = setup.project
    driver = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="People")
    idea = services.add_driver_node(actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Idea", parent=driver)
    cycle = services.plan_pdsa_cycle(
        actor=trio.member,
        project=p,
        change_idea=idea,
        title="Try it",
        plan="Plan",
        prediction="Fewer falls",
        started_on=date(2024, 5, 1),
        participants=[setup.partner],
    )
    assert cycle.number == 1 and cycle.stage == "Plan"
    assert list(cycle.participants.all()) == [setup.partner]
    with pytest.raises(ValidationError):  # a driver is not a change idea
        services.plan_pdsa_cycle(
            actor=trio.member,
            project=p,
            change_idea=driver,
            title="x",
            plan="x",
            prediction="x",
            started_on=date(2024, 5, 1),
        )
    outsider_place = setup.other_project.members.get()
    with pytest.raises(ValidationError):
        services.plan_pdsa_cycle(
            actor=trio.member,
            project=p,
            change_idea=idea,
            title="x",
            plan="x",
            prediction="x",
            started_on=date(2024, 5, 1),
            participants=[outsider_place],
        )
    with pytest.raises(ValidationError, match="learnt"):  # act needs a study first
        services.update_pdsa_cycle(actor=trio.member, cycle=cycle, expected_version=1, act="adopt")
    services.update_pdsa_cycle(
        actor=trio.member,
        cycle=cycle,
        expected_version=1,
        do_notes="Did it",
        study_notes="As predicted",
        act="adopt",
        participants=[setup.partner, setup.facilitator],
    )
    assert cycle.stage == "Act" and cycle.participants.count() == 2
    with pytest.raises(EditConflict, match="PDSA cycle"):
        services.update_pdsa_cycle(actor=trio.partner, cycle=cycle, expected_version=1, title="Stale")
    event = AuditEvent.objects.get(action="pdsa.updated")
    assert event.changes["act"] == ["", "adopt"]
    second = services.plan_pdsa_cycle(
        actor=trio.member,
        project=p,
        change_idea=idea,
        title="Again",
        plan="P",
        prediction="Pr",
        started_on=date(2024, 6, 1),
    )
    assert second.number == 2


def test_an_item_moves_to_another_parent_with_its_branch_but_never_into_a_cycle(setup, trio):
    p = setup.project
    people = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="People")
    place = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="Place")
    checks = services.add_driver_node(actor=trio.member, project=p, kind=K.SECONDARY, text="Risk checks", parent=people)
    idea = services.add_driver_node(
        actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Check at handover", parent=checks
    )
    lights = services.add_driver_node(
        actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Night lights", parent=place
    )
    assert [n.text for n in selectors.new_parents_for(node=checks)] == ["Place"]
    assert [n.text for n in selectors.new_parents_for(node=idea)] == ["People", "Place"]
    assert selectors.new_parents_for(node=people) == []

    services.move_driver_node_under(actor=trio.member, node=checks, new_parent=place, expected_version=1)
    tree = selectors.driver_tree(project=p)
    assert [c.node.text for c in tree[1].children] == ["Night lights", "Risk checks"]  # goes last
    assert tree[1].children[1].children[0].node.text == "Check at handover"  # its branch came with it
    assert AuditEvent.objects.get(action="driver.moved_under").changes == {"under": ["People", "Place"]}

    checks.refresh_from_db()
    with pytest.raises(EditConflict):  # moved from a stale copy
        services.move_driver_node_under(actor=trio.member, node=checks, new_parent=people, expected_version=1)
    refusals = [
        (checks, idea),  # under something already under it: a cycle
        (checks, lights),  # a change idea holds nothing
        (people, place),  # a primary driver sits under the aim
        (checks, checks),  # under itself
        (idea, checks),  # already there
    ]
    for node, new_parent in refusals:
        node.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.move_driver_node_under(
                actor=trio.member, node=node, new_parent=new_parent, expected_version=node.version
            )
        assert "parent" in error.value.message_dict, (node, new_parent)
    other = services.add_driver_node(actor=trio.member, project=setup.other_project, kind=K.PRIMARY, text="Theirs")
    with pytest.raises(ValidationError):
        services.move_driver_node_under(actor=trio.member, node=idea, new_parent=other, expected_version=1)
    assert DriverNode.objects.get(pk=checks.pk).parent_id == place.pk
    assert AuditEvent.objects.filter(action="driver.moved_under").count() == 1
