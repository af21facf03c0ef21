"""The domain's fixed vocabularies: project stages, team roles, the ladder of co-production."""

from django.db import models

from coqi.core.roles import LIVED_EXPERIENCE_ROLE_VALUES


class Stage(models.TextChoices):
    """Where a project is. Not a gate: the team moves it on (or back) when they agree."""

    WHAT_MATTERS = "what_matters", "What matters"
    SHARED_QUESTION = "shared_question", "Shared question"
    PLAN = "plan", "Plan"
    TEST_AND_MEASURE = "test_and_measure", "Test and measure"
    SUSTAIN_AND_SPREAD = "sustain_and_spread", "Sustain and spread"
    CELEBRATE = "celebrate", "Celebrate"


STAGE_DESCRIPTIONS = {
    Stage.WHAT_MATTERS: "Gathering stories, feedback and experiences to find out what matters most to people.",
    Stage.SHARED_QUESTION: "Agreeing together the question the project will explore.",
    Stage.PLAN: "Setting an aim, building the driver diagram and choosing change ideas.",
    Stage.TEST_AND_MEASURE: "Testing changes in PDSA cycles and watching the measures.",
    Stage.SUSTAIN_AND_SPREAD: "Making the changes that worked part of everyday care, and sharing them.",
    Stage.CELEBRATE: "Celebrating what changed and the people who made it happen.",
}


class TeamRole(models.TextChoices):
    LIVED_EXPERIENCE_PARTNER = "lived_experience_partner", "Lived experience partner"
    CARER = "carer", "Carer"
    COMMUNITY_MEMBER = "community_member", "Community member"
    STAFF_PARTNER = "staff_partner", "Staff partner"
    FACILITATOR = "facilitator", "Facilitator"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"


TEAM_ROLE_HINTS = {
    TeamRole.LIVED_EXPERIENCE_PARTNER: "Brings their own experience of using the service.",
    TeamRole.CARER: "Brings the experience of caring for someone who uses the service.",
    TeamRole.COMMUNITY_MEMBER: "Brings the view of a community the service is for.",
    TeamRole.STAFF_PARTNER: "Works in or with the service.",
    TeamRole.FACILITATOR: "Helps the team work together as equals.",
    TeamRole.EXECUTIVE_SPONSOR: "A senior leader who clears the way and turns what the team learns into decisions.",
}

# Patients, carers and community members on a team: the team roles core's experience_of counts as lived.
LIVED_EXPERIENCE_ROLES = frozenset(role for role in TeamRole if role in LIVED_EXPERIENCE_ROLE_VALUES)


class Rung(models.TextChoices):
    """The ladder of co-production (Think Local Act Personal), lowest first; the order matters."""

    COERCION = "coercion", "Coercion"
    EDUCATING = "educating", "Educating"
    INFORMING = "informing", "Informing"
    CONSULTATION = "consultation", "Consultation"
    ENGAGEMENT = "engagement", "Engagement"
    CO_DESIGN = "co_design", "Co-design"
    CO_PRODUCTION = "co_production", "Co-production"


RUNG_DESCRIPTIONS = {
    Rung.COERCION: "People attend but have no say in what happens.",
    Rung.EDUCATING: "People are helped to understand a service that is already decided.",
    Rung.INFORMING: "People are told what is happening and why.",
    Rung.CONSULTATION: "People are asked for their views; others decide.",
    Rung.ENGAGEMENT: "People have more chance to express views and influence, but decisions stay with staff.",
    Rung.CO_DESIGN: "People are involved in designing the service, based on their experience.",
    Rung.CO_PRODUCTION: "An equal relationship: people share power and decide together.",
}

RUNG_ORDER = {value: index for index, value in enumerate(Rung.values)}


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    WORKSHOP = "workshop", "Workshop"
    INTERVIEW = "interview", "Interview"
    OBSERVATION = "observation", "Observation"
    SURVEY = "survey", "Survey"
    EVENT = "event", "Event"


class Emotion(models.TextChoices):
    """How a moment in the care journey felt, as in experience-based co-design (EBCD) emotional mapping."""

    HAPPY = "happy", "Happy"
    CALM = "calm", "Calm or reassured"
    NEUTRAL = "neutral", "Neither good nor bad"
    ANXIOUS = "anxious", "Anxious or worried"
    FRUSTRATED = "frustrated", "Frustrated"
    UPSET = "upset", "Upset or distressed"

    @classmethod
    def is_negative(cls, value: str) -> bool:
        return value in {cls.ANXIOUS, cls.FRUSTRATED, cls.UPSET}


class VotingMethod(models.TextChoices):
    DOTS = "dots", "Dot voting: each person shares out a few dots"
    RANK = "rank", "Ranking: each person puts the questions in order"


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", "Consensus: everyone agrees"
    VOTE = "vote", "Vote: the most votes wins"
    CONSENT = "consent", "Consent: no one has a reasoned objection"


class ReflectionPrompt(models.TextChoices):
    """Prompts from the seed's power-sharing and leadership themes."""

    UNCOMFORTABLE = "uncomfortable", "Being comfortable with the uncomfortable"
    HIDDEN_POWER = "hidden_power", "Identify and explore hidden power"
    RESISTANCE = "resistance", "Being curious about resistance and valuing all feedback"
    PROCESS = "process", "Reflexivity on the process, not just outcomes"
    DIFFERING_OPINIONS = "differing_opinions", "Expecting and accepting differing opinions"
    OPEN = "open", "Something else about power and how we work"


REFLECTION_QUESTIONS = {
    ReflectionPrompt.UNCOMFORTABLE: "What felt uncomfortable recently, and what did we learn by staying with it?",
    ReflectionPrompt.HIDDEN_POWER: "Who really made the decisions? What power is hidden or taken for granted here?",
    ReflectionPrompt.RESISTANCE: "Where did we meet resistance, and what might it be telling us?",
    ReflectionPrompt.PROCESS: "How are we working together, not only what are we achieving?",
    ReflectionPrompt.DIFFERING_OPINIONS: "Where did we disagree, and was every view heard and valued?",
    ReflectionPrompt.OPEN: "Anything else about power, partnership or how we work together.",
}


class StoryTeller(models.TextChoices):
    PATIENT = "patient", "A patient"
    CARER = "carer", "A carer or family member"
    COMMUNITY = "community", "A community member"
    OTHER = "other", "Someone else"


class ConsentUse(models.TextChoices):
    """What a storyteller can agree their story is used for; each is asked separately."""

    IMPROVEMENT = "improvement", "Improvement projects in this organisation, shared with the project team"
    REPORTS = "reports", "Reports without their name, for example to the board"
    TRAINING = "training", "Training and learning for staff"
    PUBLIC = "public", "Public materials, such as the website or newsletters"
