"""Community ideas API: list and respond; 401 without a token, 404 outside, 422 naming the problem."""

import pytest

from tests.ideas.samples import sample_idea

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/riverside-test"


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/organisations/{slug}/ideas" in paths
    assert "/api/v1/organisations/{slug}/ideas/{idea_id}/responses" in paths


def test_list_ideas_by_status(trio, client, bearer):
    published = sample_idea(trio, what="Published one")
    waiting = sample_idea(trio, what="Waiting one", publish=False)
    assert client.get(f"{BASE}/ideas").status_code == 401
    rows = client.get(f"{BASE}/ideas", **bearer(trio.partner)).json()
    assert {r["id"] for r in rows} == {published.pk, waiting.pk}
    only = client.get(f"{BASE}/ideas?status=waiting", **bearer(trio.member)).json()
    assert [r["what"] for r in only] == ["Waiting one"]
    bad = client.get(f"{BASE}/ideas?status=everything", **bearer(trio.member))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    assert client.get(f"{BASE}/ideas", **bearer(trio.outsider)).status_code == 404


def test_respond(trio, client, bearer):
    idea = sample_idea(trio)
    url = f"{BASE}/ideas/{idea.pk}/responses"
    made = client.post(
        url, {"status": "done", "text": "New signs are up."}, content_type="application/json", **bearer(trio.member)
    )
    assert made.status_code == 201
    body = made.json()
    assert body["responses"][0]["text"] == "New signs are up." and body["first_response_at"]
    assert "author" not in body["responses"][0] and body["responses"][0]["author_role"] == "staff"
    why = client.post(url, {"status": "cannot", "text": ""}, content_type="application/json", **bearer(trio.member))
    assert why.status_code == 422 and why.json()["errors"][0]["field"] == "text"
    wrong = client.post(url, {"status": "perhaps", "text": "x"}, content_type="application/json", **bearer(trio.member))
    assert wrong.status_code == 422
    waiting = sample_idea(trio, publish=False)
    held = client.post(
        f"{BASE}/ideas/{waiting.pk}/responses",
        {"status": "done", "text": "x"},
        content_type="application/json",
        **bearer(trio.member),
    )
    assert held.status_code == 422 and "Publish the idea" in held.json()["errors"][0]["message"]
    for bad_id in [999999, "nope"]:
        assert (
            client.post(
                f"{BASE}/ideas/{bad_id}/responses",
                {"status": "done", "text": "x"},
                content_type="application/json",
                **bearer(trio.member),
            ).status_code
            == 404
        )
    outsider = client.post(
        url, {"status": "done", "text": "x"}, content_type="application/json", **bearer(trio.outsider)
    )
    assert outsider.status_code == 404
    assert idea.responses.count() == 1
