"""Board report API: the figures as JSON for a period; 401 without a token, 404 outside, 422 naming the date."""

import pytest

from tests.reports.helpers import MEASURE_NAME, full_organisation

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/riverside-test/board-report"


def test_schema_documents_the_endpoint(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/organisations/{slug}/board-report"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"slug", "from", "to"}


def test_figures(client, trio, bearer):
    made = full_organisation(trio)
    body = client.get(URL, **bearer(trio.partner)).json()
    assert body["organisation"] == "riverside-test" and body["portfolio"]["total"] == 3
    assert [m["title"] for m in body["measures"]] == [MEASURE_NAME]
    assert body["measures"][0]["variation"] == "improvement_low"
    co = body["coproduction"]
    assert co["early_involvement"] == {"projects_started": 3, "partners_from_first_conversation": 2, "share": 0.6667}
    assert co["activities"]["by_rung"]["co_design"] == 3 and co["partner_hours"] == 7.0
    # One person was paid: a partner is told payments were made, not how much (that would be someone's pay).
    assert (co["payments"]["withheld"], co["payments"]["people"], co["payments"]["paid_pence"]) == (True, 1, 0)
    admin_view = client.get(URL, **bearer(trio.owner)).json()["coproduction"]["payments"]
    assert (admin_view["withheld"], admin_view["paid_pence"]) == (False, made["line"].amount_pence)
    assert co["concentration"]["available"] is True and co["concentration"]["busy_partners"] == 0
    assert body["experience"]["percent_positive"] == 75.0
    assert body["assessment"]["round"] == "Spring self-assessment"
    assert body["commitments"]["overdue"] == 1 and body["commitments"]["items"][0]["overdue"] is True
    assert body["successes"][0]["title"] == "Kinder outpatients"


def test_chosen_period(client, trio, bearer):
    full_organisation(trio)
    body = client.get(f"{URL}?from=2020-01-01&to=2020-12-31", **bearer(trio.owner)).json()
    assert body["period"] == {"from": "2020-01-01", "to": "2020-12-31"}
    assert body["coproduction"]["activities"]["total"] == 0 and body["experience"]["comments"] == 0


def test_bad_dates_are_422_naming_the_field(client, trio, bearer):
    response = client.get(f"{URL}?from=2026-02-30", **bearer(trio.owner))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "from", "message": "Enter the start date as a real date, like 2026-04-01"}
    ]


def test_no_token_401_and_outsider_404(client, trio, bearer):
    assert client.get(URL).status_code == 401
    assert client.get(URL, **bearer(trio.outsider)).status_code == 404


def test_system_viewer_reads_the_figures(client, trio, bearer):
    from coqi.core.models import SystemViewer
    from tests.factories import UserFactory

    viewer = UserFactory()
    SystemViewer.objects.create(system=trio.organisation.system, user=viewer)
    response = client.get(URL, **bearer(viewer))
    assert response.status_code == 200 and response.json()["portfolio"]["total"] == 0
