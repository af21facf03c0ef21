"""Demo: Riverside's and Meadowbank's public community ideas pages are open, with ideas raised over the last few
months, most published and answered ("You said, we did"), one waiting for moderation. Invented text only.
Loaded once; again changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.core.roles import Role
from coqi.ideas import services
from coqi.ideas.models import ResponseStatus as S

# (days ago raised, what, better, [(days after raising, who, status, text)])
RIVERSIDE = [
    (
        120,
        "The signs to the outpatients department from the bus stop are confusing. I got lost twice.",
        "Coloured lines on the floor, like some other hospitals have.",
        [
            (6, "staff", S.LOOKING, "Thank you. Our estates team walked the route with two volunteers last week."),
            (
                41,
                "staff",
                S.DONE,
                "New signs went up in March at the bus stop and both entrances, chosen with patients.",
            ),
        ],
    ),
    (
        95,
        "Visiting hours on the children's ward don't work for parents who work shifts.",
        "",
        [(3, "facilitator", S.DONE, "Parents and carers can now visit at any time; other visitors 2pm to 8pm.")],
    ),
    (
        80,
        "Please let carers stay for the whole appointment when the person they care for has dementia.",
        "A note on the booking so reception knows.",
        [
            (12, "partner", S.LOOKING, "As a partner on the dementia group I have taken this to our next meeting."),
            (30, "staff", S.DONE, "Booking now has a 'carer to stay' flag, and reception staff have been briefed."),
        ],
    ),
    (
        60,
        "Hot food at night for people on the wards who missed their meal because of a scan.",
        "",
        [
            (
                9,
                "staff",
                S.CANNOT,
                "We can't run a hot kitchen overnight, because there are no catering staff then. "
                "Every ward now has hot snack boxes that can be heated at any time instead.",
            )
        ],
    ),
    (
        45,
        "The discharge letter used words I didn't understand.",
        "Plain English, and a phone number to ask.",
        [
            (
                20,
                "facilitator",
                S.LOOKING,
                "This is part of our 'Discharge letters carers can act on' project, "
                "which patients and carers are co-producing now.",
            )
        ],
    ),
    (35, "Car park payment machines only take coins.", "", []),
    (4, "It would help to have somewhere quiet to wait in A&E for people with autism.", "", "waiting"),
]
MEADOWBANK = [
    (
        70,
        "Groups in the evening, not only in the day, please – I work.",
        "",
        [(14, "staff", S.DONE, "Two evening groups started in May, one online and one in person.")],
    ),
    (
        25,
        "More information for families when someone is first admitted.",
        "A leaflet and a named contact.",
        [(8, "staff", S.LOOKING, "Families and staff are writing a welcome pack together.")],
    ),
]


def _load(organisation, ideas, people, now) -> None:
    services.set_community_page(
        actor=people["admin"],
        organisation=organisation,
        is_open=True,
        welcome="Tell us what would make our services better. We read everything, and we say what we did.",
    )
    for days_ago, what, better, answers in ideas:
        idea = services.raise_idea(
            organisation=organisation, what=what, better=better, at=now - timedelta(days=days_ago)
        )
        if answers == "waiting":
            continue
        idea = services.moderate(actor=people["admin"], idea=idea, decision="publish")
        for after, who, status, text in answers:
            person, role = people[who]
            services.respond(
                actor=person, idea=idea, status=status, text=text, role=role, at=idea.raised_at + timedelta(days=after)
            )


def load_ideas_demo() -> None:
    User = get_user_model()
    found = {u.email: u for u in User.objects.filter(email__endswith="@example.com")}
    now = timezone.now()
    riverside = Organisation.objects.filter(slug="riverside-hospitals").first()
    if riverside is not None and not riverside.community_ideas.exists():
        _load(
            riverside,
            RIVERSIDE,
            {
                "admin": found["admin@example.com"],
                "staff": (found["staff@example.com"], Role.STAFF),
                "facilitator": (found["facilitator@example.com"], Role.FACILITATOR),
                "partner": (found["partner@example.com"], Role.LIVED_EXPERIENCE_PARTNER),
            },
            now,
        )
    meadowbank = Organisation.objects.filter(slug="meadowbank-mental-health").first()
    if meadowbank is not None and not meadowbank.community_ideas.exists():
        _load(
            meadowbank,
            MEADOWBANK,
            {
                "admin": found["mh-admin@example.com"],
                "staff": (found["mh-staff@example.com"], Role.STAFF),
            },
            now,
        )
