import pytest

from coqi.core import audit
from coqi.core.models import AuditEvent
from coqi.core.roles import Role

pytestmark = pytest.mark.django_db


def test_admin_changes_a_role_and_removes_a_member(trio, client_for):
    client = client_for(trio.owner)
    membership = trio.organisation.memberships.get(user=trio.member)
    base = f"/o/{trio.organisation.slug}/people/{membership.pk}"
    assert client.post(f"{base}/role/", {"role": Role.FACILITATOR}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR
    bad = client.post(f"{base}/role/", {"role": "emperor"})
    assert bad.status_code == 200 and "Choose a role from the list" in bad.content.decode()
    assert client.post(f"{base}/remove/").status_code == 302
    assert not trio.organisation.memberships.filter(user=trio.member).exists()


def test_removing_the_last_admin_shows_an_error_not_a_crash(trio, client_for):
    client = client_for(trio.owner)
    membership = trio.organisation.memberships.get(user=trio.owner)
    response = client.post(f"/o/{trio.organisation.slug}/people/{membership.pk}/remove/")
    assert response.status_code == 200 and "at least one admin" in response.content.decode()


def test_audit_trail_filters_and_pages(trio, client_for):
    for n in range(30):
        audit.record(
            actor=trio.member, organisation=trio.organisation, action="thing.created", target=None, changes={"n": n}
        )
    audit.record(actor=trio.owner, organisation=trio.organisation, action="thing.removed")
    audit.record(actor=trio.outsider, organisation=trio.other_organisation, action="secret.elsewhere")
    client = client_for(trio.owner)
    url = f"/o/{trio.organisation.slug}/audit/"
    page = client.get(url).content.decode()
    assert "Changes, newest first (31)" in page and "secret.elsewhere" not in page
    assert "Older changes" in page
    assert "(1)" in client.get(url, {"action": "thing.removed"}).content.decode()
    assert "(30)" in client.get(url, {"person": trio.member.pk}).content.decode()
    bad = client.get(url, {"date_from": "2026-13-40"})
    assert bad.status_code == 200 and "Enter the &#39;from&#39; date" in bad.content.decode()
    assert client.get(url, {"page": "999"}).status_code == 200
    assert AuditEvent.objects.filter(organisation=trio.organisation).count() == 31
