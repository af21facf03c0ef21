"""Innovation library pages: visibility both ways, search and filter, adopting, and changing who sees it."""

import re

import pytest

from coqi.core.models import AuditEvent
from coqi.innovation.models import Adoption, Visibility
from tests.factories import SystemViewerFactory
from tests.innovation.samples import share

pytestmark = pytest.mark.django_db


def _titles(page) -> list[str]:
    """The titles of the innovations listed on a library page."""
    return re.findall(r'<h3 class="nhsuk-heading-s[^"]*"><a href="[^"]+">([^<]+)</a></h3>', page.content.decode())


def _detail(organisation, innovation):
    return f"/o/{organisation.slug}/innovations/{innovation.pk}/"


def test_an_organisation_only_innovation_is_404_to_another_organisation_even_in_the_same_system(
    trio, neighbour, client_for
):
    private = share(trio.organisation, trio.member, title="Our private change")
    assert client_for(trio.member).get(_detail(trio.organisation, private)).status_code == 200
    client = client_for(neighbour.staff)
    assert client.get(_detail(neighbour, private)).status_code == 404
    assert client.get(f"/o/{neighbour.slug}/innovations/{private.pk}/adopt/").status_code == 404
    assert client.post(f"/o/{neighbour.slug}/innovations/{private.pk}/adopt/").status_code == 404
    assert "Our private change" not in client.get(f"/o/{neighbour.slug}/innovations/").content.decode()
    assert not Adoption.objects.exists()


def test_a_system_innovation_is_seen_inside_the_system_and_not_outside_it(trio, neighbour, far_away, client_for):
    shared = share(trio.organisation, trio.member, title="Shared with our system", visibility=Visibility.SYSTEM)
    inside = client_for(neighbour.staff)
    assert "Shared with our system" in inside.get(f"/o/{neighbour.slug}/innovations/").content.decode()
    assert inside.get(_detail(neighbour, shared)).status_code == 200
    outside = client_for(far_away.staff)
    assert outside.get(_detail(far_away, shared)).status_code == 404
    assert "Shared with our system" not in outside.get(f"/o/{far_away.slug}/innovations/").content.decode()


def test_an_innovation_shared_with_everyone_is_seen_in_any_system(trio, far_away, client_for):
    shared = share(trio.organisation, trio.member, title="For everyone", visibility=Visibility.EVERYONE)
    assert client_for(far_away.staff).get(_detail(far_away, shared)).status_code == 200


def test_a_foreign_organisation_in_the_url_is_404_whatever_the_innovation(trio, neighbour, client_for):
    shared = share(trio.organisation, trio.member, visibility=Visibility.EVERYONE)
    client = client_for(neighbour.staff)
    assert client.get(_detail(trio.organisation, shared)).status_code == 404  # not a member of trio.organisation
    for bad in ["999999", "not-a-number", "-1"]:
        assert client.get(f"/o/{neighbour.slug}/innovations/{bad}/").status_code == 404


def test_search_and_filters(trio, neighbour, client_for):
    share(trio.organisation, trio.member, title="Discharge letters", visibility=Visibility.SYSTEM)
    share(
        neighbour,
        neighbour.staff,
        title="Peer welcome",
        what="Peers meet new patients on the ward.",
        setting="mental_health",
        ingredients=["inequalities"],
        population_groups=["severe_mental_illness"],
    )
    client = client_for(neighbour.staff)
    base = f"/o/{neighbour.slug}/innovations/"

    def titles(query):
        page = client.get(base + query)
        assert page.status_code == 200
        return set(_titles(page))

    assert titles("") == {"Discharge letters", "Peer welcome"}
    assert titles("?q=peers+ward") == {"Peer welcome"}
    assert titles("?q=nothing-like-this") == set()
    assert titles("?ingredient=co_production") == {"Discharge letters"}
    assert titles("?population=severe_mental_illness") == {"Peer welcome"}
    assert titles("?setting=hospital_inpatient") == {"Discharge letters"}
    assert titles("?source=ours") == {"Peer welcome"}
    assert titles("?source=system") == {"Discharge letters"}
    assert titles(f"?source={trio.organisation.slug}") == {"Discharge letters"}
    assert titles("?ingredient=not-a-choice") == {"Discharge letters", "Peer welcome"}  # bad filter: ignored


def test_the_list_costs_the_same_number_of_queries_for_many_innovations(
    trio, client_for, django_assert_max_num_queries
):
    for n in range(25):
        share(trio.organisation, trio.member, title=f"Change {n}", ingredients=["co_production", "leadership"])
    client = client_for(trio.member)
    with django_assert_max_num_queries(20):
        page = client.get(f"/o/{trio.organisation.slug}/innovations/")
    assert page.status_code == 200 and len(_titles(page)) == 20


def test_sharing_through_the_form_requires_a_deliberate_choice_of_who_sees_it(trio, client_for):
    client = client_for(trio.partner)
    data = {
        "title": "Quiet hours",
        "what": "Lights down at ten.",
        "why": "Nobody could sleep.",
        "evidence": "Sleep scores rose.",
        "co_produced_with": "Patients and night staff.",
        "setting": "hospital_inpatient",
        "ingredients": ["co_production"],
        "population_groups": ["everyone"],
    }
    page = client.post(f"/o/{trio.organisation.slug}/innovations/new/", data)
    assert page.status_code == 200 and "Choose who can see this innovation." in page.content.decode()
    assert not trio.organisation.innovations.exists()
    form_page = client.get(f"/o/{trio.organisation.slug}/innovations/new/").content.decode()
    assert 'name="visibility"' in form_page and "checked" not in form_page.split('name="visibility"')[1][:80]
    done = client.post(f"/o/{trio.organisation.slug}/innovations/new/", {**data, "visibility": "organisation"})
    innovation = trio.organisation.innovations.get()
    assert done.status_code == 302 and done["Location"] == _detail(trio.organisation, innovation)


def test_adopting_from_another_organisation_shows_on_the_journey(trio, neighbour, client_for):
    shared = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    client = client_for(neighbour.staff)
    response = client.post(f"/o/{neighbour.slug}/innovations/{shared.pk}/adopt/")
    project = neighbour.projects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/{neighbour.slug}/projects/{project.pk}/"
    assert f"/o/{neighbour.slug}/innovations/{shared.pk}/" in project.description
    page = client.get(_detail(neighbour, shared)).content.decode()
    assert "Adopted by Neighbour Test Trust" in page and "project stage: " in page
    # The source organisation sees where it went, but not the project's stage: it cannot see that project.
    source_page = client_for(trio.member).get(_detail(trio.organisation, shared)).content.decode()
    assert "Adopted by Neighbour Test Trust" in source_page and "project stage" not in source_page


def test_partners_do_not_adopt_and_system_viewers_only_read(trio, neighbour, client_for):
    shared = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    assert client_for(neighbour.partner).post(f"/o/{neighbour.slug}/innovations/{shared.pk}/adopt/").status_code == 403
    viewer = SystemViewerFactory(system=trio.organisation.system).user
    client = client_for(viewer)
    page = client.get(_detail(neighbour, shared))
    assert page.status_code == 200 and "Adopt this" not in page.content.decode()
    assert client.post(f"/o/{neighbour.slug}/innovations/{shared.pk}/adopt/").status_code == 404
    assert client.get(f"/o/{neighbour.slug}/innovations/new/").status_code == 404
    assert not Adoption.objects.exists()


def test_widening_through_the_pages_asks_for_confirmation_first(trio, client_for):
    innovation = share(trio.organisation, trio.member)
    client = client_for(trio.member)
    url = f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/visibility/"
    asked = client.post(url, {"visibility": "everyone"})
    assert asked.status_code == 200 and "Show “" in asked.content.decode()
    innovation.refresh_from_db()
    assert innovation.visibility == Visibility.ORGANISATION
    assert not AuditEvent.objects.filter(action__startswith="innovation.visibility").exists()
    confirmed = client.post(url, {"visibility": "everyone", "confirm": "yes"})
    innovation.refresh_from_db()
    assert confirmed.status_code == 302 and innovation.visibility == Visibility.EVERYONE
    narrowed = client.post(url, {"visibility": "organisation"})
    innovation.refresh_from_db()
    assert narrowed.status_code == 302 and innovation.visibility == Visibility.ORGANISATION


def test_only_the_submitter_facilitators_and_admins_look_after_an_innovation(trio, neighbour, client_for):
    innovation = share(trio.organisation, trio.owner, visibility=Visibility.SYSTEM)
    for path in ["edit/", "visibility/"]:
        assert (
            client_for(trio.member).get(f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/{path}").status_code
            == 403
        )
        # Another organisation cannot reach them through its own URL either: not its innovation.
        assert (
            client_for(neighbour.staff).get(f"/o/{neighbour.slug}/innovations/{innovation.pk}/{path}").status_code
            == 404
        )
    assert (
        client_for(trio.owner).get(f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/edit/").status_code == 200
    )


def test_an_edit_through_the_page_keeps_who_sees_it(trio, client_for):
    innovation = share(trio.organisation, trio.member)
    client = client_for(trio.member)
    data = {
        "title": "New title",
        "what": "w",
        "why": "y",
        "evidence": "e",
        "co_produced_with": "c",
        "setting": "community",
        "ingredients": ["leadership"],
        "population_groups": ["carers"],
        "version": innovation.version,
        "visibility": "everyone",
    }
    response = client.post(f"/o/{trio.organisation.slug}/innovations/{innovation.pk}/edit/", data)
    innovation.refresh_from_db()
    assert response.status_code == 302 and innovation.title == "New title"
    assert innovation.visibility == Visibility.ORGANISATION
