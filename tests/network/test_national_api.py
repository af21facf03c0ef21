"""National view API: site staff only (404 for anyone else), with the national page's anonymity."""

import pytest

from coqi.core.models import NetworkSharing
from coqi.innovation.models import Visibility
from tests.factories import OrganisationFactory, SystemViewerFactory, UserFactory
from tests.innovation.samples import share
from tests.network.conftest import assessed

pytestmark = pytest.mark.django_db

URL = "/api/v1/national"


@pytest.fixture
def staff(db):
    return UserFactory(email="site.team@example.com", is_staff=True)


def test_schema_documents_the_endpoint(client):
    assert URL in client.get("/api/v1/openapi.json").json()["paths"]


def test_only_site_staff_read_it(client, trio, bearer, staff):
    viewer = SystemViewerFactory(system=trio.organisation.system).user
    for person in [trio.owner, trio.member, trio.partner, trio.outsider, viewer]:
        response = client.get(URL, **bearer(person))
        assert response.status_code == 404, person
        assert response.json() == {"detail": "Not found"}
    assert client.get(URL).status_code == 401
    assert client.get(URL, **bearer(staff)).status_code == 200


def test_everyone_is_anonymised_unless_named_nationally(
    client, trio, system_of, bearer, staff, django_assert_max_num_queries
):
    elsewhere = OrganisationFactory(name="Far Trust", slug="far")
    for organisation in [trio.organisation, system_of.extra[0], elsewhere]:
        assessed(organisation, lived=3, learnt=4)
    NetworkSharing.objects.create(organisation=elsewhere, named_nationally=True)
    share(trio.organisation, trio.member, title="For everyone", visibility=Visibility.EVERYONE)
    share(trio.organisation, trio.member, title="Only our system", visibility=Visibility.SYSTEM)
    headers = bearer(staff)
    with django_assert_max_num_queries(14):
        body = client.get(URL, **headers).json()
    assert [o["label"] for o in body["organisations"]] == ["Far Trust", "Organisation A", "Organisation B"]
    assert [o["slug"] for o in body["organisations"]] == ["far", None, None]
    assert all(o["round_title"] is None for o in body["organisations"][1:])
    assert all(o["improvement"] is not None for o in body["organisations"])
    assert "Riverside Test Trust" not in str(body["organisations"])
    assert body["named_without_results"] == [] and body["anonymised_without_results"] == 3
    assert [i["title"] for i in body["innovations"]] == ["For everyone"]
    assert "system" not in body


def test_a_single_anonymised_organisation_is_withheld(client, trio, bearer, staff):
    assessed(trio.organisation, lived=3, learnt=4)
    body = client.get(URL, **bearer(staff)).json()
    assert body["organisations"] == [] and body["anonymised_withheld"] == 1
