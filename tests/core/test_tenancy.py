"""Owner / member / outsider: outsiders get 404 on every organisation URL, whatever the method."""

import importlib
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from coqi.core import services
from coqi.core.roles import Role

pytestmark = pytest.mark.django_db


def _organisation_routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return [route for route in walk(get_resolver().url_patterns) if "<slug:org_slug>" in route]


def _fill(route, trio, **ids):
    values = {"org_slug": trio.organisation.slug, **ids}

    def replace(match):
        name = match.group(2)
        if name not in values:
            pytest.fail(f"{route} needs a sample '{name}': return it from sample_ids(trio) in tests/<area>/samples.py")
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _area_sample_ids(trio) -> dict:
    """Each area can add ids of objects inside `trio.organisation` for its URLs: a `sample_ids(trio)` function
    in `tests/<area>/samples.py`, found here without this test having to import each area. Projects' samples
    come first, so areas whose pages sit inside a project (improvement, measures) can add to that same project."""
    ids, given_by = {}, {}
    tests = Path(__file__).resolve().parents[1]
    # An area's sub-concept keeps its own samples beside its tests (tests/assessment/commitments/samples.py).
    found = [path.parent.relative_to(tests).as_posix() for path in tests.rglob("samples.py")]
    for area in sorted(found, key=lambda area: (area != "projects", area)):
        module = importlib.import_module(f"tests.{area.replace('/', '.')}.samples")
        for name, value in module.sample_ids(trio).items():
            # Two areas naming different objects with one URL kwarg would send one area's pages the other's id;
            # on SQLite the ids often coincide and hide it. Each URL kwarg must name one kind of object.
            if name in ids and ids[name] != value:
                pytest.fail(
                    f"tests/{given_by[name]}/samples.py and tests/{area}/samples.py both give '{name}': "
                    "name the URL kwarg after its own kind of object"
                )
            ids[name], given_by[name] = value, area
    return ids


@pytest.fixture
def object_ids(trio):
    invitation = services.invite_person(
        actor=trio.owner, organisation=trio.organisation, email="someone@example.com", role=Role.STAFF
    )
    ids = {
        "membership_id": trio.organisation.memberships.get(user=trio.member).pk,
        "invitation_id": invitation.pk,
    }
    ids.update(_area_sample_ids(trio))
    return ids


def test_there_are_organisation_routes_to_check():
    assert len(_organisation_routes()) >= 7


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_organisation_url(trio, object_ids, client_for, method):
    client = client_for(trio.outsider)
    for route in _organisation_routes():
        url = _fill(route, trio, **object_ids)
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{method.upper()} {url} gave {response.status_code}"


def test_owner_reaches_every_organisation_url(trio, object_ids, client_for):
    """The samples are real: the organisation's own admin is never told they do not exist (so the outsider's
    404s above come from the access rules, not from bad sample ids)."""
    client = client_for(trio.owner)
    for route in _organisation_routes():
        url = _fill(route, trio, **object_ids)
        response = client.get(url)
        assert response.status_code != 404 and response.status_code < 500, f"GET {url} gave {response.status_code}"


def test_unknown_and_foreign_ids_are_404(trio, object_ids, client_for):
    client = client_for(trio.owner)
    foreign_membership = trio.other_organisation.memberships.get(user=trio.outsider).pk
    for bad in [999999, "not-a-number", foreign_membership]:
        assert client.get(f"/o/{trio.organisation.slug}/people/{bad}/role/").status_code == 404
        assert client.post(f"/o/{trio.organisation.slug}/people/{bad}/remove/").status_code == 404
    assert client.post(f"/o/{trio.organisation.slug}/invitations/424242/withdraw/").status_code == 404
    assert client.get("/o/no-such-organisation/").status_code == 404


def test_member_without_the_role_gets_403_not_the_page(trio, client_for):
    client = client_for(trio.member)
    assert client.get(f"/o/{trio.organisation.slug}/").status_code == 200
    assert client.get(f"/o/{trio.organisation.slug}/people/").status_code == 403
    assert client.get(f"/o/{trio.organisation.slug}/audit/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(trio, client):
    response = client.get(f"/o/{trio.organisation.slug}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")


def test_system_viewer_sees_organisations_of_their_system_read_only(trio, client_for):
    from tests.factories import OrganisationFactory, SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    elsewhere = OrganisationFactory()
    client = client_for(viewer)
    response = client.get(f"/s/{trio.organisation.system.slug}/")
    assert response.status_code == 200 and trio.organisation.name in response.content.decode()
    home = client.get(f"/o/{trio.organisation.slug}/")
    assert home.status_code == 200 and "Read only" in home.content.decode()
    assert client.get(f"/o/{trio.organisation.slug}/people/").status_code == 404
    assert client.get(f"/o/{elsewhere.slug}/").status_code == 404
    assert client.get(f"/s/{elsewhere.system.slug}/").status_code == 404


def test_person_in_two_organisations_switches_between_them(trio, client_for):
    from tests.factories import MembershipFactory

    MembershipFactory(organisation=trio.other_organisation, user=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    client = client_for(trio.partner)
    # a partner of several organisations lands on one My involvement across them (issue 18), which links to each
    assert client.get("/home/")["Location"] == "/me/involvement/"
    everywhere = client.get("/me/involvement/").content.decode()
    assert f"/o/{trio.organisation.slug}/involvement/" in everywhere
    assert f"/o/{trio.other_organisation.slug}/involvement/" in everywhere
    chooser = client.get("/organisations/").content.decode()
    assert f"/o/{trio.organisation.slug}/" in chooser and f"/o/{trio.other_organisation.slug}/" in chooser
    page = client.get(f"/o/{trio.other_organisation.slug}/").content.decode()
    assert "Switch organisation" in page and trio.other_organisation.name in page


# URL kwargs that several areas use on purpose, all naming the same model.
SHARED_URL_KWARGS = {
    "org_slug": "core.Organisation",
    "project_id": "projects.Project",  # improvement, measures and partnership pages sit inside a project
    "activity_id": "projects.Activity",  # payments reads an activity's attendance
}


def test_each_url_kwarg_names_one_kind_of_object():
    """The outsider walk fills every route from one dict of sample ids: two areas using one kwarg for different
    models would get each other's ids (and on SQLite the ids often coincide, hiding it)."""
    from collections import defaultdict

    areas = defaultdict(set)

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback.__module__

    for route, module in walk(get_resolver().url_patterns):
        if not module.startswith("coqi."):
            continue
        for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
            areas[name].add(module.split(".")[1])
    shared = {name: sorted(found) for name, found in areas.items() if len(found) > 1 and name.endswith("_id")}
    unexpected = {name: found for name, found in shared.items() if name not in SHARED_URL_KWARGS}
    assert not unexpected, f"URL kwargs used by several areas for (perhaps) different objects: {unexpected}"
