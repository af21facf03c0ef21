"""Learning together: a register of learning events and who attended, staff and partners side by side, and the
development opportunities an organisation offers its partners.

The seed asks organisations to build capability for co-production *together*: a learning event counts as shared
when people with lived experience and people with learnt experience were both there.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.core.roles import Experience

HOURS_VALIDATORS = [MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("99"))]


class Topic(models.TextChoices):
    QI_METHODS = "qi_methods", "Quality improvement methods"
    CO_PRODUCTION = "co_production", "Co-production"
    FACILITATION = "facilitation", "Facilitation"
    LIVED_EXPERIENCE_LEADERSHIP = "lived_experience_leadership", "Lived experience leadership"
    OTHER = "other", "Other"


class LearningEvent(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="learning_events")
    topic = models.CharField(max_length=40, choices=Topic.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=HOURS_VALIDATORS)
    # Free text: often an outside trainer, or a partner and a member of staff running it together.
    run_by = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="learning_event_org_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%-d %b %Y})"


class LearningAttendance(models.Model):
    """One person at one learning event. `person` is emptied when they ask to be forgotten; the row stays so the
    organisation's figures (attendances, events learnt together) do not change (ADR 0013)."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning_attendances"
    )
    # Kept as it was on the day, from their role then, so later role changes do not rewrite history.
    experience = models.CharField(max_length=10, choices=Experience.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_learning_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.person or 'Someone'} at {self.event}"


class OpportunityKind(models.TextChoices):
    ROLE = "role", "A role, such as co-chairing a group"
    COURSE = "course", "A course or training"
    OTHER = "other", "Something else"


class DevelopmentOpportunity(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="development_opportunities")
    kind = models.CharField(max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    offered_on = models.DateField(default=timezone.localdate)
    closes_on = models.DateField(null=True, blank=True, help_text="Last day to say you are interested")
    # Open to every lived experience partner, or only to the people named in its responses (status OFFERED).
    open_to_all_partners = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-offered_on", "-id"]
        verbose_name_plural = "development opportunities"

    def __str__(self) -> str:
        return self.title

    def is_closed(self, today=None) -> bool:
        return self.closes_on is not None and self.closes_on < (today or timezone.localdate())


class ResponseStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    INTERESTED = "interested", "Interested"
    TAKEN_UP = "taken_up", "Taken up"
    DECLINED = "declined", "Declined"


class OpportunityResponse(models.Model):
    """Where one person stands with one opportunity: offered to them by name, interested, taken up or declined."""

    opportunity = models.ForeignKey(DevelopmentOpportunity, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunity_responses",
    )
    status = models.CharField(max_length=20, choices=ResponseStatus.choices)
    experience = models.CharField(max_length=10, choices=Experience.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opportunity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="one_response_per_person_per_opportunity")
        ]

    def __str__(self) -> str:
        return f"{self.person or 'Someone'}: {self.get_status_display()} – {self.opportunity}"
