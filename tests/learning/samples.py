"""A learning event and a development opportunity in trio.organisation, for the URL walks and our tests."""

from __future__ import annotations

from datetime import date, timedelta

from coqi.learning import services
from coqi.learning.models import OpportunityKind, Topic


def sample_event(
    trio, *, title="Model for improvement", held_on=None, attendees=None, topic=Topic.QI_METHODS, hours="2"
):
    return services.record_event(
        actor=trio.owner,
        organisation=trio.organisation,
        topic=topic,
        title=title,
        held_on=held_on or date.today() - timedelta(days=3),
        hours=hours,
        run_by="QI team",
        attendees=[trio.member, trio.partner] if attendees is None else attendees,
    )


def sample_opportunity(trio, *, title="Co-chair the patient safety group", offered_to=None, open_to_all=False):
    return services.offer_opportunity(
        actor=trio.owner,
        organisation=trio.organisation,
        kind=OpportunityKind.ROLE,
        title=title,
        offered_to=[trio.partner] if offered_to is None else offered_to,
        open_to_all_partners=open_to_all,
    )


def sample_ids(trio) -> dict[str, int]:
    return {"event_id": sample_event(trio).pk, "opportunity_id": sample_opportunity(trio).pk}
