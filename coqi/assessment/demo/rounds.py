"""Demo: one completed self-assessment round at Riverside, answered by two people with lived experience and two
with learnt experience (all invented). Alex Morgan, an admin, answers from lived experience as a carer — the tag
comes from the role but anyone can change it. Loaded once; running it again changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from coqi.assessment import framework as frameworks
from coqi.assessment.services import rounds as services
from coqi.core.models import Organisation
from coqi.core.roles import Experience

ROUND_TITLE = "Autumn 2026"

# A base rating per section for each group: lived experience sees power sharing and what matters lower than staff.
LIVED_VIEW = {
    "leadership": 3,
    "what-matters": 2,
    "heart-of-qi": 3,
    "power-sharing": 2,
    "capability": 3,
    "alignment": 2,
    "factor-system": 3,
    "factor-organisation": 2,
    "factor-capacity": 2,
    "factor-point-of-care": 3,
    "factor-valuing-all": 2,
}
LEARNT_VIEW = {
    "leadership": 4,
    "what-matters": 4,
    "heart-of-qi": 3,
    "power-sharing": 4,
    "capability": 3,
    "alignment": 3,
    "factor-system": 3,
    "factor-organisation": 3,
    "factor-capacity": 3,
    "factor-point-of-care": 4,
    "factor-valuing-all": 3,
}
RESPONDENTS = [
    (
        "partner@example.com",
        Experience.LIVED,
        0,
        {"power-hidden": "Decisions still get made before partners are in the room."},
    ),
    (
        "admin@example.com",
        Experience.LIVED,
        1,
        {"what-matters-question": "As a carer I have rarely been asked what we should work on."},
    ),
    ("staff@example.com", Experience.LEARNT, 0, {"heart-method": "We use PDSA cycles well, but partners join late."}),
    ("facilitator@example.com", Experience.LEARNT, -1, {}),
]


def load_assessment_demo() -> None:
    organisation = Organisation.objects.filter(slug="riverside-hospitals").first()
    if organisation is None or organisation.assessment_rounds.filter(title=ROUND_TITLE).exists():
        return
    User = get_user_model()
    admin = User.objects.get(email="admin@example.com")
    framework = frameworks.current()
    round_ = services.open_round(actor=admin, organisation=organisation, title=ROUND_TITLE)
    for email, experience, nudge, comments in RESPONDENTS:
        view = LIVED_VIEW if experience == Experience.LIVED else LEARNT_VIEW
        ratings = {}
        for section in framework.sections:
            for i, statement in enumerate(section.statements):
                value = view[section.id] + (nudge if i % 2 == 0 else 0)
                ratings[statement.id] = max(framework.lowest, min(framework.highest, value))
        services.save_response(
            actor=User.objects.get(email=email),
            round=round_,
            experience=experience,
            ratings=ratings,
            comments=comments,
            submit=True,
        )
    services.close_round(actor=admin, round=round_)
