"""Demo projects for the example system: four realistic, invented projects at different stages.

Each has a team in formal roles, two years or so of activities with attendance, stories with consent, questions
voted on by partners and staff, decisions with dissent and reflections on power. One project's first meeting had
no lived-experience partner, so the flag shows. Every name and story here is invented.

Idempotent: a project that already exists (same title in the same organisation) is left alone.
First in DEMO_LOADERS (coqi/config/extensions.py): other areas' demos add to these projects after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from coqi.core import services as core_services
from coqi.core.concurrency import UNCHECKED
from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.projects import services
from coqi.projects.choices import Stage, TeamRole, VotingMethod
from coqi.projects.models import Project

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


@dataclass
class DemoProject:
    organisation: str
    title: str
    description: str
    stage: str
    creator: str
    team: list[tuple[str, str, str, int]]  # email, team role, role description, days after start they joined
    # (days after start, kind, title, hours, rung, [emails present])
    activities: list[tuple[int, str, str, str, str, list[str]]]
    stories: list[tuple[str, str, str]] = field(default_factory=list)  # title, told by, text
    themes: list[tuple[str, str]] = field(default_factory=list)
    always_events: list[tuple[str, tuple[bool, bool, bool, bool]]] = field(default_factory=list)
    touchpoints: list[tuple[int, str, str, str]] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    # email → {question index: dots}
    votes: dict[str, dict[int, int]] = field(default_factory=dict)
    voting_open: bool = False
    chosen_question: int | None = None
    # (days after start, question, options, method, rung, [emails present], others, outcome, [(name, words)])
    decisions: list[tuple] = field(default_factory=list)
    reflections: list[tuple[str, str, str]] = field(default_factory=list)  # email, prompt, text
    what_changed: str = ""


def _monthly(
    start_day: int, months: int, every: int, title: str, rung_by_month, people_by_month, kind="meeting", hours="2"
):
    return [
        (start_day + 30 * m, kind, f"{title} {m // every + 1}", hours, rung_by_month(m), people_by_month(m))
        for m in range(0, months, every)
    ]


SAM, GRACE, HELEN, PRIYA, JORDAN, ALEX, KWAME = (
    "partner@example.com",
    "grace@example.com",
    "helen@example.com",
    "staff@example.com",
    "facilitator@example.com",
    "admin@example.com",
    "ward7@example.com",
)
RUTH, BEN, AMIRA, LENA, MORGAN = (
    "carer@example.com",
    "ben@example.com",
    "amira@example.com",
    "mh-staff@example.com",
    "mh-admin@example.com",
)
DEV, TOM, OWEN = "community@example.com", "pcn-admin@example.com", "nurse@example.com"

PROJECTS = [
    DemoProject(
        organisation="riverside-hospitals",
        title="Reducing falls on Ward 7",
        description="Older people on Ward 7 fall too often, especially at night. Patients, carers and ward staff "
        "are working together on what would help people feel safe to ask for help.",
        stage=Stage.TEST_AND_MEASURE,
        creator=PRIYA,
        team=[
            (
                SAM,
                TeamRole.LIVED_EXPERIENCE_PARTNER,
                "Was a patient on Ward 7 after a fall at home; brings what nights on the ward feel like.",
                -14,
            ),
            (PRIYA, TeamRole.STAFF_PARTNER, "Ward sister; links the team with the night staff.", -20),
            (JORDAN, TeamRole.FACILITATOR, "Plans sessions so everyone can take part, and keeps the notes.", -20),
            (GRACE, TeamRole.CARER, "Cares for her mother, who was on Ward 7 twice last year.", 40),
            (KWAME, TeamRole.STAFF_PARTNER, "Healthcare assistant on nights.", 70),
            (ALEX, TeamRole.EXECUTIVE_SPONSOR, "Director of nursing; takes what the team learns to the board.", 0),
        ],
        activities=[
            (
                0,
                "meeting",
                "First conversation: what worries people at night?",
                "2",
                "co_design",
                [SAM, PRIYA, JORDAN, ALEX],
            ),
            (21, "observation", "A night on Ward 7, watched together", "6", "co_design", [SAM, PRIYA, JORDAN]),
            (
                45,
                "interview",
                "Talking with patients and carers about falls",
                "3",
                "consultation",
                [GRACE, JORDAN, PRIYA],
            ),
            (60, "workshop", "Mapping a night on the ward", "3", "co_production", [SAM, GRACE, PRIYA, JORDAN]),
        ]
        + _monthly(
            90,
            20,
            2,
            "Team meeting",
            lambda m: "co_production" if m % 4 else "co_design",
            lambda m: [SAM, PRIYA, JORDAN] + ([GRACE] if m % 3 else []) + ([KWAME] if m > 2 else []),
        )
        + [
            (400, "survey", "Ward 7 night-time survey", "1", "consultation", [PRIYA, KWAME]),
            (560, "event", "Sharing what we learnt with other wards", "2", "engagement", [SAM, GRACE, PRIYA, ALEX]),
        ],
        stories=[
            (
                "The buzzer was out of reach",
                "a patient aged 84",
                "I needed the toilet at three in the morning. The buzzer had slipped behind the bed and I didn't want "
                "to shout and wake everyone, so I tried to go on my own. I got as far as the chair.",
            ),
            (
                "I worry when I leave at night",
                "a daughter who visits every evening",
                "When visiting ends I go home worrying. Mum gets muddled in the dark and doesn't know where she is. "
                "If someone sat with her for five minutes at bedtime she would settle.",
            ),
        ],
        themes=[
            ("Night-time help with the toilet", "Friends and Family Test comments, Ward 7, last two years"),
            ("Feeling a nuisance when asking for help", "Ward 7 patient survey"),
        ],
        always_events=[
            ("We always check the call bell is within reach before we leave the bedside", (True, True, True, True)),
            ("We always offer a bedtime toilet round", (True, True, True, False)),
        ],
        touchpoints=[
            (1, "Being admitted to the ward", "anxious", "Lots of questions, nobody to ask."),
            (2, "Visiting ends", "upset", "Family leave and the ward gets quiet."),
            (3, "Needing the toilet at night", "anxious", "The buzzer is not always in reach."),
            (4, "Morning handover", "calm", "Staff say hello by name."),
        ],
        questions=[
            "How might we make sure everyone can call for help at night?",
            "How might we help people settle at bedtime?",
            "How might we cut the time people wait for help with the toilet?",
        ],
        votes={SAM: {0: 2, 1: 1}, GRACE: {1: 3}, PRIYA: {0: 2, 2: 1}, KWAME: {2: 3}, JORDAN: {0: 1, 1: 1, 2: 1}},
        chosen_question=0,
        decisions=[
            (
                75,
                "Which question should the team work on first?",
                ["Calling for help at night", "Settling at bedtime", "Waiting for the toilet"],
                "consensus",
                "co_production",
                [SAM, GRACE, PRIYA, JORDAN],
                "",
                "Calling for help at night first; bedtime settling next.",
                [],
            ),
            (
                200,
                "Should the bedtime check include every patient or only those at high risk of falling?",
                ["Every patient", "Only those at high risk"],
                "vote",
                "co_production",
                [SAM, GRACE, PRIYA, KWAME],
                "2 night nurses",
                "Every patient, so nobody feels singled out.",
                [("Kwame Mensah", "On a full night we can't do every bed properly, and I'd rather do fewer well.")],
            ),
        ],
        reflections=[
            (
                SAM,
                "uncomfortable",
                "At first I felt I was only there to tell my story. When we watched a night "
                "together, the staff saw what I meant, and it changed how we talked.",
            ),
            (
                PRIYA,
                "hidden_power",
                "We met in the ward office, which is our space. Moving to the day room helped "
                "Sam and Grace feel it was theirs too.",
            ),
        ],
    ),
    DemoProject(
        organisation="riverside-hospitals",
        title="Discharge letters carers can act on",
        description="Carers told us discharge letters are full of jargon and arrive after the person is home. "
        "This project asks carers what a useful letter would look like.",
        stage=Stage.SHARED_QUESTION,
        creator=PRIYA,
        team=[
            (PRIYA, TeamRole.STAFF_PARTNER, "Discharge coordinator for the medical wards.", -7),
            (ALEX, TeamRole.EXECUTIVE_SPONSOR, "Director of nursing.", -7),
            (HELEN, TeamRole.CARER, "Cares for her husband, who has had four hospital stays this year.", 21),
            (GRACE, TeamRole.CARER, "Cares for her mother.", 21),
            (JORDAN, TeamRole.FACILITATOR, "Facilitates the carers' sessions.", 21),
        ],
        # The first meeting had no carer in the room: the project page flags it.
        activities=[
            (0, "meeting", "Kick-off: the discharge letter problem", "1", "informing", [PRIYA, ALEX]),
            (28, "workshop", "Carers read real (anonymised) letters", "3", "co_design", [HELEN, GRACE, PRIYA, JORDAN]),
            (56, "meeting", "What a good letter would say", "2", "co_production", [HELEN, GRACE, PRIYA, JORDAN]),
            (70, "survey", "Carers' survey on discharge information", "1", "consultation", [PRIYA]),
        ],
        stories=[
            (
                "Nobody told us the plan",
                "a carer",
                "He came home on a Friday evening with a bag of tablets and a letter full of abbreviations. We didn't "
                "know which tablets were new, and the GP surgery was closed until Monday.",
            ),
        ],
        themes=[("Information at discharge", "FFT comments from the medical wards")],
        touchpoints=[
            (1, "Being told about going home", "anxious", "Told on the morning, with no time to plan."),
            (2, "Reading the discharge letter", "frustrated", "Jargon and abbreviations."),
            (3, "First night at home", "upset", "Unsure which tablets to take."),
        ],
        questions=[
            "How might we write letters carers can act on?",
            "How might we agree the plan with carers before the day of discharge?",
            "How might we make sure the GP has the letter before the person gets home?",
        ],
        votes={HELEN: {1: 3}, GRACE: {1: 2, 0: 1}, PRIYA: {0: 2, 2: 1}, ALEX: {2: 3}},
        voting_open=True,
        decisions=[
            (
                56,
                "Who should see draft letters before they are tested?",
                ["Only the project team", "The carers' forum as well"],
                "consent",
                "co_production",
                [HELEN, GRACE, PRIYA, JORDAN],
                "",
                "The carers' forum as well.",
                [],
            ),
        ],
        reflections=[
            (
                HELEN,
                "hidden_power",
                "We joined after the first meeting, when the problem had already been called "
                "'the letter'. For us it is the whole day of discharge.",
            ),
        ],
    ),
    DemoProject(
        organisation="meadowbank-mental-health",
        title="Shorter waits in the community mental health team",
        description="People wait months between referral and their first appointment, often with no contact. "
        "People who have waited, and the team, are working on the wait and on what happens during it.",
        stage=Stage.PLAN,
        creator=LENA,
        team=[
            (RUTH, TeamRole.LIVED_EXPERIENCE_PARTNER, "Waited five months for the service; now a peer supporter.", -10),
            (BEN, TeamRole.COMMUNITY_MEMBER, "Runs a men's mental health group in the town.", -10),
            (AMIRA, TeamRole.CARER, "Supports her brother, who is on the waiting list.", 30),
            (LENA, TeamRole.STAFF_PARTNER, "Team manager of the community mental health team.", -10),
            (JORDAN, TeamRole.FACILITATOR, "Co-production lead for the trust.", -10),
            (MORGAN, TeamRole.EXECUTIVE_SPONSOR, "Chief operating officer.", 0),
        ],
        activities=[
            (0, "meeting", "First conversation: what is waiting like?", "2", "co_design", [RUTH, BEN, LENA, JORDAN]),
            (14, "interview", "Conversations with people on the waiting list", "4", "consultation", [RUTH, JORDAN]),
            (35, "workshop", "Mapping the wait", "3", "co_production", [RUTH, BEN, AMIRA, LENA, JORDAN]),
        ]
        + _monthly(
            60,
            16,
            2,
            "Project meeting",
            lambda m: "co_production" if m % 3 else "engagement",
            lambda m: [RUTH, LENA, JORDAN] + ([BEN] if m % 2 == 0 else [AMIRA]),
        )
        + [(150, "event", "Community listening event", "3", "engagement", [BEN, RUTH, LENA, MORGAN])],
        stories=[
            (
                "Five months of silence",
                "someone who waited for the service",
                "After the referral nothing came. No letter, no call. I rang twice and was told I was on the list. "
                "A short message every few weeks would have stopped me feeling forgotten.",
            ),
        ],
        themes=[("No contact while waiting", "Service user survey and complaints")],
        always_events=[
            ("We always contact people on the waiting list at least once a month", (True, False, True, True))
        ],
        touchpoints=[
            (1, "Being referred", "calm", "The GP explained what would happen."),
            (2, "Waiting", "anxious", "No contact for months."),
            (3, "First appointment", "happy", "Felt listened to at last."),
        ],
        questions=[
            "How might we keep in touch with everyone while they wait?",
            "How might we offer support sooner, through community groups?",
        ],
        votes={RUTH: {0: 3}, BEN: {1: 3}, AMIRA: {0: 2, 1: 1}, LENA: {0: 1, 1: 2}, JORDAN: {0: 2, 1: 1}},
        chosen_question=0,
        decisions=[
            (
                40,
                "How often should we contact people who are waiting?",
                ["Every two weeks", "Every month", "Only when something changes"],
                "consent",
                "co_production",
                [RUTH, BEN, AMIRA, LENA, JORDAN],
                "",
                "Every month, by the person's choice of text, call or letter.",
                [
                    (
                        "Ruth Okafor",
                        "Monthly is better than nothing, but when you are in a bad way a month is a long time.",
                    )
                ],
            ),
        ],
        reflections=[
            (
                BEN,
                "resistance",
                "Some of the team worried we would promise more than they can give. Saying that out "
                "loud helped us agree what we can promise.",
            ),
            (
                LENA,
                "uncomfortable",
                "Hearing what the wait is like was hard. I wanted to explain the reasons; I learnt to listen first.",
            ),
        ],
    ),
    DemoProject(
        organisation="northgate-pcn",
        title="Easier GP appointments for people with a learning disability",
        description="People with a learning disability and their supporters found booking and attending GP "
        "appointments hard. Together we changed how the practices book and run these appointments.",
        stage=Stage.CELEBRATE,
        creator=TOM,
        team=[
            (DEV, TeamRole.COMMUNITY_MEMBER, "Runs the local self-advocacy group.", -30),
            (RUTH, TeamRole.CARER, "Supports her adult son, who has a learning disability.", -30),
            (OWEN, TeamRole.STAFF_PARTNER, "Practice nurse and learning disability champion.", -30),
            (TOM, TeamRole.EXECUTIVE_SPONSOR, "Clinical director of the primary care network.", -30),
        ],
        activities=[
            (0, "meeting", "First conversation at the self-advocacy group", "2", "co_production", [DEV, RUTH, OWEN]),
            (30, "workshop", "Trying the booking system together", "3", "co_production", [DEV, RUTH, OWEN]),
        ]
        + _monthly(
            60,
            14,
            2,
            "Working group",
            lambda m: "co_production",
            lambda m: [DEV, RUTH, OWEN] + ([TOM] if m % 4 == 0 else []),
        )
        + [(480, "event", "Celebration at the community centre", "3", "co_production", [DEV, RUTH, OWEN, TOM])],
        stories=[
            (
                "The waiting room was too loud",
                "a self-advocate",
                "The waiting room was noisy and the screen called names too fast. I missed my turn and went home.",
            ),
        ],
        questions=["How might we make booking and waiting easier for people with a learning disability?"],
        chosen_question=0,
        decisions=[
            (
                90,
                "Which change should we test first?",
                ["Longer first appointments", "A quiet place to wait", "Easy read appointment letters"],
                "consensus",
                "co_production",
                [DEV, RUTH, OWEN],
                "",
                "A quiet place to wait, with a text when it is your turn.",
                [],
            ),
        ],
        reflections=[
            (DEV, "process", "Meeting at our group, on our day, made it our project too."),
        ],
        what_changed="People with a learning disability can now book a longer appointment, wait somewhere quiet and "
        "get a text when it is their turn. More people come to their annual health check, and the "
        "self-advocacy group now reviews every new patient letter.",
    ),
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
    project = services.create_project(
        actor=creator, organisation=organisation, title=spec.title, description=spec.description
    )
    places = {}
    for email, role, description, joined in spec.team:
        places[email] = services.add_team_member(
            actor=creator,
            project=project,
            person=people[email],
            role=role,
            role_description=description,
            joined_on=start + timedelta(days=joined),
        )
    for day, kind, title, hours, rung, present in spec.activities:
        services.record_activity(
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
        services.add_story(
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
        services.add_feedback_theme(actor=creator, project=project, name=n, source_note=s) for n, s in spec.themes
    ]
    for statement, (important, evidence, measurable, affordable) in spec.always_events:
        services.add_always_event_candidate(
            actor=creator,
            project=project,
            statement=statement,
            important_to_patients=important,
            evidence_based=evidence,
            measurable=measurable,
            affordable_and_sustainable=affordable,
        )
    for position, point, emotion, happened in spec.touchpoints:
        services.add_touchpoint(
            actor=creator,
            project=project,
            journey_point=point,
            emotion=emotion,
            position=position,
            what_happened=happened,
        )
    stories = list(project.stories.all())
    questions = [
        services.add_question(
            actor=creator, project=project, text=text, stories=stories[:1], feedback_themes=themes[:1]
        )
        for text in spec.questions
    ]
    if spec.votes and len(questions) >= 2:
        round_ = services.open_prioritisation(
            actor=creator, project=project, method=VotingMethod.DOTS, dots_per_person=3
        )
        for email, allocation in spec.votes.items():
            services.cast_votes(
                actor=people[email],
                prioritisation=round_,
                allocation={questions[i].pk: dots for i, dots in allocation.items()},
            )
        if not spec.voting_open:
            services.close_prioritisation(actor=creator, prioritisation=round_)
    if spec.chosen_question is not None:
        services.choose_question(actor=creator, question=questions[spec.chosen_question], version=UNCHECKED)
    for day, question, options, method, rung, present, others, outcome, dissents in spec.decisions:
        services.log_decision(
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
        services.add_reflection(actor=people[email], project=project, prompt=prompt, text=text)
    if spec.stage != project.stage:
        services.change_stage(actor=creator, project=project, version=UNCHECKED, stage=spec.stage)
    if spec.what_changed:
        services.record_what_changed(actor=creator, project=project, version=UNCHECKED, what_changed=spec.what_changed)
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
