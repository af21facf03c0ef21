"""Commitments — "What are your next co-produced improvement actions and commitments? As an individual, as a
leader, as a system" — each with an owner, a review date, a status and check-ins."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation


class Level(models.TextChoices):
    INDIVIDUAL = "individual", "As an individual"
    LEADER = "leader", "As a leader"
    SYSTEM = "system", "As a system"


LEVEL_DESCRIPTIONS = {
    Level.INDIVIDUAL: "Something you will do yourself, in your own work or involvement.",
    Level.LEADER: "Something you will do as a leader: for your team, service or board.",
    Level.SYSTEM: "Something to do with partners across the system and communities.",
}


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Stopped"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class Commitment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="commitments")
    level = models.CharField(max_length=20, choices=Level.choices)
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments_owned")
    review_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # Where it came from, when it follows up a gap in a self-assessment round.
    source_round = models.ForeignKey(
        "assessment.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    source_section = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_on", "id"]
        indexes = [models.Index(fields=["organisation", "status", "review_on"], name="commitment_org_due")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.review_on < (today or timezone.localdate())


class CheckIn(models.Model):
    """A follow-up on a commitment: what has happened, and its status and next review date afterwards."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices)
    next_review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Check-in on {self.commitment}"
