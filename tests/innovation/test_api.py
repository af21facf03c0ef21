"""Innovation API: list and search, share, read, adopt; 404 for what the organisation may not see, 422 naming the
field, 403 for roles that may not adopt."""

import pytest

from coqi.innovation.models import Adoption, Visibility
from tests.innovation.samples import share

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "title": "Quiet hours",
    "what": "Lights down at ten; Dr Patel agreed on 07700 900123.",
    "why": "Nobody slept.",
    "evidence": "Sleep scores rose.",
    "co_produced_with": "Patients and night staff.",
    "setting": "hospital_inpatient",
    "ingredients": ["co_production"],
    "population_groups": ["everyone"],
    "visibility": "system",
}


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/organisations/{slug}/innovations",
        "/api/v1/organisations/{slug}/innovations/{innovation_id}",
        "/api/v1/organisations/{slug}/innovations/{innovation_id}/adopt",
    ]:
        assert path in paths


def test_share_search_read_and_adopt(client, trio, neighbour, bearer):
    headers = bearer(trio.member)
    made = client.post(
        "/api/v1/organisations/riverside-test/innovations", PAYLOAD, content_type="application/json", **headers
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["visibility"] == "system" and "07700 900123" not in body["what"]
    theirs = bearer(neighbour.staff)
    found = client.get("/api/v1/organisations/neighbour-test/innovations?q=quiet&ingredient=co_production", **theirs)
    assert [i["id"] for i in found.json()] == [body["id"]]
    assert client.get(f"/api/v1/organisations/neighbour-test/innovations/{body['id']}", **theirs).status_code == 200
    adopted = client.post(f"/api/v1/organisations/neighbour-test/innovations/{body['id']}/adopt", **theirs)
    assert adopted.status_code == 201 and neighbour.projects.filter(pk=adopted.json()["project_id"]).exists()
    listed = client.get("/api/v1/organisations/neighbour-test/innovations", **theirs).json()
    assert listed[0]["adoptions"] == 1


def test_what_the_organisation_may_not_see_is_404(client, trio, neighbour, far_away, bearer):
    private = share(trio.organisation, trio.member)
    system = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    assert (
        client.get(
            f"/api/v1/organisations/neighbour-test/innovations/{private.pk}", **bearer(neighbour.staff)
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/organisations/neighbour-test/innovations/{private.pk}/adopt", **bearer(neighbour.staff)
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/organisations/far-away/innovations/{system.pk}", **bearer(far_away.staff)).status_code
        == 404
    )
    assert client.get("/api/v1/organisations/riverside-test/innovations", **bearer(trio.outsider)).status_code == 404
    assert not Adoption.objects.exists()


def test_bad_input_is_422_naming_the_field(client, trio, bearer):
    headers = bearer(trio.member)
    for field, value in [("visibility", "the-world"), ("ingredients", []), ("setting", "moon")]:
        response = client.post(
            "/api/v1/organisations/riverside-test/innovations",
            {**PAYLOAD, field: value},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    missing = {k: v for k, v in PAYLOAD.items() if k != "visibility"}
    response = client.post(
        "/api/v1/organisations/riverside-test/innovations", missing, content_type="application/json", **headers
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "visibility"
    assert not trio.organisation.innovations.exists()


def test_partners_cannot_adopt(client, trio, neighbour, bearer):
    shared = share(trio.organisation, trio.member, visibility=Visibility.SYSTEM)
    response = client.post(
        f"/api/v1/organisations/neighbour-test/innovations/{shared.pk}/adopt", **bearer(neighbour.partner)
    )
    assert response.status_code == 403 and not Adoption.objects.exists()
