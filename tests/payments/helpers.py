"""Shared set-up for payments tests: a rate card, an activity the trio's partner attended, a facilitator."""

from __future__ import annotations

from datetime import date, timedelta

from coqi.core.roles import Role
from coqi.payments import services
from coqi.projects.choices import ActivityKind, Rung
from coqi.projects.services import activities as project_services

RATES = {Rung.CO_DESIGN: "25.00", Rung.ENGAGEMENT: "20.00", Rung.CONSULTATION: "15.00"}


def facilitator_of(organisation, email="fay@example.com"):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email=email, display_name="Fay Facilitator")
    MembershipFactory(organisation=organisation, user=user, role=Role.FACILITATOR)
    return user


def rate_card(trio, *, effective_from=None, rates=None, name="Rates"):
    return services.create_rate_card(
        actor=trio.owner,
        organisation=trio.organisation,
        name=name,
        effective_from=effective_from or date.today() - timedelta(days=400),
        hourly_rates=rates or RATES,
    )


def activity(trio, *, held_on=None, hours="2", rung=Rung.CO_DESIGN, attendees=None, title="Partners' forum"):
    return project_services.record_activity(
        actor=trio.member,
        organisation=trio.organisation,
        kind=ActivityKind.EVENT,
        title=title,
        held_on=held_on or date.today() - timedelta(days=3),
        hours=hours,
        rung=rung,
        attendees=attendees if attendees is not None else [trio.partner],
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def line_of(attendance):
    """The payment line recording the attendance made automatically (payments.hooks)."""
    from coqi.payments.models import PaymentLine

    return PaymentLine.objects.get(attendance=attendance)
