"""A known set of partner hours whose concentration figures are worked out by hand in the tests.

Five lived-experience partners (Ada, Bea, Cal, Dee, Eli) and one member of staff, in the last 12 months:

    "Falls at night"     4h meeting: Ada, Bea, Cal (+ staff)      4h workshop: Ada, Bea
    "Bedside call bells" 6h walk-through: Ada                     6h review: Ada          (one partner only)
    organisation-wide    4h partners' forum: Dee, Eli
    long ago (400 days)  8h workshop on "Falls at night": Bea      (outside the window)

    Ada 4+4+6+6 = 20, Bea 4+4 = 8, Cal 4, Dee 4, Eli 4: 40 hours.
    Top three: 20 + 8 + 4 = 32 of 40 = 0.8 (Cal, Dee and Eli tie for third; any of them gives the same sum).
    HHI: 0.5² + 0.2² + 3 × 0.1² = 0.25 + 0.04 + 0.03 = 0.32; effective partners 1 / 0.32 = 3.125.

Ada also holds lived-experience team places on two more open projects and one finished one, so she carries four
open projects (more than the threshold of three): Falls, Call bells, Discharge, Food (not "Celebrated").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coqi.core.roles import Role
from coqi.projects.choices import ActivityKind, Rung, Stage, TeamRole
from coqi.projects.services import activities as activity_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services
from tests.factories import MembershipFactory, UserFactory


@dataclass
class KnownSet:
    organisation: object
    facilitator: object
    staff: object
    ada: object
    bea: object
    cal: object
    dee: object
    eli: object
    falls: object
    call_bells: object
    discharge: object
    food: object
    finished: object
    since: date


def partner(organisation, name: str, role=Role.LIVED_EXPERIENCE_PARTNER):
    user = UserFactory(display_name=name, email=f"{name.lower().replace(' ', '.')}@example.com")
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user


def activity(*, actor, organisation, project=None, days_ago: int, hours: str, attendees, title="Meeting"):
    return activity_services.record_activity(
        actor=actor,
        organisation=organisation,
        project=project,
        kind=ActivityKind.MEETING,
        title=title,
        held_on=date.today() - timedelta(days=days_ago),
        hours=hours,
        rung=Rung.CO_DESIGN,
        attendees=attendees,
    )


def place(project, person, actor, role=TeamRole.LIVED_EXPERIENCE_PARTNER):
    return team_services.add_team_member(
        actor=actor, project=project, person=person, role=role, role_description="Brings their own experience"
    )


def known_set(trio) -> KnownSet:
    organisation = trio.organisation
    facilitator = partner(organisation, "Fran Facilitator", Role.FACILITATOR)
    staff = trio.member
    ada, bea, cal, dee, eli = (partner(organisation, name) for name in ("Ada", "Bea", "Cal", "Dee", "Eli"))

    def project(title, description=""):
        return project_services.create_project(
            actor=staff, organisation=organisation, title=title, description=description
        )

    falls = project("Falls at night", "Older people fall at night on the ward when they need the toilet.")
    call_bells = project("Bedside call bells", "People cannot always reach the call bell.")
    discharge = project("Discharge letters", "Carers cannot act on discharge letters.")
    food = project("Hospital food", "Food that people on the wards want to eat.")
    finished = project("Visiting hours", "Open visiting for families.")
    for p in (discharge, food, finished):
        place(p, ada, staff)
    project_services.change_stage(actor=staff, project=finished, version=finished.version, stage=Stage.CELEBRATE)

    activity(
        actor=staff, organisation=organisation, project=falls, days_ago=30, hours="4", attendees=[ada, bea, cal, staff]
    )
    activity(actor=staff, organisation=organisation, project=falls, days_ago=20, hours="4", attendees=[ada, bea])
    activity(actor=staff, organisation=organisation, project=call_bells, days_ago=25, hours="6", attendees=[ada])
    activity(actor=staff, organisation=organisation, project=call_bells, days_ago=10, hours="6", attendees=[ada])
    activity(
        actor=staff, organisation=organisation, days_ago=15, hours="4", attendees=[dee, eli], title="Partners' forum"
    )
    activity(
        actor=staff,
        organisation=organisation,
        project=falls,
        days_ago=400,
        hours="8",
        attendees=[bea],
        title="Old workshop",
    )
    return KnownSet(
        organisation,
        facilitator,
        staff,
        ada,
        bea,
        cal,
        dee,
        eli,
        falls,
        call_bells,
        discharge,
        food,
        finished,
        since=date.today() - timedelta(days=365),
    )
