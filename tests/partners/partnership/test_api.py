"""Partnership API: figures for the organisation and a project, suggestions; names only for facilitators and
admins; 401 without a token, 404 outside, 403 for suggestions without the role, 422 for a bad date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coqi.partners import services as partner_services
from tests.partners.partnership.data import known_set

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/riverside-test"


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/organisations/{slug}/partnership/concentration",
        "/api/v1/organisations/{slug}/projects/{project_id}/partnership/concentration",
        "/api/v1/organisations/{slug}/projects/{project_id}/partnership/suggestions",
    ):
        assert path in paths


def test_organisation_figures_with_names_for_facilitators(client, trio, bearer):
    data = known_set(trio)
    body = client.get(f"{BASE}/partnership/concentration", **bearer(data.facilitator)).json()
    assert body["partner_count"] == 5 and float(body["partner_hours"]) == 40
    assert body["top_three_share"] == pytest.approx(0.8) and body["index"] == pytest.approx(0.32)
    assert body["effective_partners"] == pytest.approx(3.125)
    assert body["single_partner_projects"] == [{"id": data.call_bells.pk, "title": "Bedside call bells"}]
    assert body["busy_partners"] == [{"person_id": data.ada.pk, "name": "Ada", "project_count": 4}]
    assert body["alert"] is True and len(body["reasons"]) == 4
    assert body["thresholds"]["top_three_share"] == 0.6


def test_partners_get_figures_without_names(client, trio, bearer):
    known_set(trio)
    body = client.get(f"{BASE}/partnership/concentration", **bearer(trio.partner)).json()
    assert body["busy_partner_count"] == 1 and body["busy_partners"] is None


def test_since(client, trio, bearer):
    known_set(trio)
    headers = bearer(trio.owner)
    older = (date.today() - timedelta(days=500)).isoformat()
    assert float(client.get(f"{BASE}/partnership/concentration?since={older}", **headers).json()["partner_hours"]) == 48
    future = client.get(f"{BASE}/partnership/concentration?since={date.today() + timedelta(days=1)}", **headers)
    assert future.status_code == 200 and float(future.json()["partner_hours"]) == 0
    assert client.get(f"{BASE}/partnership/concentration?since=yesterday", **headers).status_code == 422


def test_project_figures(client, trio, bearer):
    data = known_set(trio)
    body = client.get(f"{BASE}/projects/{data.call_bells.pk}/partnership/concentration", **bearer(trio.member)).json()
    assert body["partner_count"] == 1 and body["index"] == 1.0 and body["alert"] is True
    assert body["busy_partners"] is None and body["busy_partner_count"] == 1


def test_suggestions(client, trio, bearer):
    data = known_set(trio)
    partner_services.save_profile(
        actor=data.facilitator, organisation=data.organisation, person=data.cal, lived_experience="A fall at night"
    )
    response = client.get(f"{BASE}/projects/{data.falls.pk}/partnership/suggestions", **bearer(trio.owner))
    body = response.json()
    assert response.status_code == 200
    assert body["suggestions"][0]["name"] == "Cal" and body["suggestions"][0]["score"] == 6
    assert body["suggestions"][0]["matches"] == [{"field": "Lived experience", "words": ["fall", "night"]}]
    assert (
        client.get(f"{BASE}/projects/{data.falls.pk}/partnership/suggestions?limit=0", **bearer(trio.owner)).status_code
        == 422
    )
    denied = client.get(f"{BASE}/projects/{data.falls.pk}/partnership/suggestions", **bearer(trio.partner))
    assert denied.status_code == 403


def test_outsiders_and_foreign_ids(client, trio, bearer):
    data = known_set(trio)
    assert client.get(f"{BASE}/partnership/concentration").status_code == 401
    assert client.get(f"{BASE}/partnership/concentration", **bearer(trio.outsider)).status_code == 404
    assert (
        client.get(f"{BASE}/projects/{data.falls.pk}/partnership/concentration", **bearer(trio.outsider)).status_code
        == 404
    )
    assert client.get(f"{BASE}/projects/999999/partnership/suggestions", **bearer(trio.owner)).status_code == 404
