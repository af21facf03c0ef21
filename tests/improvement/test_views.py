"""Plan pages through the browser's forms: aim, the tree's buttons, PDSA cycles, and clashing edits."""

from datetime import date

import pytest

from coqi.improvement.models import Aim, DriverNode, PdsaCycle
from coqi.improvement.services import plans as services

pytestmark = pytest.mark.django_db
K = DriverNode.Kind


def base(setup):
    return f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/improvement/"


def test_partner_on_the_team_sets_the_aim_and_a_stale_form_gets_a_clear_409(setup, trio, client_for):
    client = client_for(trio.partner)
    fields = {"what": "Fewer falls", "for_whom": "older people", "how_much": "a third", "by_when": "2026-03-31"}
    assert client.post(base(setup) + "aim/", fields).status_code == 302
    stale = client.post(base(setup) + "aim/", fields | {"what": "No falls", "version": "0"})
    assert stale.status_code == 409 and "Someone else changed this aim" in stale.content.decode()
    assert Aim.objects.get().what == "Fewer falls"
    errors = client.post(base(setup) + "aim/", {"version": "1", "by_when": "31st"})
    html = errors.content.decode()
    assert errors.status_code == 200 and "Enter what will get better" in html and "Enter a real date" in html


def test_staff_outside_the_team_can_edit_but_the_system_viewer_and_others_cannot(setup, trio, client_for):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    other_partner = UserFactory()
    MembershipFactory(organisation=trio.organisation, user=other_partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    assert client_for(other_partner).get(base(setup) + "aim/").status_code == 403
    assert client_for(trio.owner).get(base(setup) + "aim/").status_code == 200


def test_tree_buttons_add_move_rename_and_remove(setup, trio, client_for):
    client = client_for(trio.member)
    client.post(base(setup) + "drivers/add/", {"kind": K.PRIMARY, "text": "People"})
    client.post(base(setup) + "drivers/add/", {"kind": K.PRIMARY, "text": "Place"})
    people, place = DriverNode.objects.order_by("pk")
    wrong = client.post(base(setup) + "drivers/add/", {"kind": K.SECONDARY, "text": "x"})  # not allowed under the aim
    assert wrong.status_code == 200 and "Choose what you are adding" in wrong.content.decode()
    client.post(
        base(setup) + f"drivers/add/?parent={people.pk}", {"kind": K.CHANGE_IDEA, "text": "Idea", "parent": people.pk}
    )
    assert people.children.get().kind == K.CHANGE_IDEA
    client.post(base(setup) + f"drivers/{place.pk}/move/", {"direction": "up"})
    page = client.get(base(setup)).content.decode()
    assert page.index("Place") < page.index("People")
    assert 'Move down<span class="nhsuk-u-visually-hidden"> “Place”' in page
    renamed = client.post(base(setup) + f"drivers/{place.pk}/rename/", {"text": "Environment", "version": "1"})
    assert renamed.status_code == 302
    stale = client.post(base(setup) + f"drivers/{place.pk}/rename/", {"text": "Ward", "version": "1"})
    assert stale.status_code == 409 and "Environment" in stale.content.decode()
    assert client.post(base(setup) + f"drivers/{place.pk}/remove/", {"version": "2"}).status_code == 302
    assert not DriverNode.objects.filter(pk=place.pk).exists()


def test_pdsa_cycle_planned_then_studied_through_the_pages(setup, trio, client_for):
    driver = services.add_driver_node(actor=trio.member, project=setup.project, kind=K.PRIMARY, text="People")
    idea = services.add_driver_node(
        actor=trio.member, project=setup.project, kind=K.CHANGE_IDEA, text="Bells", parent=driver
    )
    client = client_for(trio.member)
    form = client.get(base(setup) + f"pdsa/new/?change_idea={idea.pk}").content.decode()
    assert "Pat Partner (lived experience partner)" in form
    response = client.post(
        base(setup) + "pdsa/new/",
        {
            "change_idea": idea.pk,
            "title": "Try bells",
            "plan": "Plan",
            "prediction": "Fewer falls",
            "started_on": "2024-05-01",
            "participants": [setup.partner.pk],
        },
    )
    cycle = PdsaCycle.objects.get()
    assert response.status_code == 302 and list(cycle.participants.all()) == [setup.partner]
    foreign = setup.other_project.members.get().pk
    bad = client.post(
        base(setup) + "pdsa/new/",
        {
            "change_idea": idea.pk,
            "title": "x",
            "plan": "x",
            "prediction": "x",
            "started_on": "2024-05-01",
            "participants": [foreign],
        },
    )
    assert bad.status_code == 200 and PdsaCycle.objects.count() == 1
    edit = {
        "change_idea": idea.pk,
        "title": "Try bells",
        "plan": "Plan",
        "prediction": "Fewer falls",
        "started_on": "2024-05-01",
        "participants": [setup.partner.pk, setup.facilitator.pk],
        "do_notes": "Did it",
        "study_notes": "Two fewer falls",
        "act": "adopt",
        "version": "1",
    }
    assert client.post(base(setup) + f"pdsa/{cycle.pk}/edit/", edit).status_code == 302
    stale = client.post(base(setup) + f"pdsa/{cycle.pk}/edit/", edit | {"title": "Old"})
    assert stale.status_code == 409 and "Someone else changed this PDSA cycle" in stale.content.decode()
    detail = client.get(base(setup) + f"pdsa/{cycle.pk}/").content.decode()
    assert "Adopt: keep the change" in detail and "Mo Member" in detail and "Two fewer falls" in detail


def test_an_adapted_cycle_offers_the_next_cycle_for_the_same_change_idea(setup, trio, client_for):
    driver = services.add_driver_node(actor=trio.member, project=setup.project, kind=K.PRIMARY, text="People")
    idea = services.add_driver_node(
        actor=trio.member, project=setup.project, kind=K.CHANGE_IDEA, text="Bells", parent=driver
    )
    cycle = services.plan_pdsa_cycle(
        actor=trio.member,
        project=setup.project,
        change_idea=idea,
        title="T",
        plan="P",
        prediction="Pr",
        started_on=date(2024, 1, 1),
    )
    services.update_pdsa_cycle(actor=trio.member, cycle=cycle, expected_version=1, study_notes="S", act="adapt")
    html = client_for(trio.partner).get(base(setup) + f"pdsa/{cycle.pk}/").content.decode()
    assert "Plan the next cycle" in html and f"pdsa/new/?change_idea={idea.pk}" in html


def test_move_an_item_to_another_parent_through_a_form(setup, trio, client_for):
    p = setup.project
    people = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="People")
    place = services.add_driver_node(actor=trio.member, project=p, kind=K.PRIMARY, text="Place")
    idea = services.add_driver_node(
        actor=trio.member, project=p, kind=K.CHANGE_IDEA, text="Night lights", parent=people
    )
    client = client_for(trio.member)
    plan = client.get(base(setup)).content.decode()
    assert f"drivers/{idea.pk}/move-under/" in plan and f"drivers/{people.pk}/move-under/" not in plan
    form = client.get(base(setup) + f"drivers/{idea.pk}/move-under/").content.decode()
    assert "Primary driver: Place" in form and "Primary driver: People" not in form  # not where it is now
    moved = client.post(base(setup) + f"drivers/{idea.pk}/move-under/", {"parent": place.pk, "version": "1"})
    assert moved.status_code == 302 and moved["Location"].endswith(f"#node-{idea.pk}")
    idea.refresh_from_db()
    assert idea.parent == place
    stale = client.post(base(setup) + f"drivers/{idea.pk}/move-under/", {"parent": people.pk, "version": "1"})
    assert stale.status_code == 409 and "Someone else changed this change idea" in stale.content.decode()
    nowhere = client.post(base(setup) + f"drivers/{idea.pk}/move-under/", {"parent": idea.pk, "version": "2"})
    assert nowhere.status_code == 200 and "Choose where to move it" in nowhere.content.decode()
    primary = client.get(base(setup) + f"drivers/{people.pk}/move-under/").content.decode()
    assert "There is nowhere else it can go" in primary
    idea.refresh_from_db()
    assert (idea.parent, idea.version) == (place, 2)
    assert client_for(trio.outsider).get(base(setup) + f"drivers/{idea.pk}/move-under/").status_code == 404
