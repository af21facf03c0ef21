"""Learning register writes and figures: refused bad input saves nothing; figures on a known set of events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coqi.core.concurrency import EditConflict
from coqi.core.models import AuditEvent
from coqi.core.roles import Role
from coqi.learning import personal_data, selectors, services
from coqi.learning.models import LearningAttendance, LearningEvent, ResponseStatus, Topic
from tests.factories import MembershipFactory, UserFactory
from tests.learning.samples import sample_event, sample_opportunity

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_record_event_keeps_each_persons_experience_and_audits_once(trio):
    event = sample_event(trio)
    rows = {a.person_id: a.experience for a in event.attendances.all()}
    assert rows == {trio.member.pk: "learnt", trio.partner.pk: "lived"}
    assert event.hours == Decimal("2.00")
    assert AuditEvent.objects.filter(action="learning.event_recorded").count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"topic": "astrology"}, "topic"),
        ({"title": "  "}, "title"),
        ({"held_on": TODAY + timedelta(days=1)}, "held_on"),
        ({"hours": "0"}, "hours"),
        ({"hours": "100"}, "hours"),
        ({"hours": "1.1"}, "hours"),
        ({"hours": "lots"}, "hours"),
        ({"run_by": ""}, "run_by"),
    ],
)
def test_bad_event_is_refused_naming_the_field_and_saves_nothing(trio, change, field):
    values = {
        "topic": Topic.CO_PRODUCTION,
        "title": "Co-production basics",
        "held_on": TODAY,
        "hours": "2",
        "run_by": "Facilitator",
        **change,
    }
    with pytest.raises(ValidationError) as error:
        services.record_event(actor=trio.owner, organisation=trio.organisation, attendees=[trio.partner], **values)
    assert field in error.value.message_dict
    assert not LearningEvent.objects.exists() and not LearningAttendance.objects.exists()


def test_attendees_must_be_members_and_listed_once(trio):
    for attendees in ([trio.outsider], [trio.partner, trio.partner]):
        with pytest.raises(ValidationError) as error:
            sample_event(trio, attendees=attendees)
        assert "attendees" in error.value.message_dict
    assert not LearningEvent.objects.exists()


def test_set_attendance_adds_removes_and_refuses_a_stale_version(trio):
    event = sample_event(trio, attendees=[trio.partner])
    services.set_attendance(actor=trio.owner, event=event, attendees=[trio.member, trio.owner], expected_version=1)
    assert set(event.attendances.values_list("person_id", flat=True)) == {trio.member.pk, trio.owner.pk}
    with pytest.raises(EditConflict):
        services.set_attendance(actor=trio.owner, event=event, attendees=[], expected_version=1)
    assert event.attendances.count() == 2


def test_experience_is_kept_as_on_the_day(trio):
    event = sample_event(trio, attendees=[trio.partner])
    trio.organisation.memberships.filter(user=trio.partner).update(role=Role.STAFF)
    services.set_attendance(actor=trio.owner, event=event, attendees=[trio.partner, trio.member], expected_version=1)
    assert event.attendances.get(person=trio.partner).experience == "lived"


def test_figures_by_financial_year_on_known_events(trio):
    second_partner = UserFactory(display_name="Second Partner")
    MembershipFactory(organisation=trio.organisation, user=second_partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    # 2024/25: three events, two learnt together.
    sample_event(trio, title="A", held_on=date(2024, 4, 1), attendees=[trio.member, trio.partner], hours="2")
    sample_event(
        trio, title="B", held_on=date(2025, 3, 31), attendees=[trio.owner, second_partner, trio.partner], hours="1.5"
    )
    sample_event(trio, title="C", held_on=date(2024, 10, 1), attendees=[trio.member, trio.owner], hours="3")
    # 2023/24: one event, partners only; and one with nobody recorded yet.
    sample_event(trio, title="D", held_on=date(2024, 3, 31), attendees=[trio.partner])
    sample_event(trio, title="E", held_on=date(2023, 6, 1), attendees=[])
    figures = {f.year: f for f in selectors.figures_by_year(organisation=trio.organisation)}
    assert list(figures) == [2024, 2023]
    this = figures[2024]
    assert (this.events, this.attendances, this.lived_attendances, this.learnt_attendances) == (3, 7, 3, 4)
    assert this.events_together == 2 and this.share_together == pytest.approx(2 / 3)
    assert (this.lived_hours, this.learnt_hours) == (Decimal("5"), Decimal("9.5"))
    last = figures[2023]
    assert (last.events, last.attendances, last.events_together, last.share_together) == (2, 1, 0, 0.0)


def test_named_opportunity_only_for_the_people_named(trio):
    opportunity = sample_opportunity(trio, offered_to=[trio.member])
    with pytest.raises(ValidationError):
        services.respond(
            actor=trio.partner, opportunity=opportunity, person=trio.partner, status=ResponseStatus.INTERESTED
        )
    services.respond(actor=trio.member, opportunity=opportunity, person=trio.member, status=ResponseStatus.INTERESTED)
    assert opportunity.responses.get().status == ResponseStatus.INTERESTED
    assert (
        selectors.opportunities_for_person(
            organisation=trio.organisation, person=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER
        )
        == []
    )


def test_open_opportunity_is_for_partners_and_only_keepers_record_taken_up(trio):
    opportunity = sample_opportunity(trio, offered_to=[], open_to_all=True)
    mine = selectors.opportunities_for_person(
        organisation=trio.organisation, person=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER
    )
    assert [(m.opportunity, m.status, m.can_answer) for m in mine] == [(opportunity, None, True)]
    assert selectors.opportunities_for_person(organisation=trio.organisation, person=trio.member, role=Role.STAFF) == []
    with pytest.raises(ValidationError):
        services.respond(
            actor=trio.partner, opportunity=opportunity, person=trio.partner, status=ResponseStatus.TAKEN_UP
        )
    services.respond(
        actor=trio.owner, opportunity=opportunity, person=trio.partner, status=ResponseStatus.TAKEN_UP, by_keeper=True
    )
    with pytest.raises(ValidationError, match="already taken this up"):
        services.respond(
            actor=trio.partner, opportunity=opportunity, person=trio.partner, status=ResponseStatus.DECLINED
        )
    figures = selectors.figures_by_year(organisation=trio.organisation)
    assert (figures[0].opportunities_offered, figures[0].taken_up) == (1, 1)


def test_opportunity_needs_someone_to_offer_it_to(trio):
    with pytest.raises(ValidationError) as error:
        sample_opportunity(trio, offered_to=[])
    assert "offered_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        sample_opportunity(trio, offered_to=[trio.outsider])
    assert "offered_to" in error.value.message_dict


def test_erasure_detaches_the_person_and_keeps_the_figures(trio):
    trio.member.display_name = "Mo Member"
    event = sample_event(trio, attendees=[trio.member, trio.partner])
    event.run_by = "Mo Member and a trainer"
    event.save()
    opportunity = sample_opportunity(trio, offered_to=[trio.partner])
    exported = personal_data.export(trio.partner)
    assert exported["learning_events_attended"][0]["title"] == "Model for improvement"
    assert exported["development_opportunities"][0]["title"] == opportunity.title
    before = selectors.figures_by_year(organisation=trio.organisation)[0]
    personal_data.erase(trio.partner)
    personal_data.erase(trio.member)
    after = selectors.figures_by_year(organisation=trio.organisation)[0]
    assert (after.attendances, after.events_together) == (before.attendances, before.events_together) == (2, 1)
    assert not LearningAttendance.objects.filter(person__isnull=False).exists()
    assert opportunity.responses.get().person is None
    event.refresh_from_db()
    assert "Mo Member" not in event.run_by
    assert personal_data.export(trio.partner)["learning_events_attended"] == []
