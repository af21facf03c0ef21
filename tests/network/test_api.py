"""System view API: the same figures and rules as the page; 404 for anyone who is not a viewer or an admin there."""

import pytest

from coqi.accounts import services as account_services
from coqi.core.models import NetworkSharing
from coqi.innovation.models import Visibility
from tests.factories import SystemViewerFactory
from tests.innovation.samples import share
from tests.network.conftest import assessed

pytestmark = pytest.mark.django_db


def _headers(user):
    _, secret = account_services.create_access_token(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_schema_documents_the_endpoint(client):
    assert "/api/v1/systems/{slug}/network" in client.get("/api/v1/openapi.json").json()["paths"]


def test_viewer_gets_the_figures_anonymised_where_chosen(client, trio, system_of):
    for organisation in [trio.organisation, *system_of.extra[:2]]:
        assessed(organisation, lived=3, learnt=4)
    for organisation in system_of.extra[:2]:
        NetworkSharing.objects.create(organisation=organisation, anonymised_in_system=True)
    share(trio.organisation, trio.member, title="Shared", visibility=Visibility.SYSTEM)
    viewer = SystemViewerFactory(system=system_of).user
    body = client.get(f"/api/v1/systems/{system_of.slug}/network", **_headers(viewer)).json()
    assert [o["label"] for o in body["organisations"]] == ["Riverside Test Trust", "Organisation A", "Organisation B"]
    assert [o["slug"] for o in body["organisations"]] == ["riverside-test", None, None]
    assert body["organisations"][0]["improvement"] is not None and body["scale_lowest"] is not None
    assert body["named_without_results"] == ["Cedar Group"] and [i["title"] for i in body["innovations"]] == ["Shared"]


def test_outsiders_staff_and_unknown_systems_are_404(client, trio, system_of):
    for person in [trio.outsider, trio.member, trio.partner]:
        assert client.get(f"/api/v1/systems/{system_of.slug}/network", **_headers(person)).status_code == 404
    assert client.get("/api/v1/systems/no-such-system/network", **_headers(trio.owner)).status_code == 404
    assert client.get(f"/api/v1/systems/{system_of.slug}/network").status_code == 401
    assert client.get(f"/api/v1/systems/{system_of.slug}/network", **_headers(trio.owner)).status_code == 200
