"""Self-assessment API: rounds and results, token-protected, 404 for outsiders and foreign ids."""

import pytest

from coqi.accounts import services as account_services
from tests.assessment.test_views import _complete_round

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
    assert body["placement"]["continuum"] == "Early in both quality improvement and co-production"


def test_outsiders_and_foreign_ids_get_404(client, trio, bearer):
    round_ = _complete_round(trio)
    assert client.get(f"{BASE}/assessment/rounds").status_code == 401
    outsider = bearer(trio.outsider)
    assert client.get(f"{BASE}/assessment/rounds", **outsider).status_code == 404
    assert client.get(f"{BASE}/assessment/rounds/{round_.pk}/results", **outsider).status_code == 404
    own = "/api/v1/organisations/elsewhere-test"
    assert client.get(f"{own}/assessment/rounds/{round_.pk}/results", **outsider).status_code == 404
