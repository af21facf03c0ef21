"""People API: your own profile and consent records; facilitators and admins read everyone's and record consent.
Outsiders, system viewers and foreign ids get 404, the wrong role 403, bad input 422, a stale change 409."""

from datetime import date, timedelta

import pytest

from coqi.core.models import AuditEvent, SystemViewer
from coqi.core.roles import Role
from coqi.partners import services
from coqi.partners.models import ConsentRecord, PartnerProfile
from tests.factories import MembershipFactory, UserFactory
from tests.partners.samples import sample_consent

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organisations/riverside-test/people"


def _patch(client, url, body, headers):
    return client.patch(url, body, content_type="application/json", **headers)


def _post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["", "/me", "/me/consents", "/{person_id}", "/{person_id}/consents", "/consents/{consent_id}/withdraw"]:
        assert f"/api/v1/organisations/{{slug}}/people{path}" in paths, path


def test_my_profile_before_and_after_i_write_it(client, trio, bearer):
    headers = bearer(trio.partner)
    empty = client.get(f"{BASE}/me", **headers).json()
    assert empty["person_id"] == trio.partner.pk and empty["role"] == Role.LIVED_EXPERIENCE_PARTNER
    assert empty["version"] == 0 and empty["updated_at"] is None and empty["skills"] == ""
    saved = _patch(
        client,
        f"{BASE}/me",
        {
            "version": 0,
            "skills": "Listening, chairing meetings",
            "access_needs": "Large print",
            "availability": "Tuesday mornings",
        },
        headers,
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["skills"], body["access_needs"], body["version"]) == ("Listening, chairing meetings", "Large print", 1)
    # Only the fields sent change.
    again = _patch(client, f"{BASE}/me", {"version": 1, "declines_payment": True}, headers).json()
    assert again["skills"] == "Listening, chairing meetings" and again["declines_payment"] is True
    assert again["version"] == 2
    profile = PartnerProfile.objects.get(organisation=trio.organisation, person=trio.partner)
    assert profile.declines_payment and profile.availability == "Tuesday mornings"
    assert AuditEvent.objects.filter(action="profile.saved", actor=trio.partner).count() == 2


def test_a_stale_change_is_refused_and_nothing_is_saved(client, trio, bearer):
    headers = bearer(trio.partner)
    _patch(client, f"{BASE}/me", {"version": 0, "skills": "First"}, headers)
    stale = _patch(client, f"{BASE}/me", {"version": 0, "skills": "Second"}, headers)
    assert stale.status_code == 409 and "changed since you read it" in stale.json()["detail"]
    assert PartnerProfile.objects.get(person=trio.partner).skills == "First"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"version": 1, "skills": "x" * 2001}, "skills"),
        ({"version": 1, "skills": None}, "skills"),
        ({"skills": "No version"}, "version"),
        ({"version": "one"}, "version"),
        ({"version": 1, "declines_payment": "perhaps"}, "declines_payment"),
    ],
)
def test_bad_profile_input_is_422_naming_the_field(client, trio, bearer, body, field):
    headers = bearer(trio.partner)
    _patch(client, f"{BASE}/me", {"version": 0, "skills": "Kept"}, headers)
    response = _patch(client, f"{BASE}/me", body, headers)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert PartnerProfile.objects.get(person=trio.partner).skills == "Kept"


def test_keepers_read_every_profile_but_not_staffs_access_needs(client, trio, bearer, django_assert_max_num_queries):
    services.save_profile(
        actor=trio.partner,
        organisation=trio.organisation,
        person=trio.partner,
        access_needs="A quiet room",
        skills="Peer support",
    )
    services.save_profile(
        actor=trio.member,
        organisation=trio.organisation,
        person=trio.member,
        access_needs="Private to me",
        skills="Data analysis",
    )
    facilitator = UserFactory(display_name="Fay Facilitator")
    MembershipFactory(organisation=trio.organisation, user=facilitator, role=Role.FACILITATOR)
    headers = bearer(facilitator)
    with django_assert_max_num_queries(7):
        rows = client.get(BASE, **headers).json()
    by_person = {row["person_id"]: row for row in rows}
    assert set(by_person) == {trio.owner.pk, trio.member.pk, trio.partner.pk, facilitator.pk}
    assert by_person[trio.partner.pk]["access_needs"] == "A quiet room"
    assert by_person[trio.member.pk]["access_needs"] is None
    assert by_person[trio.member.pk]["skills"] == "Data analysis"
    one = client.get(f"{BASE}/{trio.partner.pk}", **headers).json()
    assert (one["skills"], one["access_needs"]) == ("Peer support", "A quiet room")
    assert client.get(f"{BASE}/{trio.member.pk}", **headers).json()["access_needs"] is None
    # A staff member still reads their own needs.
    assert client.get(f"{BASE}/me", **bearer(trio.member)).json()["access_needs"] == "Private to me"


def test_the_list_stays_at_a_few_queries_with_more_members(client, trio, bearer, django_assert_max_num_queries):
    for _ in range(15):
        person = UserFactory()
        MembershipFactory(organisation=trio.organisation, user=person, role=Role.LIVED_EXPERIENCE_PARTNER)
        services.save_profile(actor=person, organisation=trio.organisation, person=person, skills="Many")
    headers = bearer(trio.owner)
    with django_assert_max_num_queries(7):
        assert len(client.get(BASE, **headers).json()) == 18


@pytest.mark.parametrize("who", ["member", "partner"])
def test_other_roles_get_403_on_other_peoples_profiles(client, trio, bearer, who):
    headers = bearer(getattr(trio, who))
    consent = sample_consent(trio)
    for url in [BASE, f"{BASE}/{trio.owner.pk}", f"{BASE}/{trio.partner.pk}/consents"]:
        assert client.get(url, **headers).status_code == 403, url
    photo = {"what": "Photo", "agreed_on": "2026-01-01"}
    recorded = _post(client, f"{BASE}/{trio.partner.pk}/consents", photo, headers)
    assert recorded.status_code == 403
    if who == "member":
        # Someone else's consent record is as good as missing.
        assert _post(client, f"{BASE}/consents/{consent.pk}/withdraw", {}, headers).status_code == 404


def test_outsiders_system_viewers_and_foreign_ids_get_404(client, trio, bearer):
    consent = sample_consent(trio)
    viewer = UserFactory()
    SystemViewer.objects.create(system=trio.organisation.system, user=viewer)
    urls = [
        BASE,
        f"{BASE}/me",
        f"{BASE}/me/consents",
        f"{BASE}/{trio.partner.pk}",
        f"{BASE}/{trio.partner.pk}/consents",
    ]
    for person in [trio.outsider, viewer]:
        headers = bearer(person)
        for url in urls:
            assert client.get(url, **headers).status_code == 404, (person, url)
        assert _patch(client, f"{BASE}/me", {"version": 0, "skills": "x"}, headers).status_code == 404
        assert _post(client, f"{BASE}/consents/{consent.pk}/withdraw", {}, headers).status_code == 404
    owner = bearer(trio.owner)
    assert client.get(f"{BASE}/{trio.outsider.pk}", **owner).status_code == 404
    assert client.get(f"{BASE}/999999", **owner).status_code == 404
    assert (
        _post(
            client, f"{BASE}/{trio.outsider.pk}/consents", {"what": "Photo", "agreed_on": "2026-01-01"}, owner
        ).status_code
        == 404
    )
    elsewhere = services.record_consent(
        actor=trio.outsider,
        organisation=trio.other_organisation,
        person=trio.outsider,
        what="Elsewhere",
        agreed_on=date.today(),
    )
    assert _post(client, f"{BASE}/consents/{elsewhere.pk}/withdraw", {}, owner).status_code == 404
    assert client.get(f"{BASE}/me").status_code == 401


def test_keepers_record_consent_and_the_person_reads_and_withdraws_it(client, trio, bearer):
    owner, partner = bearer(trio.owner), bearer(trio.partner)
    agreed = (date.today() - timedelta(days=3)).isoformat()
    made = _post(
        client, f"{BASE}/{trio.partner.pk}/consents", {"what": "My story in staff training", "agreed_on": agreed}, owner
    )
    assert made.status_code == 201, made.content
    consent_id = made.json()["id"]
    assert made.json()["current"] is True and made.json()["person_id"] == trio.partner.pk
    mine = client.get(f"{BASE}/me/consents", **partner).json()
    assert [(c["id"], c["what"], c["agreed_on"]) for c in mine] == [(consent_id, "My story in staff training", agreed)]
    assert [c["id"] for c in client.get(f"{BASE}/{trio.partner.pk}/consents", **owner).json()] == [consent_id]
    withdrawn = _post(client, f"{BASE}/consents/{consent_id}/withdraw", {}, partner)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["current"] is False and withdrawn.json()["withdrawn_on"] == date.today().isoformat()
    twice = _post(client, f"{BASE}/consents/{consent_id}/withdraw", {}, owner)
    assert twice.status_code == 409 and "already been withdrawn" in twice.json()["detail"]
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_a_keeper_records_a_withdrawal_for_someone(client, trio, bearer):
    consent = sample_consent(trio)
    response = _post(client, f"{BASE}/consents/{consent.pk}/withdraw", {}, bearer(trio.owner))
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_on == date.today()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"what": "   ", "agreed_on": "2026-01-01"}, "what"),
        ({"what": "x" * 301, "agreed_on": "2026-01-01"}, "what"),
        ({"what": "Photo", "agreed_on": (date.today() + timedelta(days=1)).isoformat()}, "agreed_on"),
        ({"what": "Photo", "agreed_on": "not a date"}, "agreed_on"),
        ({"agreed_on": "2026-01-01"}, "what"),
    ],
)
def test_bad_consent_input_is_422_and_nothing_is_saved(client, trio, bearer, body, field):
    response = _post(client, f"{BASE}/{trio.partner.pk}/consents", body, bearer(trio.owner))
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not ConsentRecord.objects.exists()
