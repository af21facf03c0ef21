"""Self-assessment API: rounds and results, token-protected, 404 for outsiders and foreign ids."""

import pytest

from coqi.accounts import services as account_services
from coqi.assessment import framework as frameworks
from coqi.assessment.models import Response
from coqi.assessment.services import rounds as services
from coqi.core.models import AuditEvent, SystemViewer
from tests.assessment.samples import all_ratings, sample_round
from tests.assessment.test_views import _complete_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organisations/riverside-test"


@pytest.fixture
def bearer():
    def make(user):
        _, secret = account_services.create_access_token(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/organisations/{slug}/assessment/rounds" in paths
    assert "/api/v1/organisations/{slug}/assessment/rounds/{round_id}/results" in paths


def test_rounds_and_results(client, trio, bearer, django_assert_max_num_queries):
    round_ = _complete_round(trio)
    headers = bearer(trio.partner)
    rows = client.get(f"{BASE}/assessment/rounds", **headers).json()
    assert [(r["title"], r["lived_count"], r["learnt_count"]) for r in rows] == [("Sample round", 2, 2)]
    with django_assert_max_num_queries(8):
        body = client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **headers).json()
    assert body["visible"] is True and body["scale_highest"] == 5
    power = next(s for s in body["sections"] if s["id"] == "power-sharing")
    assert (power["lived"], power["learnt"], power["gap"]) == (2, 4, -2)
    # Everyone averages exactly 3 of 5, the midpoint: on the boundary counts as the higher side.
    assert body["placement"]["continuum"] == "Co-produced quality improvement"


def test_outsiders_and_foreign_ids_get_404(client, trio, bearer):
    round_ = _complete_round(trio)
    assert client.get(f"{BASE}/assessment/rounds").status_code == 401
    outsider = bearer(trio.outsider)
    assert client.get(f"{BASE}/assessment/rounds", **outsider).status_code == 404
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **outsider).status_code == 404
    own = "/api/v1/organisations/elsewhere-test"
    assert client.get(f"{own}/assessment/rounds/{round_.pk}/results", **outsider).status_code == 404


def test_schema_documents_writing_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    rounds = "/api/v1/organisations/{slug}/assessment/rounds"
    assert "post" in paths[rounds]
    assert "put" in paths[rounds + "/{round_id}/answers"]
    assert "post" in paths[rounds + "/{round_id}/close"]
    assert rounds + "/{round_id}/framework" in paths


def test_only_admins_and_facilitators_open_and_close_rounds(client, trio, bearer):
    refused = client.post(
        f"{BASE}/assessment/rounds", {"title": "Winter"}, content_type="application/json", **bearer(trio.member)
    )
    assert refused.status_code == 403
    owner = bearer(trio.owner)
    blank = client.post(f"{BASE}/assessment/rounds", {"title": "  "}, content_type="application/json", **owner)
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "title"
    opened = client.post(f"{BASE}/assessment/rounds", {"title": "Winter"}, content_type="application/json", **owner)
    assert opened.status_code == 201
    body = opened.json()
    assert body["is_open"] is True and body["framework_version"] == frameworks.current().version
    round_id = body["id"]
    assert client.post(f"{BASE}/assessment/rounds/{round_id}/close", **bearer(trio.partner)).status_code == 403
    closed = client.post(f"{BASE}/assessment/rounds/{round_id}/close", **owner)
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    audit = AuditEvent.objects.filter(organisation=trio.organisation, action__startswith="assessment.round")
    assert sorted(audit.values_list("action", flat=True)) == ["assessment.round_closed", "assessment.round_opened"]


def test_answer_a_round_draft_then_submit(client, trio, bearer):
    round_ = sample_round(trio)
    headers = bearer(trio.partner)
    url = f"{BASE}/assessment/rounds/{round_.pk}/answers"
    framework = client.get(f"{BASE}/assessment/rounds/{round_.pk}/framework", **headers).json()
    statement_ids = [st["id"] for s in framework["sections"] for st in s["statements"]]
    assert statement_ids == [st.id for st in frameworks.current().statements]
    assert client.get(url, **headers).status_code == 404

    first = statement_ids[0]
    draft = client.put(
        url,
        {"experience": "lived", "ratings": {first: 2}, "comments": {first: "Not yet."}},
        content_type="application/json",
        **headers,
    )
    assert draft.status_code == 200 and draft.json()["submitted"] is False
    assert client.get(url, **headers).json()["ratings"] == {first: 2}
    # a draft is never counted
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}", **headers).json()["lived_count"] == 0

    incomplete = client.put(
        url, {"experience": "lived", "ratings": {first: 2}, "submit": True}, content_type="application/json", **headers
    )
    assert incomplete.status_code == 422
    assert {e["field"] for e in incomplete.json()["errors"]} == set(statement_ids[1:])
    assert Response.objects.get(round=round_, respondent=trio.partner).submitted_at is None

    off_scale = client.put(
        url, {"experience": "lived", "ratings": {first: 9}}, content_type="application/json", **headers
    )
    assert off_scale.status_code == 422 and off_scale.json()["errors"][0]["field"] == first
    unknown = client.put(url, {"experience": "both", "ratings": {}}, content_type="application/json", **headers)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "experience"

    submitted = client.put(
        url,
        {"experience": "lived", "ratings": all_ratings(3), "submit": True},
        content_type="application/json",
        **headers,
    )
    assert submitted.status_code == 200 and submitted.json()["submitted"] is True
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}", **headers).json()["lived_count"] == 1
    again = client.put(
        url,
        {"experience": "lived", "ratings": all_ratings(1), "submit": True},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 409 and "already submitted" in again.json()["detail"]


def test_a_closed_round_refuses_answers(client, trio, bearer):
    round_ = sample_round(trio)
    services.close_round(actor=trio.owner, round=round_)
    response = client.put(
        f"{BASE}/assessment/rounds/{round_.pk}/answers",
        {"experience": "learnt", "ratings": all_ratings(4), "submit": True},
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 409 and "closed" in response.json()["detail"]
    assert not Response.objects.filter(round=round_).exists()


def test_results_are_suppressed_until_two_in_each_group(client, trio, bearer):
    round_ = sample_round(trio)
    for person, experience in [(trio.partner, "lived"), (trio.member, "learnt"), (trio.owner, "learnt")]:
        services.save_response(actor=person, round=round_, experience=experience, ratings=all_ratings(3), submit=True)
    body = client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **bearer(trio.owner)).json()
    assert body["visible"] is False
    assert body["sections"] == [] and body["placement"] is None and body["curves"] == [] and body["comments"] == []
    assert body["largest_gaps"] == []


def test_results_carry_gaps_curves_and_anonymous_comments(client, trio, bearer):
    round_ = _complete_round(trio)
    body = client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **bearer(trio.member)).json()
    assert "power-sharing" in body["largest_gaps"]
    assert [c["name"] for c in body["curves"]] == [
        "Quality assurance",
        "Quality improvement",
        "Co-produced improvement",
    ]
    assert all(c["value"] == 3 for c in body["curves"])
    assert body["comments"] and set(body["comments"][0]) == {"section", "text"}


def test_system_viewer_reads_but_cannot_answer(client, trio, bearer):
    round_ = _complete_round(trio)
    viewer = UserFactory()
    SystemViewer.objects.create(system=trio.organisation.system, user=viewer)
    headers = bearer(viewer)
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **headers).json()["visible"] is True
    answer = client.put(
        f"{BASE}/assessment/rounds/{round_.pk}/answers",
        {"experience": "learnt", "ratings": {}},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 403


def test_outsiders_cannot_write(client, trio, bearer):
    round_ = sample_round(trio)
    outsider = bearer(trio.outsider)
    assert (
        client.post(
            f"{BASE}/assessment/rounds", {"title": "x"}, content_type="application/json", **outsider
        ).status_code
        == 404
    )
    assert client.post(f"{BASE}/assessment/rounds/{round_.pk}/close", **outsider).status_code == 404
    assert (
        client.put(
            f"{BASE}/assessment/rounds/{round_.pk}/answers",
            {"experience": "learnt", "ratings": {}},
            content_type="application/json",
            **outsider,
        ).status_code
        == 404
    )
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}/framework", **outsider).status_code == 404
    # the outsider's own organisation does not have this round either
    own = f"/api/v1/organisations/elsewhere-test/assessment/rounds/{round_.pk}"
    assert (
        client.put(
            f"{own}/answers", {"experience": "learnt", "ratings": {}}, content_type="application/json", **outsider
        ).status_code
        == 404
    )
    assert client.post(f"{own}/close", **outsider).status_code == 404
    round_.refresh_from_db()
    assert round_.is_open
