"""Demo: Riverside's learning register over two financial years — staff and partners learning together at most
events, one staff-only event so the figures are not all 100% — and three development opportunities.
Loaded once; again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.learning import services
from coqi.learning.models import OpportunityKind, ResponseStatus, Topic

EVENTS = [
    # days ago, topic, title, hours, run by, who attended
    (
        410,
        Topic.QI_METHODS,
        "The model for improvement: an introduction",
        "3",
        "Riverside QI team",
        ["staff", "facilitator", "partner"],
    ),
    (
        300,
        Topic.CO_PRODUCTION,
        "Co-production in practice",
        "2.5",
        "Jordan Ellis and Sam Taylor",
        ["staff", "admin", "partner"],
    ),
    (
        95,
        Topic.FACILITATION,
        "Facilitating meetings as equals",
        "2",
        "Regional facilitation network",
        ["facilitator", "staff"],
    ),
    (
        40,
        Topic.LIVED_EXPERIENCE_LEADERSHIP,
        "Leading with lived experience",
        "3",
        "Voices Together",
        ["partner", "facilitator"],
    ),
    (12, Topic.QI_METHODS, "PDSA cycles and run charts", "1.5", "Priya Shah", ["staff", "partner", "admin"]),
]


def load_learning_demo() -> None:
    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.learning_events.exists():
        return
    User = get_user_model()
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@example.com")}
    needed = {"admin", "staff", "facilitator", "partner"}
    if not needed <= people.keys():
        return
    facilitator, partner, staff = people["facilitator"], people["partner"], people["staff"]
    today = timezone.localdate()
    for days_ago, topic, title, hours, run_by, who in EVENTS:
        services.record_event(
            actor=facilitator,
            organisation=organisation,
            topic=topic,
            title=title,
            held_on=today - timedelta(days=days_ago),
            hours=hours,
            run_by=run_by,
            attendees=[people[w] for w in who],
        )
    co_chair = services.offer_opportunity(
        actor=facilitator,
        organisation=organisation,
        kind=OpportunityKind.ROLE,
        title="Co-chair the patient safety group",
        description="Chair the monthly meeting alongside the deputy medical director. About three hours a month, paid "
        "at the co-production rate, with a mentor for the first three meetings.",
        offered_to=[partner],
    )
    services.respond(actor=partner, opportunity=co_chair, person=partner, status=ResponseStatus.INTERESTED)
    services.offer_opportunity(
        actor=facilitator,
        organisation=organisation,
        kind=OpportunityKind.COURSE,
        title="Quality improvement practitioner course",
        description="Six half days over three months, learning alongside staff. Travel and care costs are paid.",
        closes_on=today + timedelta(days=30),
        open_to_all_partners=True,
    )
    speaking = services.offer_opportunity(
        actor=facilitator,
        organisation=organisation,
        kind=OpportunityKind.OTHER,
        title="Speak at the quality committee about the discharge letters project",
        offered_to=[partner, staff],
    )
    services.respond(
        actor=facilitator, opportunity=speaking, person=partner, status=ResponseStatus.TAKEN_UP, by_keeper=True
    )
    services.respond(actor=staff, opportunity=speaking, person=staff, status=ResponseStatus.DECLINED)
