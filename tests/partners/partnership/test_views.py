"""Concentration pages and suggestions: who sees what (names only for facilitators and admins), the home alert,
the link on project pages, and query counts."""

from __future__ import annotations

import pytest

from coqi.partners import services as partner_services
from tests.factories import SystemViewerFactory
from tests.partners.partnership.data import activity, known_set, partner

pytestmark = pytest.mark.django_db


def url(data, tail=""):
    return f"/o/{data.organisation.slug}/partners/{tail}"


def test_facilitator_sees_figures_explanation_and_partners_load(trio, client_for):
    data = known_set(trio)
    page = client_for(data.facilitator).get(url(data))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Who co-production rests on" in html and "avoid" in html and "relying on a small number" in html
    assert "80%" in html and "3.1 people" in html and "0.32" in html and "40 hours" in html
    assert "Partners' load" in html
    assert "Ada" in html and "On more than 3 projects" in html
    assert "Bedside call bells" in html and "Rests on one partner" in html


@pytest.mark.parametrize("who", ["partner", "member"])
def test_partners_and_staff_see_figures_but_no_names(trio, client_for, who):
    data = known_set(trio)
    html = client_for(getattr(trio, who)).get(url(data)).content.decode()
    assert "80%" in html
    assert "Partners' load" not in html and "On more than 3 projects" not in html
    for name in ("Ada", "Bea", "Cal", "Dee", "Eli"):
        assert f">{name}<" not in html and f"{name} " not in html


def test_system_viewer_reads_figures_without_names(trio, client_for):
    data = known_set(trio)
    viewer = SystemViewerFactory(system=data.organisation.system).user
    response = client_for(viewer).get(url(data))
    assert response.status_code == 200 and "80%" in response.content.decode()
    assert "Ada" not in response.content.decode()


def test_window_choice(trio, client_for):
    data = known_set(trio)
    client = client_for(data.facilitator)
    assert "48 hours" in client.get(url(data) + "?months=24").content.decode()
    assert "40 hours" in client.get(url(data) + "?months=nonsense").content.decode()
    assert "40 hours" in client.get(url(data) + "?months=999").content.decode()


def test_no_data_page_says_so(trio, client_for):
    html = client_for(trio.owner).get(f"/o/{trio.organisation.slug}/partners/").content.decode()
    assert "nothing to measure yet" in html and "Important" not in html


def test_project_page(trio, client_for):
    data = known_set(trio)
    address = url(data, f"projects/{data.falls.pk}/")
    facilitator = client_for(data.facilitator).get(address).content.decode()
    assert "Ada: on 4 projects" in facilitator and "See suggested partners" in facilitator
    partner_view = client_for(trio.partner).get(address).content.decode()
    assert "Ada" not in partner_view and "See suggested partners" not in partner_view
    assert "20 hours" in partner_view and "on more than 3 projects" in partner_view


def test_project_page_links_here(trio, client_for):
    data = known_set(trio)
    html = client_for(trio.partner).get(f"/o/{data.organisation.slug}/projects/{data.falls.pk}/").content.decode()
    assert "Who the project rests on" in html and url(data, f"projects/{data.falls.pk}/") in html


def test_foreign_and_unknown_projects_are_404(trio, client_for):
    data = known_set(trio)
    from coqi.projects.services import projects as services

    foreign = services.create_project(actor=trio.outsider, organisation=trio.other_organisation, title="Theirs")
    client = client_for(data.facilitator)
    for bad in (foreign.pk, 999999, "nope"):
        assert client.get(url(data, f"projects/{bad}/")).status_code == 404
        assert client.get(url(data, f"projects/{bad}/suggestions/")).status_code == 404


@pytest.mark.parametrize("who", ["partner", "member"])
def test_only_facilitators_and_admins_see_suggestions(trio, client_for, who):
    data = known_set(trio)
    assert client_for(getattr(trio, who)).get(url(data, f"projects/{data.falls.pk}/suggestions/")).status_code == 403


def test_suggestions_page_shows_why_and_load(trio, client_for):
    data = known_set(trio)
    partner_services.save_profile(
        actor=data.facilitator,
        organisation=data.organisation,
        person=data.cal,
        lived_experience="A fall at night",
        skills="Listening",
    )
    html = client_for(trio.owner).get(url(data, f"projects/{data.falls.pk}/suggestions/")).content.decode()
    assert "Cal" in html and "Lived experience</strong>: fall, night" in html
    assert "4 hours in the last 12 months, on 1 project." in html
    assert "How we chose and ranked them" in html


def test_home_alert_for_facilitators_and_admins_only(trio, client_for):
    data = known_set(trio)
    home = f"/o/{data.organisation.slug}/"
    for person in (data.facilitator, trio.owner):
        html = client_for(person).get(home).content.decode()
        assert "Alert: co-production rests on a few people" in html and url(data) in html
    for person in (trio.partner, trio.member):
        assert "Alert: co-production rests on a few people" not in client_for(person).get(home).content.decode()


def test_no_home_alert_when_the_work_is_shared(trio, client_for):
    people = [partner(trio.organisation, f"Many {n}") for n in range(10)]
    activity(actor=trio.member, organisation=trio.organisation, days_ago=1, hours="2", attendees=people)
    html = client_for(trio.owner).get(f"/o/{trio.organisation.slug}/").content.decode()
    assert "Alert: co-production rests on a few people" not in html


def test_menu_item_for_facilitators(trio, client_for):
    data = known_set(trio)
    assert "Who we rely on" in client_for(data.facilitator).get(url(data)).content.decode()
    assert "Who we rely on" not in client_for(trio.partner).get(url(data)).content.decode()


def test_pages_take_a_bounded_number_of_queries(trio, client_for, django_assert_max_num_queries):
    data = known_set(trio)
    client = client_for(data.facilitator)
    client.get(url(data))  # warm the session
    for n in range(12):
        person = partner(data.organisation, f"Extra {n}")
        activity(
            actor=data.staff,
            organisation=data.organisation,
            project=data.food,
            days_ago=3,
            hours="1",
            attendees=[person],
        )
    with django_assert_max_num_queries(20):
        assert client.get(url(data)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url(data, f"projects/{data.falls.pk}/")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url(data, f"projects/{data.falls.pk}/suggestions/")).status_code == 200
