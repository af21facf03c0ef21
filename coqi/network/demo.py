"""Demo for the system view: Meadowbank has a self-assessment round too, so two organisations sit on the
continuum, and Voices Together has chosen to be anonymised. All invented. Loaded once; again changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from coqi.assessment import framework as frameworks
from coqi.assessment.services import rounds as assessment_services
from coqi.core import services as core_services
from coqi.core.models import NetworkSharing, Organisation
from coqi.core.roles import Experience

ROUND_TITLE = "Summer 2026"
# Meadowbank: further on co-production than on systematic improvement. Ratings by dimension, lived then learnt.
MEADOWBANK = {"assurance": (3, 4), "improvement": (2, 3), "coproduction": (4, 4)}
RESPONDENTS = [
    ("carer@example.com", Experience.LIVED),
    ("mh-admin@example.com", Experience.LIVED),
    ("mh-staff@example.com", Experience.LEARNT),
    ("facilitator@example.com", Experience.LEARNT),
]


def load_network_demo() -> None:
    organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=["meadowbank-mental-health", "voices-together"])
    }
    if len(organisations) < 2:
        return
    people = {u.email: u for u in get_user_model().objects.filter(email__endswith="@example.com")}
    meadowbank = organisations["meadowbank-mental-health"]
    if not meadowbank.assessment_rounds.exists():
        framework = frameworks.current()
        admin = people["mh-admin@example.com"]
        round_ = assessment_services.open_round(actor=admin, organisation=meadowbank, title=ROUND_TITLE)
        for email, experience in RESPONDENTS:
            column = 0 if experience == Experience.LIVED else 1
            ratings = {st.id: MEADOWBANK[st.dimension][column] for st in framework.statements}
            assessment_services.save_response(
                actor=people[email], round=round_, experience=experience, ratings=ratings, submit=True
            )
        assessment_services.close_round(actor=admin, round=round_)
    voices = organisations["voices-together"]
    if not NetworkSharing.objects.filter(organisation=voices).exists():
        core_services.set_sharing(actor=people["community@example.com"], organisation=voices, anonymised=True)
