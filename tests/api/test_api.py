import pytest

from coqi.accounts import services

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_public(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"] and "/api/v1/organisations/{slug}/memberships" in schema["paths"]


def test_requests_without_a_valid_token_are_401_json(client, trio):
    for headers in [{}, {"HTTP_AUTHORIZATION": "Bearer nope"}, {"HTTP_AUTHORIZATION": "Basic abc"}]:
        response = client.get("/api/v1/me", **headers)
        assert response.status_code == 401 and "token" in response.json()["detail"]


def test_me_and_organisations(client, trio, bearer):
    me = client.get("/api/v1/me", **bearer(trio.member)).json()
    assert me["email"] == "member@example.com"
    assert me["memberships"] == [
        {"organisation": "riverside-test", "organisation_name": "Riverside Test Trust", "role": "staff"}
    ]
    organisations = client.get("/api/v1/organisations", **bearer(trio.member)).json()
    assert [o["slug"] for o in organisations] == ["riverside-test"]
    detail = client.get("/api/v1/organisations/riverside-test", **bearer(trio.member)).json()
    assert detail["your_role"] == "staff" and detail["read_only"] is False


def test_foreign_and_unknown_organisations_are_404(client, trio, bearer):
    headers = bearer(trio.outsider)
    for url in [
        "/api/v1/organisations/riverside-test",
        "/api/v1/organisations/riverside-test/memberships",
        "/api/v1/organisations/nope",
    ]:
        response = client.get(url, **headers)
        assert response.status_code == 404 and response.json() == {"detail": "Not found"}


def test_memberships_are_for_admins(client, trio, bearer):
    assert client.get("/api/v1/organisations/riverside-test/memberships", **bearer(trio.member)).status_code == 403
    members = client.get("/api/v1/organisations/riverside-test/memberships", **bearer(trio.owner)).json()
    assert {m["email"] for m in members} == {"owner@example.com", "member@example.com", "partner@example.com"}


def test_bad_input_names_the_field(client, trio, bearer):
    url = "/api/v1/organisations/riverside-test/memberships"
    response = client.get(url, {"limit": "lots"}, **bearer(trio.owner))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"
    response = client.get(url, {"limit": 0, "offset": -1}, **bearer(trio.owner))
    assert {e["field"] for e in response.json()["errors"]} == {"limit", "offset"}
    assert len(client.get(url, {"limit": 1}, **bearer(trio.owner)).json()) == 1
    assert client.post("/api/v1/me", **bearer(trio.member)).status_code == 405


def test_token_last_used_is_recorded(client, trio):
    token, secret = services.create_access_token(user=trio.member, name="t")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_api_docs_are_served_without_a_cdn(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_system_viewer_sees_the_system_read_only(client, trio, bearer):
    from tests.factories import OrganisationFactory, SystemViewerFactory

    viewer = SystemViewerFactory(system=trio.organisation.system).user
    OrganisationFactory()  # another system: never listed
    headers = bearer(viewer)
    organisations = client.get("/api/v1/organisations", **headers).json()
    assert [(o["slug"], o["read_only"], o["your_role"]) for o in organisations] == [("riverside-test", True, None)]
    assert client.get("/api/v1/me", **headers).json()["system_viewer_of"] == [trio.organisation.system.slug]
    assert client.get("/api/v1/organisations/riverside-test/memberships", **headers).status_code == 403


def test_update_my_name_and_body_errors_name_the_field(client, trio, bearer):
    headers = bearer(trio.member)
    ok = client.patch("/api/v1/me", {"display_name": "Mo M."}, content_type="application/json", **headers)
    assert ok.status_code == 200 and ok.json()["display_name"] == "Mo M."
    empty = client.patch("/api/v1/me", {"display_name": ""}, content_type="application/json", **headers)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "display_name"
    missing = client.patch("/api/v1/me", {}, content_type="application/json", **headers)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "display_name"
    garbage = client.patch("/api/v1/me", "{not json", content_type="application/json", **headers)
    assert 400 <= garbage.status_code < 500


def test_api_docs_page_has_a_language_a_main_landmark_and_a_heading(client):
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in html
    assert "<main>" in html and "<h1" in html and "Co-QI API documentation</h1>" in html
