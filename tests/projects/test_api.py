"""The projects API: token-protected, OpenAPI-documented, 404 for foreign ids, 422 naming the field, 409 on conflict."""

from datetime import date, timedelta

import pytest

from coqi.projects.models import Activity
from tests.projects.samples import sample_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(trio):
    return sample_project(trio)


BASE = "/api/v1/organisations/riverside-test"


def test_schema_documents_the_project_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/organisations/{slug}/projects",
        "/api/v1/organisations/{slug}/projects/{project_id}",
        "/api/v1/organisations/{slug}/projects/{project_id}/team",
        "/api/v1/organisations/{slug}/projects/{project_id}/activities",
        "/api/v1/organisations/{slug}/projects/{project_id}/decisions",
        "/api/v1/organisations/{slug}/activities",
    ]:
        assert path in paths, path


def test_token_required(client, made):
    assert client.get(f"{BASE}/projects").status_code == 401


def test_list_and_read_projects(client, trio, made, bearer):
    rows = client.get(f"{BASE}/projects", **bearer(trio.partner)).json()
    assert [r["title"] for r in rows] == ["Sample project"]
    assert rows[0]["team_size"] == 2 and rows[0]["partner_count"] == 1 and rows[0]["partner_at_first_activity"] is True
    one = client.get(f"{BASE}/projects/{made['project'].pk}", **bearer(trio.partner)).json()
    assert one["partner_at_first_activity"] is True and one["first_activity_id"] == made["activity"].pk


def test_outsiders_and_foreign_ids_get_404(client, trio, made, bearer):
    pid = made["project"].pk
    outsider = bearer(trio.outsider)
    for url in [
        f"{BASE}/projects",
        f"{BASE}/projects/{pid}",
        f"{BASE}/projects/{pid}/team",
        f"{BASE}/projects/{pid}/activities",
        f"{BASE}/projects/{pid}/decisions",
        f"{BASE}/activities",
    ]:
        assert client.get(url, **outsider).status_code == 404, url
    member = bearer(trio.member)
    assert client.get(f"{BASE}/projects/999999", **member).status_code == 404
    # a person from another organisation cannot be added by id
    response = client.post(
        f"{BASE}/projects/{pid}/team",
        {"person_id": trio.outsider.pk, "role": "carer", "role_description": "x"},
        content_type="application/json",
        **member,
    )
    assert response.status_code == 404


def test_create_project_and_422_names_the_field(client, trio, bearer):
    headers = bearer(trio.member)
    created = client.post(
        f"{BASE}/projects",
        {"title": "Discharge letters", "your_role": "facilitator", "your_role_description": "Runs the sessions"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201 and created.json()["team_size"] == 1
    bad = client.post(f"{BASE}/projects", {"title": "  "}, content_type="application/json", **headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "title"
    missing = client.post(f"{BASE}/projects", {}, content_type="application/json", **headers)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "title"


def test_patch_checks_the_version(client, trio, made, bearer):
    pid, version = made["project"].pk, made["project"].version
    headers = bearer(trio.member)
    first = client.patch(
        f"{BASE}/projects/{pid}", {"version": version, "stage": "plan"}, content_type="application/json", **headers
    )
    assert first.status_code == 200 and first.json()["stage"] == "plan"
    stale = client.patch(
        f"{BASE}/projects/{pid}", {"version": version, "title": "Overwrite"}, content_type="application/json", **headers
    )
    assert stale.status_code == 409 and "Someone else changed this project" in stale.json()["detail"]
    bad_stage = client.patch(
        f"{BASE}/projects/{pid}",
        {"version": first.json()["version"], "stage": "finished"},
        content_type="application/json",
        **headers,
    )
    assert bad_stage.status_code == 422 and bad_stage.json()["errors"][0]["field"] == "stage"


def test_partner_not_on_team_cannot_write(client, trio, made, bearer):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    other_partner = UserFactory()
    MembershipFactory(organisation=trio.organisation, user=other_partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    payload = {
        "question": "q",
        "options": ["a"],
        "method": "vote",
        "rung": "informing",
        "decided_on": str(date.today()),
        "outcome": "a",
    }
    response = client.post(
        f"{BASE}/projects/{made['project'].pk}/decisions",
        payload,
        content_type="application/json",
        **bearer(other_partner),
    )
    assert response.status_code == 403


def test_record_activity_with_attendance(client, trio, made, bearer):
    pid = made["project"].pk
    payload = {
        "kind": "workshop",
        "title": "Journey mapping",
        "held_on": str(date.today() - timedelta(days=1)),
        "hours": "3",
        "rung": "co_design",
        "attendance": [{"person_id": trio.partner.pk}, {"person_id": trio.member.pk, "hours": "1.5"}],
    }
    response = client.post(
        f"{BASE}/projects/{pid}/activities", payload, content_type="application/json", **bearer(trio.partner)
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {(a["name"], a["experience"]) for a in body["attendance"]} == {
        ("Pat Partner", "lived"),
        ("Mo Member", "learnt"),
    }
    listed = client.get(f"{BASE}/projects/{pid}/activities", **bearer(trio.member)).json()
    assert listed[0]["title"] == "Journey mapping"


def test_activity_attendance_from_another_organisation_is_422_naming_the_row(client, trio, made, bearer):
    payload = {
        "kind": "meeting",
        "title": "x",
        "held_on": str(date.today()),
        "hours": 1,
        "rung": "informing",
        "attendance": [{"person_id": trio.partner.pk}, {"person_id": trio.outsider.pk}],
    }
    response = client.post(
        f"{BASE}/projects/{made['project'].pk}/activities",
        payload,
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "attendance.1.person_id"
    far_future = dict(payload, attendance=[], held_on=str(date.today() + timedelta(days=800)))
    response = client.post(
        f"{BASE}/projects/{made['project'].pk}/activities",
        far_future,
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "held_on"
    attended_ahead = dict(
        payload, attendance=[{"person_id": trio.partner.pk}], held_on=str(date.today() + timedelta(days=3))
    )
    response = client.post(
        f"{BASE}/projects/{made['project'].pk}/activities",
        attended_ahead,
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "attendance"
    too_long = dict(payload, attendance=[], hours=30)
    response = client.post(
        f"{BASE}/projects/{made['project'].pk}/activities",
        too_long,
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "hours"


def test_organisation_activities(client, trio, made, bearer):
    rows = client.get(f"{BASE}/activities", **bearer(trio.partner)).json()
    assert [r["title"] for r in rows] == ["Partners' forum"] and rows[0]["project_id"] is None
    payload = {"kind": "event", "title": "Open day", "held_on": str(date.today()), "hours": 2, "rung": "informing"}
    assert (
        client.post(f"{BASE}/activities", payload, content_type="application/json", **bearer(trio.partner)).status_code
        == 403
    )
    assert (
        client.post(f"{BASE}/activities", payload, content_type="application/json", **bearer(trio.member)).status_code
        == 201
    )
    assert Activity.objects.filter(title="Open day", project=None).exists()


def test_team_and_decisions(client, trio, made, bearer):
    pid = made["project"].pk
    team = client.get(f"{BASE}/projects/{pid}/team", **bearer(trio.partner)).json()
    assert {m["role"] for m in team} == {"staff_partner", "lived_experience_partner"}
    partner_id = next(m["id"] for m in team if m["role"] == "lived_experience_partner")
    payload = {
        "question": "Which ward first?",
        "options": ["Ward 7", "Ward 9"],
        "method": "consent",
        "rung": "co_production",
        "decided_on": str(date.today()),
        "present_member_ids": [partner_id],
        "outcome": "Ward 7",
        "dissents": [{"name": "Pat", "in_their_words": "Ward 9 needs it more."}],
    }
    response = client.post(
        f"{BASE}/projects/{pid}/decisions", payload, content_type="application/json", **bearer(trio.partner)
    )
    assert response.status_code == 201
    body = response.json()
    assert body["dissents"] == [{"name": "Pat", "in_their_words": "Ward 9 needs it more."}]
    assert body["in_the_room"][0]["count"] == 1
    foreign = dict(payload, present_member_ids=[999999])
    response = client.post(
        f"{BASE}/projects/{pid}/decisions", foreign, content_type="application/json", **bearer(trio.partner)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "present_member_ids"
    bad_method = dict(payload, method="shout")
    response = client.post(
        f"{BASE}/projects/{pid}/decisions", bad_method, content_type="application/json", **bearer(trio.partner)
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "method"


def test_invite_by_email_through_the_api(client, trio, made, bearer):
    pid = made["project"].pk
    response = client.post(
        f"{BASE}/projects/{pid}/team",
        {"email": "newcomer@example.com", "role": "community_member", "role_description": "From the residents' group"},
        content_type="application/json",
        **bearer(trio.member),
    )
    assert response.status_code == 202 and response.json()["invited"] == "newcomer@example.com"
    # partners on the team may add existing colleagues, but not invite new people into the organisation
    response = client.post(
        f"{BASE}/projects/{pid}/team",
        {"email": "another@example.com", "role": "carer", "role_description": "x"},
        content_type="application/json",
        **bearer(trio.partner),
    )
    assert response.status_code == 403
