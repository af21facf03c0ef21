"""A person's private calendar feed (iCalendar, RFC 5545) of their activities in every organisation they belong
to, for their phone's calendar: what is coming up and the last few weeks. Its address carries a secret; turning
the feed on again gives a new address and the old one stops working (ADR 0054-calendar-feed)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from coqi.core import audit
from coqi.core import selectors as core_selectors
from coqi.partners.models import CalendarFeed
from coqi.partners.selectors.profiles import upcoming_activities
from coqi.projects.models import Activity

RECENT = timedelta(days=60)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def turn_on(*, actor) -> str:
    """A new secret for `actor`'s feed (any earlier address stops working); returned once, never stored."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=actor, defaults={"secret_digest": _digest(secret), "created_at": timezone.now()}
    )
    audit.record(actor=actor, organisation=None, action="partners.calendar_feed_on", changes={"feed": "new address"})
    return secret


@transaction.atomic
def turn_off(*, actor) -> bool:
    deleted, _ = CalendarFeed.objects.filter(person=actor).delete()
    if deleted:
        audit.record(actor=actor, organisation=None, action="partners.calendar_feed_off", changes={"feed": "off"})
    return bool(deleted)


def feed_of(*, person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


def person_for(secret: str):
    """The person whose feed this secret opens, or None (a revoked or made-up address)."""
    if not secret or len(secret) > 100:
        return None
    feed = CalendarFeed.objects.filter(secret_digest=_digest(secret)).select_related("person").first()
    return feed.person if feed else None


def _activities(person, today):
    for membership in core_selectors.memberships_for(user=person):
        organisation = membership.organisation
        yield from ((organisation, a) for a in upcoming_activities(organisation=organisation, person=person))
        recent = Activity.objects.filter(
            organisation=organisation, attendances__person=person, held_on__gte=today - RECENT, held_on__lt=today
        ).select_related("project")
        yield from ((organisation, a) for a in recent)


def ics(*, person, site: str) -> bytes:
    """The feed: one all-day event per activity, named with its organisation; no one else's details."""
    today = timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Co-QI//My involvement//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My involvement (Co-QI)")
    for organisation, activity in _activities(person, today):
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{site}")
        event.add("summary", f"{activity.title} ({organisation.name})")
        event.add("dtstart", activity.held_on)
        event.add("dtend", activity.held_on + timedelta(days=1))
        event.add("dtstamp", timezone.now())
        hours = format(activity.hours.normalize(), "f") if activity.hours is not None else ""
        about = f"Project: {activity.project.title}" if activity.project_id else "For the whole organisation"
        event.add("description", f"{about}. {hours} hours." if hours else f"{about}.")
        calendar.add_component(event)
    return calendar.to_ical()
