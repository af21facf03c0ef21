"""Demo: something coming up for Sam Taylor at Riverside, so their My involvement page is not empty — a partners'
forum on the day the demo is first loaded, the next forum planned a fortnight ahead, and consent records.
Loaded once; again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.partners import services
from coqi.projects.choices import ActivityKind, Rung
from coqi.projects.services import activities as project_services

FORUM = "Partners' forum: planning the winter listening events"


def load_people_demo() -> None:
    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.activities.filter(title=FORUM).exists():
        return
    User = get_user_model()
    people = {u.email: u for u in User.objects.filter(email__in=["partner@example.com", "facilitator@example.com"])}
    partner, facilitator = people.get("partner@example.com"), people.get("facilitator@example.com")
    if partner is None or facilitator is None:
        return
    today = timezone.localdate()
    project_services.record_activity(
        actor=facilitator,
        organisation=organisation,
        kind=ActivityKind.EVENT,
        title=FORUM,
        held_on=today,
        hours="2",
        rung=Rung.CO_DESIGN,
        attendees=[partner, facilitator],
    )
    project_services.record_activity(
        actor=facilitator,
        organisation=organisation,
        kind=ActivityKind.EVENT,
        held_on=today + timedelta(days=14),
        title="Partners' forum: what we heard at the winter listening events",
        hours="2",
        rung=Rung.CO_DESIGN,
    )
    services.record_consent(
        actor=facilitator,
        organisation=organisation,
        person=partner,
        agreed_on=today - timedelta(days=200),
        what="My story about my mother's discharge used in staff training, without her name",
    )
    services.record_consent(
        actor=facilitator,
        organisation=organisation,
        person=partner,
        agreed_on=today - timedelta(days=60),
        what="My photo on the patient experience noticeboard",
    )
