"""Commitments API: list, make, read, check in; 401 without a token, 404 outside, 422 naming the field, 409."""

from datetime import date, timedelta

import pytest

from tests.assessment.commitments.samples import sample_commitment

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/riverside-test"
TODAY = date.today()


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/organisations/{slug}/commitments",
        "/api/v1/organisations/{slug}/commitments/{commitment_id}",
        "/api/v1/organisations/{slug}/commitments/{commitment_id}/check-ins",
    ]:
        assert path in paths
    assert "patch" in paths["/api/v1/organisations/{slug}/commitments/{commitment_id}"]


def test_list_make_read_and_check_in(client, trio, bearer):
    late = sample_commitment(trio, review_on=TODAY - timedelta(days=1))
    headers = bearer(trio.member)
    assert [c["id"] for c in client.get(f"{BASE}/commitments?overdue=true", **headers).json()] == [late.pk]
    made = client.post(
        f"{BASE}/commitments",
        {
            "level": "system",
            "text": "Share sessions across the system.",
            "review_on": (TODAY + timedelta(days=9)).isoformat(),
        },
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201 and made.json()["owner_id"] == trio.member.pk
    cid = made.json()["id"]
    assert client.get(f"{BASE}/commitments/{cid}", **headers).json()["text"] == "Share sessions across the system."
    checked = client.post(
        f"{BASE}/commitments/{cid}/check-ins",
        {"note": "Asked.", "status": "in_progress", "version": 1},
        content_type="application/json",
        **headers,
    )
    assert checked.status_code == 201 and checked.json()["status"] == "in_progress" and checked.json()["version"] == 2
    stale = client.post(
        f"{BASE}/commitments/{cid}/check-ins",
        {"note": "x", "status": "done", "version": 1},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    # someone else's commitment: a partner cannot check in on it
    other = client.post(
        f"{BASE}/commitments/{late.pk}/check-ins",
        {"note": "x", "status": "done", "version": 1},
        content_type="application/json",
        **bearer(trio.partner),
    )
    assert other.status_code == 403


def test_bad_input_is_422_naming_the_field(client, trio, bearer):
    response = client.post(
        f"{BASE}/commitments",
        {"level": "galaxy", "text": "x", "review_on": TODAY.isoformat()},
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "level"
    foreign_owner = client.post(
        f"{BASE}/commitments",
        {"level": "leader", "text": "x", "review_on": TODAY.isoformat(), "owner_id": trio.outsider.pk},
        content_type="application/json",
        **bearer(trio.member),
    )
    assert foreign_owner.status_code == 422 and foreign_owner.json()["errors"][0]["field"] == "owner"


def test_outsiders_get_404(client, trio, bearer):
    commitment = sample_commitment(trio)
    assert client.get(f"{BASE}/commitments").status_code == 401
    outsider = bearer(trio.outsider)
    assert client.get(f"{BASE}/commitments", **outsider).status_code == 404
    assert client.get(f"{BASE}/commitments/{commitment.pk}", **outsider).status_code == 404
    assert (
        client.get(f"/api/v1/organisations/elsewhere-test/commitments/{commitment.pk}", **outsider).status_code == 404
    )


def test_patch_changes_only_what_is_sent(client, trio, bearer):
    commitment = sample_commitment(trio, owner=trio.member)
    headers = bearer(trio.member)
    url = f"{BASE}/commitments/{commitment.pk}"
    changed = client.patch(
        url,
        {"version": 1, "status": "in_progress", "owner_id": trio.partner.pk},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    body = changed.json()
    assert (body["status"], body["owner_id"], body["level"], body["version"]) == (
        "in_progress",
        trio.partner.pk,
        "leader",
        2,
    )
    assert body["text"] == commitment.text
    # the member handed it on, so an admin's edit from an old read is the stale one now
    stale = client.patch(
        url, {"version": 1, "text": "Overwrite"}, content_type="application/json", **bearer(trio.owner)
    )
    assert stale.status_code == 409 and "Someone else changed" in stale.json()["detail"]
    assert client.get(url, **headers).json()["text"] == commitment.text


def test_patch_bad_input_and_who_may(client, trio, bearer):
    commitment = sample_commitment(trio, owner=trio.owner)
    url = f"{BASE}/commitments/{commitment.pk}"
    owner = bearer(trio.owner)
    for payload, field in [
        ({"level": "galaxy"}, "level"),
        ({"owner_id": trio.outsider.pk}, "owner"),
        ({"review_on": (TODAY - timedelta(days=1)).isoformat()}, "review_on"),
        ({"text": None}, "text"),
    ]:
        response = client.patch(url, {"version": 1, **payload}, content_type="application/json", **owner)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, payload
    assert client.patch(url, {"text": "No version"}, content_type="application/json", **owner).status_code == 422
    refused = client.patch(url, {"version": 1, "text": "x"}, content_type="application/json", **bearer(trio.partner))
    assert refused.status_code == 403
    outsider = client.patch(url, {"version": 1, "text": "x"}, content_type="application/json", **bearer(trio.outsider))
    assert outsider.status_code == 404
    assert client.get(url, **owner).json()["version"] == 1


def test_make_a_commitment_following_up_a_gap(client, trio, bearer):
    from tests.assessment.samples import sample_round

    round_ = sample_round(trio)
    headers = bearer(trio.member)
    made = client.post(
        f"{BASE}/commitments",
        {
            "level": "leader",
            "text": "Share power earlier.",
            "review_on": (TODAY + timedelta(days=9)).isoformat(),
            "source_round_id": round_.pk,
            "source_section": "power-sharing",
        },
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201
    assert (made.json()["source_round_id"], made.json()["source_section"]) == (round_.pk, "power-sharing")
    theirs = sample_round(trio, title="Theirs")
    theirs.organisation = trio.other_organisation
    theirs.save(update_fields=["organisation"])
    foreign = client.post(
        f"{BASE}/commitments",
        {"level": "leader", "text": "x", "review_on": TODAY.isoformat(), "source_round_id": theirs.pk},
        content_type="application/json",
        **headers,
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "source_round_id"
