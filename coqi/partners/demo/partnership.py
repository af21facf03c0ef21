"""Demo: Riverside's co-production leans on Sam Taylor, so the facilitator's home page shows a realistic alert.

Adds six invented lived-experience partners with profiles (one has withdrawn consent to be contacted, so is never
suggested), a year of partners' forums, and two new projects: one resting on Sam alone. Sam joins the discharge
letters project too, so is on four open projects. Every person here is invented.

Idempotent: does nothing once Riverside has the "Clearer outpatient appointment letters" project.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coqi.core import services as core_services
from coqi.core.demo import DEMO_PASSWORD
from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.partners import services as partner_services
from coqi.projects.choices import ActivityKind, Rung, TeamRole
from coqi.projects.services import activities as activity_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import team as team_services

ORGANISATION = "riverside-hospitals"
MARKER = "Clearer outpatient appointment letters"
CONTACT = "To be contacted about new projects and involvement opportunities"

# email, name, lived experience, skills, interests, networks
PARTNERS = [
    (
        "marcus@example.com",
        "Marcus Bell",
        "Type 2 diabetes; several stays on the medical wards",
        "Chairing meetings, plain English writing",
        "Hospital food, discharge and going home",
        "Diabetes support group",
    ),
    (
        "noor@example.com",
        "Noor Rahman",
        "Sight loss since my twenties; I use a long cane",
        "Checking buildings and websites for accessibility, Urdu and Punjabi",
        "Finding the way around buildings, accessible information",
        "Local sight loss charity",
    ),
    (
        "joan@example.com",
        "Joan Whitaker",
        "Cared for my husband with dementia through several hospital stays, including a fall at night",
        "Listening, telling my story to staff groups",
        "Dementia-friendly wards, falls, carers' rights",
        "Carers' centre coffee morning",
    ),
    (
        "olu@example.com",
        "Olu Bankole",
        "Sickle cell disorder; frequent emergency admissions",
        "Graphic design, social media",
        "Pain relief in A&E, letters and leaflets young people can read",
        "Sickle cell youth group",
    ),
    (
        "megan@example.com",
        "Megan Lloyd",
        "Mother of a child with a learning disability",
        "Easy read writing, training",
        "Outpatient appointments and reasonable adjustments, letters",
        "Parent carers' forum",
    ),
    (
        "tariq@example.com",
        "Tariq Aziz",
        "Stroke at 52; rehabilitation on the stroke unit",
        "Project management",
        "Discharge planning, letters, going home safely",
        "Stroke club",
    ),
]
WITHDREW_CONTACT = "tariq@example.com"

SAM, GRACE, PRIYA, JORDAN = "partner@example.com", "grace@example.com", "staff@example.com", "facilitator@example.com"

# (days ago, title, hours, [emails]) — partners' forums are organisation-wide, outside any project.
FORUMS = [
    (300, "Partners' forum: what should we work on next?", "2", ["marcus", "noor", "joan", GRACE]),
    (200, "Partners' forum: reading the patient survey together", "2", ["marcus", "olu", "megan"]),
    (100, "Partners' forum: planning the listening events", "2", ["joan", "tariq", "noor"]),
    (40, "Partners' forum: hospital food tasting", "2", ["marcus", "megan"]),
]

# (title, description, [(email, team role, what they bring)], [(days ago, kind, title, hours, rung, [emails])])
PROJECTS = [
    (
        MARKER,
        "People miss outpatient appointments because letters are confusing, arrive late or are not in easy read. "
        "Patients and the outpatients team are rewriting them together.",
        [(SAM, TeamRole.LIVED_EXPERIENCE_PARTNER, "Has read a great many appointment letters for his mother.")],
        [
            (120, ActivityKind.WORKSHOP, "Reading our appointment letters together", "3", Rung.CO_DESIGN, [SAM]),
            (60, ActivityKind.WORKSHOP, "Drafting a clearer letter", "3", Rung.CO_PRODUCTION, [SAM]),
        ],
    ),
    (
        "Finding the way around the hospital",
        "People with sight loss, dementia or a learning disability get lost between the car park and the clinics. "
        "Partners walk the routes with the estates team and decide together what signs and help are needed.",
        [
            (SAM, TeamRole.LIVED_EXPERIENCE_PARTNER, "Brings his mother to clinics every month."),
            ("noor", TeamRole.LIVED_EXPERIENCE_PARTNER, "Finds her way with a long cane; checks routes and signs."),
        ],
        [
            (
                90,
                ActivityKind.OBSERVATION,
                "Walking the route from the car park to outpatients",
                "3",
                Rung.CO_DESIGN,
                [SAM, "noor"],
            ),
            (30, ActivityKind.MEETING, "What the walk showed us", "2", Rung.CO_PRODUCTION, [SAM, "noor"]),
        ],
    ),
]


def _email(short_or_email: str) -> str:
    return short_or_email if "@" in short_or_email else f"{short_or_email}@example.com"


def load_partnership_demo(*, today: date | None = None) -> None:
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None or organisation.projects.filter(title=MARKER).exists():
        return
    User = get_user_model()
    people = {u.email: u for u in User.objects.filter(email__in=[SAM, GRACE, PRIYA, JORDAN])}
    if len(people) < 4:
        return
    today = today or timezone.localdate()
    facilitator, staff = people[JORDAN], people[PRIYA]

    for email, name, lived, skills, interests, networks in PARTNERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, display_name=name
        )
        people[email] = user
        if not organisation.memberships.filter(user=user).exists():
            core_services.add_member(
                actor=None, organisation=organisation, user=user, role=Role.LIVED_EXPERIENCE_PARTNER
            )
        if not organisation.partner_profiles.filter(person=user).exists():
            partner_services.save_profile(
                actor=facilitator,
                organisation=organisation,
                person=user,
                lived_experience=lived,
                skills=skills,
                interests=interests,
                networks=networks,
            )
            consent = partner_services.record_consent(
                actor=facilitator,
                organisation=organisation,
                person=user,
                what=CONTACT,
                agreed_on=today - timedelta(days=330),
            )
            if email == WITHDREW_CONTACT:
                partner_services.withdraw_consent(actor=user, consent=consent, withdrawn_on=today - timedelta(days=20))

    for days_ago, title, hours, attendees in FORUMS:
        activity_services.record_activity(
            actor=facilitator,
            organisation=organisation,
            kind=ActivityKind.EVENT,
            title=title,
            held_on=today - timedelta(days=days_ago),
            hours=hours,
            rung=Rung.ENGAGEMENT,
            attendees=[people[_email(e)] for e in attendees] + [facilitator],
        )

    for title, description, team, activities in PROJECTS:
        project = project_services.create_project(
            actor=staff,
            organisation=organisation,
            title=title,
            description=description,
            creator_role=TeamRole.STAFF_PARTNER,
            creator_role_description="Outpatients manager; links with the clinics.",
            creator_joined_on=today - timedelta(days=max(days for days, *_ in activities)),
        )
        for email, role, brings in team:
            team_services.add_team_member(
                actor=staff,
                project=project,
                person=people[_email(email)],
                role=role,
                role_description=brings,
                joined_on=today - timedelta(days=150),
            )
        for days_ago, kind, activity_title, hours, rung, attendees in activities:
            activity_services.record_activity(
                actor=staff,
                organisation=organisation,
                project=project,
                kind=kind,
                title=activity_title,
                held_on=today - timedelta(days=days_ago),
                hours=hours,
                rung=rung,
                attendees=[people[_email(e)] for e in attendees] + [staff],
            )

    # Sam also joins the discharge letters project, so carries four open projects.
    discharge = organisation.projects.filter(title="Discharge letters carers can act on").first()
    if discharge is not None and not discharge.members.filter(person=people[SAM]).exists():
        team_services.add_team_member(
            actor=staff,
            project=discharge,
            person=people[SAM],
            role=TeamRole.CARER,
            role_description="Cares for his mother; has read many discharge letters.",
            joined_on=today - timedelta(days=45),
        )
