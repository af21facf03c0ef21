"""Invented FFT comments for the demo trust: made from templates, never from real patients' words."""

from __future__ import annotations

import random
from datetime import date

SERVICES = ["Emergency department", "Ward 7 (older people)", "Maternity"]
GOOD = [
    "The staff on {service} were kind and explained everything clearly.",
    "Nurses were caring and made time to listen to me.",
    "Seen quickly and the doctor was thorough and friendly.",
    "Clean ward, good food and the team kept me informed.",
    "Thank you to everyone, I felt safe and respected.",
]
MIXED = [
    "Staff were lovely but I waited {hours} hours to be seen.",
    "Good care overall, though nobody told me what was happening with my discharge.",
    "The doctor was kind but the ward was very noisy at night.",
]
POOR = [
    "Waited {hours} hours with no updates and nowhere to sit.",
    "Nobody answered the phone when I rang to ask about my mum.",
    "The food was cold and the toilets were dirty.",
    "I felt rushed and not listened to.",
]
AGES = ["18-34", "35-64", "65+"]


STORIES = [
    (
        "Waiting with my dad at night",
        "carer",
        "Emergency department",
        "We waited most of the night on plastic chairs. My dad has dementia and kept asking where he was. One nurse "
        "found him a blanket and a quieter corner, and that changed everything for him.",
        ["improvement", "reports"],
    ),
    (
        "Coming home too soon",
        "patient",
        "Ward 7 (older people)",
        "I was told I could go home at nine at night. Nobody had checked I had food in or a way to get up the stairs. "
        "I was back in two days later.",
        ["improvement", "training"],
    ),
]


def load_experience_stories() -> int:
    """Two invented stories with consent for Riverside; idempotent (nothing is added when they are there)."""
    from coqi.core.models import Organisation
    from coqi.projects.services.stories import record_story

    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.stories.filter(title__in=[story[0] for story in STORIES]).exists():
        return 0
    for title, teller, service, text, uses in STORIES:
        record_story(
            actor=None,
            organisation=organisation,
            title=title,
            text=text,
            teller=teller,
            service=service,
            consent_given_by="the storyteller",
            consent_uses=uses,
            consent_given_on=date(2025, 11, 3),
        )
    return len(STORIES)


def load_experience_demo(*, today: date | None = None, per_month: int = 8) -> int:
    """24 months × 3 services of invented responses for Riverside; idempotent (an existing import is left alone)."""
    from coqi.core.models import Organisation
    from coqi.experience.services import import_feedback

    load_experience_stories()
    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.feedback_comments.exists():
        return 0
    rng = random.Random(2025)
    today = today or date.today()
    lines = ["date,service,score,question,comment,age group"]
    for back in range(24, 0, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        month += 1
        for service in SERVICES:
            for _ in range(per_month):
                roll = rng.random() - (0.1 if back < 8 and service == SERVICES[0] else 0)
                score, pool = (1, GOOD) if roll > 0.35 else (3, MIXED) if roll > 0.15 else (5, POOR)
                if pool is GOOD and rng.random() < 0.3:
                    score = 2
                text = rng.choice(pool).format(service=service, hours=rng.randint(3, 9))
                day = date(year, month, rng.randint(1, 28))
                lines.append(
                    f'{day.isoformat()},{service},{score},What was good or could be better?,"{text}",{rng.choice(AGES)}'
                )
    from coqi.experience.services import save_mapping

    save_mapping(actor=None, organisation=organisation, question_column="question", demographic_columns="age group")
    record = import_feedback(
        actor=None, organisation=organisation, file_name="demo-fft.csv", content="\n".join(lines).encode()
    )
    return record.comments_added
