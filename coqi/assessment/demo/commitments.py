"""Demo: a few commitments at Riverside — as an individual, a leader and a system — one of them overdue, one
following up the self-assessment's perception gap on power sharing. Loaded once; again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coqi.assessment.models.commitments import Level, Status
from coqi.assessment.services import commitments as services
from coqi.core.concurrency import UNCHECKED
from coqi.core.models import Organisation


def load_commitments_demo() -> None:
    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.commitments.exists():
        return
    User = get_user_model()
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.com")}
    admin, staff = people["admin@example.com"], people["staff@example.com"]
    facilitator, partner = people["facilitator@example.com"], people["partner@example.com"]
    today = timezone.localdate()
    round_ = organisation.assessment_rounds.filter(title="Autumn 2026").first()
    services.make_commitment(
        actor=admin,
        organisation=organisation,
        level=Level.LEADER,
        owner=admin,
        review_on=today - timedelta(days=14),
        text="Bring a lived experience partner to every board quality committee, with papers a week ahead.",
        source_round=round_,
        source_section="leadership" if round_ else "",
    )
    power = services.make_commitment(
        actor=facilitator,
        organisation=organisation,
        level=Level.INDIVIDUAL,
        owner=facilitator,
        review_on=today + timedelta(days=45),
        text="Start each project meeting with partners before options are drawn up, and record who decided what.",
        source_round=round_,
        source_section="power-sharing" if round_ else "",
    )
    services.check_in(
        actor=facilitator,
        commitment=power,
        status=Status.IN_PROGRESS,
        expected_version=UNCHECKED,
        note="Tried in the discharge letters project: partners shaped the options from the start.",
    )
    services.make_commitment(
        actor=staff,
        organisation=organisation,
        level=Level.SYSTEM,
        owner=staff,
        review_on=today + timedelta(days=90),
        text=(
            "Share our learning-together sessions with Meadowbank and Northgate so partners can join across the system."
        ),
    )
    services.make_commitment(
        actor=partner,
        organisation=organisation,
        level=Level.INDIVIDUAL,
        owner=partner,
        review_on=today + timedelta(days=30),
        text="Mentor a new partner joining the outpatients project in their first three meetings.",
    )
