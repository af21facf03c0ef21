"""Each write goes through a service that records exactly one audit event."""

import pytest
from django.core.exceptions import ValidationError

from coqi.core import audit, services
from coqi.core.models import AuditEvent
from coqi.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_events():
    def count():
        return AuditEvent.objects.count()

    return count


def test_each_service_records_one_event(trio, count_events):
    from tests.factories import UserFactory

    steps = [
        lambda: services.add_member(
            actor=trio.owner, organisation=trio.organisation, user=UserFactory(), role=Role.STAFF
        ),
        lambda: services.change_role(
            actor=trio.owner, membership=trio.organisation.memberships.get(user=trio.member), role=Role.FACILITATOR
        ),
        lambda: services.invite_person(
            actor=trio.owner, organisation=trio.organisation, email="x@example.com", role=Role.LIVED_EXPERIENCE_PARTNER
        ),
        lambda: services.remove_member(
            actor=trio.owner, membership=trio.organisation.memberships.get(user=trio.member)
        ),
    ]
    for step in steps:
        before = count_events()
        step()
        assert count_events() == before + 1
    event = AuditEvent.objects.first()
    assert event.action == "membership.removed"
    assert event.actor == trio.owner and event.organisation == trio.organisation
    assert event.changes["person"] == "member@example.com"


def test_role_change_records_before_and_after(trio):
    membership = trio.organisation.memberships.get(user=trio.member)
    services.change_role(actor=trio.owner, membership=membership, role=Role.FACILITATOR)
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.changes["role"] == ["staff", "facilitator"]
    assert event.target_type == "core.membership" and event.target_id == str(membership.pk)


def test_the_last_admin_cannot_be_removed_or_demoted(trio):
    owner_membership = trio.organisation.memberships.get(user=trio.owner)
    with pytest.raises(ValidationError):
        services.change_role(actor=trio.owner, membership=owner_membership, role=Role.STAFF)
    with pytest.raises(ValidationError):
        services.remove_member(actor=trio.owner, membership=owner_membership)
    assert AuditEvent.objects.filter(organisation=trio.organisation).count() == 0


def test_inviting_an_existing_member_is_refused(trio):
    with pytest.raises(ValidationError) as error:
        services.invite_person(
            actor=trio.owner, organisation=trio.organisation, email="MEMBER@example.com", role=Role.STAFF
        )
    assert "email" in error.value.message_dict


def test_audit_record_api_for_other_areas(trio):
    event = audit.record(
        actor=trio.member,
        organisation=trio.organisation,
        action="project.created",
        target=trio.organisation,
        changes={"title": [None, "Fewer falls"]},
    )
    assert event.actor_label == "member@example.com"
    assert event.changes == {"title": [None, "Fewer falls"]}


def test_the_audit_trail_outlives_the_organisation(trio):
    """A site operator may delete an organisation; what was done there stays on the record, named in words."""
    services.change_role(
        actor=trio.owner, membership=trio.organisation.memberships.get(user=trio.member), role=Role.FACILITATOR
    )
    events = list(AuditEvent.objects.filter(organisation=trio.organisation).values_list("pk", flat=True))
    assert events
    trio.organisation.delete()
    kept = AuditEvent.objects.filter(pk__in=events)
    assert kept.count() == len(events)
    assert {(e.organisation_id, e.organisation_label) for e in kept} == {
        (None, "Riverside Test Trust (riverside-test)")
    }
