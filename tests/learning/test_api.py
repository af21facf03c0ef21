"""Learning API: facilitators see every event and answer, others only their own; 403, 404 outside, 422 naming the
field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coqi.core.roles import Role
from coqi.learning.models import LearningEvent
from tests.factories import MembershipFactory, UserFactory
from tests.learning.samples import sample_event, sample_opportunity

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/riverside-test/learning"


@pytest.fixture
def facilitator(trio):
    person = UserFactory(display_name="Fran Facilitator")
    MembershipFactory(organisation=trio.organisation, user=person, role=Role.FACILITATOR)
    return person


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["events", "figures", "opportunities"]:
        assert f"/api/v1/organisations/{{slug}}/learning/{path}" in paths


def test_events_with_attendance_for_keepers_and_only_their_own_for_others(client, trio, bearer, facilitator):
    together = sample_event(trio, title="Together", attendees=[trio.member, trio.partner])
    sample_event(trio, title="Staff only", attendees=[trio.member])
    rows = client.get(f"{BASE}/events", **bearer(facilitator)).json()
    assert {r["title"] for r in rows} == {"Together", "Staff only"}
    row = next(r for r in rows if r["id"] == together.pk)
    assert row["learnt_together"] is True and row["hours"] == "2"
    assert {(a["person_id"], a["experience"]) for a in row["attendees"]} == {
        (trio.member.pk, "learnt"),
        (trio.partner.pk, "lived"),
    }
    assert [r["title"] for r in client.get(f"{BASE}/events", **bearer(trio.partner)).json()] == ["Together"]
    assert client.get(f"{BASE}/figures", **bearer(trio.partner)).status_code == 403
    figures = client.get(f"{BASE}/figures", **bearer(facilitator)).json()
    assert (figures[0]["events"], figures[0]["events_learnt_together"]) == (2, 1)


def test_record_an_event(client, trio, bearer, facilitator):
    payload = {
        "topic": "facilitation",
        "title": "Facilitating as equals",
        "held_on": date.today().isoformat(),
        "hours": "1.5",
        "run_by": "Network",
        "attendee_ids": [trio.partner.pk, trio.member.pk],
    }
    made = client.post(f"{BASE}/events", payload, content_type="application/json", **bearer(facilitator))
    assert made.status_code == 201 and made.json()["learnt_together"] is True
    assert (
        client.post(f"{BASE}/events", payload, content_type="application/json", **bearer(trio.partner)).status_code
        == 403
    )
    bad = client.post(
        f"{BASE}/events",
        {**payload, "held_on": (date.today() + timedelta(days=3)).isoformat()},
        content_type="application/json",
        **bearer(facilitator),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "held_on"
    foreign = client.post(
        f"{BASE}/events",
        {**payload, "attendee_ids": [trio.outsider.pk]},
        content_type="application/json",
        **bearer(facilitator),
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "attendee_ids"
    assert LearningEvent.objects.count() == 1


def test_opportunities_show_others_only_their_own_answer(client, trio, bearer, facilitator):
    sample_opportunity(trio, title="For the partner", offered_to=[trio.partner, trio.member])
    sample_opportunity(trio, title="For staff", offered_to=[trio.member])
    everything = client.get(f"{BASE}/opportunities", **bearer(facilitator)).json()
    assert {o["title"] for o in everything} == {"For the partner", "For staff"}
    mine = client.get(f"{BASE}/opportunities", **bearer(trio.partner)).json()
    assert [o["title"] for o in mine] == ["For the partner"]
    assert [r["person_id"] for r in mine[0]["responses"]] == [trio.partner.pk]


def test_outsiders_and_no_token(client, trio, bearer):
    assert client.get(f"{BASE}/events", **bearer(trio.outsider)).status_code == 404
    assert client.get(f"{BASE}/events").status_code == 401
