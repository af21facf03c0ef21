"""Demo projects for the example system: four realistic, invented projects at different stages.

Each has a team in formal roles, two years or so of activities with attendance, stories with consent, questions
voted on by partners and staff, decisions with dissent and reflections on power. One project's first meeting had
no lived-experience partner, so the flag shows. Every name and story here is invented.

Idempotent: a project that already exists (same title in the same organisation) is left alone.
First in DEMO_LOADERS (coqi/config/extensions.py): other areas' demos add to these projects after.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from coqi.core import services as core_services
from coqi.core.concurrency import UNCHECKED
from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.projects.choices import VotingMethod
from coqi.projects.demo_projects import PROJECTS, DemoProject
from coqi.projects.models import Project
from coqi.projects.services import activities as activity_services
from coqi.projects.services import decisions as decision_services
from coqi.projects.services import evidence as evidence_services
from coqi.projects.services import projects as project_services
from coqi.projects.services import stories as story_services
from coqi.projects.services import team as team_services
from coqi.projects.services import voting as voting_services

# Extra invented partners and staff, so teams are not all the same handful of people.
EXTRA_PEOPLE = [
    # email, name, organisation slug, organisation role
    ("grace@example.com", "Grace Adeyemi", "riverside-hospitals", Role.LIVED_EXPERIENCE_PARTNER),
    ("helen@example.com", "Helen Price", "riverside-hospitals", Role.LIVED_EXPERIENCE_PARTNER),
    ("ward7@example.com", "Kwame Mensah", "riverside-hospitals", Role.STAFF),
    ("ben@example.com", "Ben Carter", "meadowbank-mental-health", Role.LIVED_EXPERIENCE_PARTNER),
    ("amira@example.com", "Amira Haddad", "meadowbank-mental-health", Role.LIVED_EXPERIENCE_PARTNER),
    ("nurse@example.com", "Owen Price", "northgate-pcn", Role.STAFF),
]


def _ensure_people(organisations: dict[str, Organisation], password: str) -> None:
    User = get_user_model()
    for email, name, slug, role in EXTRA_PEOPLE:
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=password, display_name=name
        )
        if not organisation.memberships.filter(user=user).exists():
            core_services.add_member(actor=None, organisation=organisation, user=user, role=role)


def _build(spec: DemoProject, organisation: Organisation, start: date) -> Project:
    User = get_user_model()
    people = {u.email: u for u in User.objects.filter(email__in={e for e, *_ in spec.team} | {spec.creator})}
    creator = people[spec.creator]
    project = project_services.create_project(
        actor=creator, organisation=organisation, title=spec.title, description=spec.description
    )
    places = {}
    for email, role, description, joined in spec.team:
        places[email] = team_services.add_team_member(
            actor=creator,
            project=project,
            person=people[email],
            role=role,
            role_description=description,
            joined_on=start + timedelta(days=joined),
        )
    for day, kind, title, hours, rung, present in spec.activities:
        activity_services.record_activity(
            actor=creator,
            organisation=organisation,
            project=project,
            kind=kind,
            title=title,
            held_on=start + timedelta(days=day),
            hours=hours,
            rung=rung,
            attendees=[people[e] for e in present if e in people],
        )
    for title, told_by, text in spec.stories:
        story_services.add_story(
            actor=creator,
            project=project,
            title=title,
            text=text,
            told_by=told_by,
            consent_given_by="The storyteller",
            consent_scope="Within the project team and in anonymised reports to the board and other services.",
            consent_given_on=start + timedelta(days=20),
        )
    themes = [
        evidence_services.add_feedback_theme(actor=creator, project=project, name=n, source_note=s)
        for n, s in spec.themes
    ]
    for statement, (important, evidence, measurable, affordable) in spec.always_events:
        evidence_services.add_always_event_candidate(
            actor=creator,
            project=project,
            statement=statement,
            important_to_patients=important,
            evidence_based=evidence,
            measurable=measurable,
            affordable_and_sustainable=affordable,
        )
    for position, point, emotion, happened in spec.touchpoints:
        evidence_services.add_touchpoint(
            actor=creator,
            project=project,
            journey_point=point,
            emotion=emotion,
            position=position,
            what_happened=happened,
        )
    stories = list(project.stories.all())
    questions = [
        voting_services.add_question(
            actor=creator, project=project, text=text, stories=stories[:1], feedback_themes=themes[:1]
        )
        for text in spec.questions
    ]
    if spec.votes and len(questions) >= 2:
        round_ = voting_services.open_prioritisation(
            actor=creator, project=project, method=VotingMethod.DOTS, dots_per_person=3
        )
        for email, allocation in spec.votes.items():
            voting_services.cast_votes(
                actor=people[email],
                prioritisation=round_,
                allocation={questions[i].pk: dots for i, dots in allocation.items()},
            )
        if not spec.voting_open:
            voting_services.close_prioritisation(actor=creator, prioritisation=round_)
    if spec.chosen_question is not None:
        voting_services.choose_question(actor=creator, question=questions[spec.chosen_question], version=UNCHECKED)
    for day, question, options, method, rung, present, others, outcome, dissents in spec.decisions:
        decision_services.log_decision(
            actor=creator,
            project=project,
            question=question,
            options="\n".join(options),
            method=method,
            rung=rung,
            decided_on=start + timedelta(days=day),
            present=[places[e] for e in present if e in places],
            others_present=others,
            outcome=outcome,
            dissents=dissents,
        )
    for email, prompt, text in spec.reflections:
        decision_services.add_reflection(actor=people[email], project=project, prompt=prompt, text=text)
    if spec.stage != project.stage:
        project_services.change_stage(actor=creator, project=project, version=UNCHECKED, stage=spec.stage)
    if spec.what_changed:
        decision_services.record_what_changed(
            actor=creator, project=project, version=UNCHECKED, what_changed=spec.what_changed
        )
    return project


@transaction.atomic
def load_projects_demo(
    *, system_slug: str = "example-ics", password: str = "co-produce-together", today: date | None = None
) -> list[Project]:
    """The demo projects of the example system, creating any that are missing. Returns all four."""
    organisations = {o.slug: o for o in Organisation.objects.filter(system__slug=system_slug)}
    if not organisations:
        return []
    _ensure_people(organisations, password)
    # Projects began about two years ago, so the profile shows change over time.
    start = (today or date.today()) - timedelta(days=2 * 365 + 30)
    projects = []
    for spec in PROJECTS:
        organisation = organisations.get(spec.organisation)
        if organisation is None:
            continue
        existing = organisation.projects.filter(title=spec.title).first()
        projects.append(existing or _build(spec, organisation, start))
    return projects
