"""Archiving a measure: gone from the summary, the celebration page and the board report's figures; data and page
kept; brought back; versioned and audited; only for people who may edit the project."""

from datetime import date

import pytest

from coqi.core.models import AuditEvent
from coqi.improvement.models import Measure
from coqi.improvement.selectors import measures as selectors
from coqi.improvement.services import measures as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(setup, trio):
    def make(name):
        measure = services.create_measure(
            actor=trio.member,
            project=setup.project,
            name=name,
            kind=Measure.Kind.OUTCOME,
            definition="Counted monthly.",
            unit="falls",
            improvement_direction=Measure.Direction.DECREASE,
        )
        for month in range(1, 4):
            services.record_data_point(actor=trio.member, measure=measure, period=date(2025, month, 1), value=month)
        return measure

    return make("Falls"), make("Old measure")


def url(setup, tail=""):
    return f"/o/{setup.project.organisation.slug}/projects/{setup.project.pk}/measures/{tail}"


def test_archive_hides_a_measure_keeps_its_data_and_can_bring_it_back(setup, trio, measures, client_for):
    falls, old = measures
    client = client_for(trio.member)
    detail = client.get(url(setup, f"{old.pk}/")).content.decode()
    assert "Archive this measure" in detail
    response = client.post(url(setup, f"{old.pk}/archive/"), {"action": "archive", "version": old.version})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.is_archived and old.data_points.count() == 3
    assert [m.name for m in selectors.measures_of(project=setup.project)] == ["Falls"]
    assert [s.measure.name for s in selectors.organisation_summary(organisation=trio.organisation)] == ["Falls"]

    page = client.get(url(setup, f"{old.pk}/")).content.decode()
    assert "Archived on" in page and "Bring this measure back into use" in page
    summary = client.get(url(setup)).content.decode()
    table = summary.split("Archived measures")[0]
    assert "Falls" in table and "Old measure" not in table
    assert "Archived measures" in summary and f"measures/{old.pk}/" in summary.split("Archived measures")[1]
    celebration = client.get(f"/o/{trio.organisation.slug}/projects/{setup.project.pk}/celebrate/").content.decode()
    assert "Old measure" not in celebration

    back = client.post(url(setup, f"{old.pk}/archive/"), {"action": "restore", "version": old.version})
    assert back.status_code == 302
    assert [m.name for m in selectors.measures_of(project=setup.project)] == ["Falls", "Old measure"]
    assert list(
        AuditEvent.objects.filter(action__in=["measure.archived", "measure.restored"])
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["measure.archived", "measure.restored"]


def test_a_stale_archive_is_refused_with_a_message(setup, trio, measures, client_for):
    _, old = measures
    client = client_for(trio.member)
    services.update_measure(actor=trio.owner, measure=old, expected_version=old.version, name="Renamed")
    response = client.post(url(setup, f"{old.pk}/archive/"), {"action": "archive", "version": 1}, follow=True)
    assert "Someone else changed this measure" in response.content.decode()
    old.refresh_from_db()
    assert not old.is_archived
    twice = client.post(url(setup, f"{old.pk}/archive/"), {"action": "restore", "version": old.version}, follow=True)
    assert "is not archived" in twice.content.decode()


def test_only_editors_archive(setup, trio, measures, client_for):
    from coqi.core.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    _, old = measures
    off_team_partner = UserFactory()
    MembershipFactory(organisation=trio.organisation, user=off_team_partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    data = {"action": "archive", "version": old.version}
    assert client_for(off_team_partner).post(url(setup, f"{old.pk}/archive/"), data).status_code == 403
    assert client_for(trio.outsider).post(url(setup, f"{old.pk}/archive/"), data).status_code == 404
    assert client_for(trio.member).get(url(setup, f"{old.pk}/archive/")).status_code == 405
    old.refresh_from_db()
    assert not old.is_archived
