"""The demo projects themselves: four realistic, invented projects of the example system, each with its team,
activities, stories, questions and votes, decisions with dissent and reflections. Every name and story here is
invented; coqi.projects.demo builds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from coqi.projects.choices import Stage, TeamRole


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
