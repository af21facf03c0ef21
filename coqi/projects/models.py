"""Co-produced improvement projects: the team, involvement activities, what-matters evidence, shared decisions.

Other areas (improvement, measures, payments) hang their records off `Project`, `ProjectMember` and
`Attendance`; keep those names and their key fields stable.

Records people edit in forms carry a `version`, bumped by every save through a service, so two people editing
the same item at once cannot silently overwrite each other (see `coqi.core.concurrency`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.core.roles import Experience, experience_of
from coqi.projects.choices import (
    LIVED_EXPERIENCE_ROLES,
    ActivityKind,
    ConsentUse,
    DecisionMethod,
    Emotion,
    ReflectionPrompt,
    Rung,
    Stage,
    StoryTeller,
    TeamRole,
    VotingMethod,
)

HOURS_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))]


class Project(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    stage = models.CharField(max_length=40, choices=Stage.choices, default=Stage.WHAT_MATTERS)
    # Filled in for the celebration page: what is different now, in the team's own words.
    what_changed = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["organisation", "stage"], name="project_org_stage")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.stage == Stage.CELEBRATE


class ProjectMember(models.Model):
    """A person on a project's team, in a formal role agreed with them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=40, choices=TeamRole.choices)
    role_description = models.CharField(
        max_length=500, help_text="In a sentence or two: what this person brings and does on the team."
    )
    joined_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="one_team_place_per_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} on {self.project}"

    @property
    def is_lived_experience(self) -> bool:
        return self.role in LIVED_EXPERIENCE_ROLES

    @property
    def experience(self) -> str:
        return experience_of(self.role)


class Activity(models.Model):
    """An involvement activity. `project` is empty for organisation-wide activities (e.g. a partners' forum)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activities")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS_VALIDATORS)
    rung = models.CharField(max_length=20, choices=Rung.choices, help_text="Rung on the ladder of co-production")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["project", "held_on"], name="activity_project_date"),
            models.Index(fields=["organisation", "held_on"], name="activity_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%-d %b %Y})"


class Attendance(models.Model):
    """One person at one activity for some hours. Payments for involvement are claimed against these."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS_VALIDATORS)
    # Kept as it was on the day, so the profile does not change if someone's role changes later.
    experience = models.CharField(max_length=10, choices=Experience.choices)

    class Meta:
        ordering = ["activity__held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.person} at {self.activity}"


class Story(models.Model):
    """A person's story, told with consent: the organisation's one record of it, whether it was recorded on a
    project's page or in the experience-of-care area, and used by as many of the organisation's projects as its
    consent allows (through `ProjectStory`). Text is redacted of identifiers before it is stored. Withdrawing
    consent deletes the story, so it leaves every project at once: there are no copies to chase."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stories")
    projects = models.ManyToManyField(Project, through="ProjectStory", related_name="stories", blank=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    service = models.CharField(max_length=200, blank=True)
    teller = models.CharField(max_length=20, choices=StoryTeller.choices, blank=True)
    told_by = models.CharField(
        max_length=200, blank=True, help_text="Described, not named, e.g. 'a carer of someone with dementia'."
    )
    consent_given_by = models.CharField(max_length=200)
    consent_uses = models.JSONField(default=list, help_text="The uses the storyteller agreed to (ConsentUse).")
    consent_scope = models.TextField(blank=True, help_text="What they agreed the story may be used for, in words.")
    consent_given_on = models.DateField()
    redactions = models.PositiveIntegerField(default=0, help_text="How many identifiers were removed.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def consent_use_labels(self) -> list[str]:
        labels = dict(ConsentUse.choices)
        return [labels[use] for use in self.consent_uses if use in labels]

    def consent_summary(self) -> str:
        """What the storyteller agreed to, in words: each use they chose, then anything said about it."""
        uses = "; ".join(self.consent_use_labels())
        return ". ".join(part for part in (uses, self.consent_scope) if part)

    @property
    def teller_description(self) -> str:
        """Who told it, described and never named: the description given, else the kind of storyteller."""
        if self.told_by:
            return self.told_by
        return self.get_teller_display().lower() if self.teller else "someone not described"

    @property
    def may_go_to_projects(self) -> bool:
        return ConsentUse.IMPROVEMENT in self.consent_uses


class ProjectStory(models.Model):
    """A story in use by a project: the same row every project sees, added once per project."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="story_links")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["story", "project"], name="one_story_once_per_project")]

    def __str__(self) -> str:
        return f"{self.story} in {self.project}"


class FeedbackTheme(models.Model):
    """A theme from feedback (e.g. FFT comments) linked to a project; the experience-of-care area feeds these."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="feedback_themes")
    name = models.CharField(max_length=200)
    source_note = models.TextField(blank=True, help_text="Where the theme came from, e.g. 'FFT, ward 7, spring'.")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class AlwaysEventCandidate(models.Model):
    """A possible Always Event®: something that should happen for every person, every time."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="always_events")
    statement = models.CharField(max_length=300)
    important_to_patients = models.BooleanField(default=False)
    evidence_based = models.BooleanField(default=False)
    measurable = models.BooleanField(default=False)
    affordable_and_sustainable = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    CRITERIA = (
        ("important_to_patients", "Important to patients"),
        ("evidence_based", "Evidence-based"),
        ("measurable", "Measurable"),
        ("affordable_and_sustainable", "Affordable and sustainable"),
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.statement

    @property
    def criteria_met(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, field)) for field, label in self.CRITERIA]

    @property
    def meets_all_criteria(self) -> bool:
        return all(met for _, met in self.criteria_met)


class Touchpoint(models.Model):
    """An experience-based co-design touchpoint: a moment in the care journey and how it felt."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="touchpoints")
    journey_point = models.CharField(max_length=200, help_text="e.g. 'Arriving on the ward'")
    position = models.PositiveSmallIntegerField(default=1, help_text="Where it comes in the journey: 1 is first.")
    emotion = models.CharField(max_length=20, choices=Emotion.choices)
    what_happened = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.journey_point

    @property
    def is_negative(self) -> bool:
        return Emotion.is_negative(self.emotion)


class ImprovementQuestion(models.Model):
    """A candidate improvement question, made from the evidence, for the team to prioritise together."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    evidence_note = models.TextField(blank=True, help_text="Which evidence this question comes from.")
    stories = models.ManyToManyField(Story, blank=True, related_name="questions")
    feedback_themes = models.ManyToManyField(FeedbackTheme, blank=True, related_name="questions")
    always_events = models.ManyToManyField(AlwaysEventCandidate, blank=True, related_name="questions")
    touchpoints = models.ManyToManyField(Touchpoint, blank=True, related_name="questions")
    chosen = models.BooleanField(default=False, help_text="The team chose this as the project's shared question.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class Prioritisation(models.Model):
    """One round of prioritising a project's candidate questions, by dots or by ranking."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="prioritisations")
    method = models.CharField(max_length=10, choices=VotingMethod.choices, default=VotingMethod.DOTS)
    dots_per_person = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.project}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Vote(models.Model):
    """One team member's dots for (or rank of) one question in a round."""

    prioritisation = models.ForeignKey(Prioritisation, on_delete=models.CASCADE, related_name="votes")
    question = models.ForeignKey(ImprovementQuestion, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dots = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is most important.")
    experience = models.CharField(max_length=10, choices=Experience.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prioritisation", "question", "voter"], name="one_vote_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.voter} on {self.question}"


class Decision(models.Model):
    """An entry in the project's decision log: how power was shared on one question."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    question = models.CharField(max_length=300)
    options = models.TextField(help_text="The options considered, one a line.")
    method = models.CharField(max_length=20, choices=DecisionMethod.choices)
    rung = models.CharField(max_length=20, choices=Rung.choices)
    decided_on = models.DateField(default=timezone.localdate)
    present = models.ManyToManyField(ProjectMember, blank=True, related_name="decisions_present_at")
    others_present = models.CharField(
        max_length=300, blank=True, help_text="Anyone else in the room, by group, e.g. '2 ward staff, 1 carer'."
    )
    outcome = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.question

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Dissent(models.Model):
    """Disagreement with a decision, in the dissenter's own words — never summarised by someone else."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="dissents")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, help_text="How they want to be named, or 'Anonymous'.")
    in_their_words = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Dissent from {self.name}"


class Reflection(models.Model):
    """A reflection on power and process, prompted by the seed's themes."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reflections")
    prompt = models.CharField(max_length=30, choices=ReflectionPrompt.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"Reflection on {self.get_prompt_display().lower()}"


class TeamInvitation(models.Model):
    """A place on a project's team waiting for someone new to accept their invitation to the organisation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team_invitations")
    invitation = models.OneToOneField("core.Invitation", on_delete=models.CASCADE, related_name="team_invitation")
    role = models.CharField(max_length=40, choices=TeamRole.choices)
    role_description = models.CharField(max_length=500)
    member = models.ForeignKey(
        ProjectMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Their place on the team once they have joined.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.invitation.email} invited to {self.project}"
