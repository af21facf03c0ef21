"""Self-assessment rounds and the responses to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coqi.core.models import Organisation
from coqi.core.roles import Experience

EXPERIENCE_DESCRIPTIONS = {
    Experience.LIVED: "You answer as a patient, carer or community member: from using services.",
    Experience.LEARNT: "You answer from working in health and care: from training and work.",
}


class Round(models.Model):
    """One run of the self-assessment in an organisation, against one version of the framework."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assessment_rounds")
    title = models.CharField(max_length=200)
    framework_id = models.CharField(max_length=80)
    framework_version = models.PositiveIntegerField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Response(models.Model):
    """One person's answers in a round: a draft until submitted, and only submitted answers are counted.

    `ratings` maps a statement id to a value on the framework's scale; `comments` maps it to free text.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    experience = models.CharField(max_length=10, choices=Experience.choices)
    ratings = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="one_response_per_person_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.get_experience_display()} response to {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
