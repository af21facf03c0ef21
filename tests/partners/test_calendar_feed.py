"""A partner's private calendar feed: an iCalendar a standard parser reads, of their activities in every organisation
they belong to and nobody else's; a new address stops the old one, turning it off stops it, a made-up one is 404."""

from datetime import date, timedelta

import icalendar
import pytest

from coqi.core.models import AuditEvent
from coqi.core.roles import Role
from coqi.partners.models import CalendarFeed
from tests.factories import MembershipFactory, OrganisationFactory
from tests.payments.helpers import activity

pytestmark = pytest.mark.django_db


def _address(client) -> str:
    page = client.post("/calendar/", {"action": "new"}).content.decode()
    return page.split('id="calendar-address" type="text" readonly value="')[1].split('"')[0]


def test_the_feed_lists_the_partners_activities_everywhere_and_parses(trio, client_for):
    second = OrganisationFactory(name="Voices Test Group", slug="voices-test")
    MembershipFactory(organisation=second, user=trio.partner, role=Role.LIVED_EXPERIENCE_PARTNER)
    activity(trio, title="Came to this", held_on=date.today() - timedelta(days=5))
    activity(trio, title="Planned forum", held_on=date.today() + timedelta(days=4), attendees=[])
    activity(trio, title="Someone else's", held_on=date.today() - timedelta(days=2), attendees=[trio.member])
    client = client_for(trio.partner)
    address = _address(client)
    assert address.startswith("http://testserver/calendar/") and address.endswith(".ics")
    client.logout()  # a phone's calendar fetches it without signing in
    response = client.get(address.removeprefix("http://testserver"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {"Came to this (Riverside Test Trust)", "Planned forum (Riverside Test Trust)"}
    assert events["Planned forum (Riverside Test Trust)"].decoded("dtstart") == date.today() + timedelta(days=4)
    assert AuditEvent.objects.filter(action="partners.calendar_feed_on", actor=trio.partner).exists()
    # only a digest is kept
    assert address.split("/")[-1].removesuffix(".ics") not in CalendarFeed.objects.get().secret_digest


def test_a_new_address_or_turning_it_off_revokes_the_old_one(trio, client_for):
    client = client_for(trio.partner)
    first = _address(client).removeprefix("http://testserver")
    second = _address(client).removeprefix("http://testserver")
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.post("/calendar/", {"action": "off"})
    assert client.get(second).status_code == 404 and not CalendarFeed.objects.exists()
    assert client.get("/calendar/made-up.ics").status_code == 404
